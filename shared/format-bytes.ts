/**
 * Bytes in the units people read on a desktop: decimal, as Finder and Explorer show them
 * ("1.2 MB", "340 KB", "12 bytes"); an em dash for a number that is not a size. The one
 * formatter for the UI, the CLI and the engine's messages, so a size reads the same everywhere.
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u += 1;
  }
  if (u === 0) return `${v} ${v === 1 ? 'byte' : 'bytes'}`;
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
