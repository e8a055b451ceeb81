/** Seconds → "1:02:03" or "2:03". */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, c) =>
            c === r.length - 1 ? cell : cell.padEnd(widths[c]! + (cell.length - [...cell].length)),
          )
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
