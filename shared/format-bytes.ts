/**
 * A byte count for people. `decimal` (the default; what Finder and Explorer show): 1 byte,
 * 12 bytes, 3.5 KB, 13 MB. `binary` (the CLI, next to `du -h` and `aws s3 ls`): 512 B, 1.5 KiB,
 * 20 MiB. One decimal below 10 units, none above. Not a finite non-negative number: an em dash.
 */
export function formatBytes(n: number, style: 'decimal' | 'binary' = 'decimal'): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  const step = style === 'binary' ? 1024 : 1000;
  const units =
    style === 'binary' ? ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] : ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = 0;
  while (v >= step && u < units.length - 1) {
    v /= step;
    u += 1;
  }
  if (u === 0) {
    const whole = Math.round(v);
    return style === 'binary' ? `${whole} B` : `${whole} ${whole === 1 ? 'byte' : 'bytes'}`;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
