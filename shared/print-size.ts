/** A print's size at the file's resolution, in inches and centimetres. */
export interface PrintSize {
  readonly inches: readonly [number, number];
  readonly cm: readonly [number, number];
}

/** The print size `width × height` pixels give at `ppi` (null without a resolution). */
export function printSize(width: number, height: number, ppi: number | null): PrintSize | null {
  if (!ppi || !(ppi > 0)) return null;
  const w = width / ppi;
  const h = height / ppi;
  return { inches: [round1(w), round1(h)], cm: [round1(w * 2.54), round1(h * 2.54)] };
}

/** "20 × 30 in · 50.8 × 76.2 cm" */
export function formatPrintSize(size: PrintSize): string {
  return `${size.inches[0]} × ${size.inches[1]} in · ${size.cm[0]} × ${size.cm[1]} cm`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
