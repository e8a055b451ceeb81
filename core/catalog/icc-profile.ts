/**
 * Reads the description of an ICC profile (its `desc` tag): "sRGB IEC61966-2.1",
 * "Adobe RGB (1998)", "Display P3"… Both the v2 `desc` type (ASCII) and the v4 `mluc` type
 * (UTF-16BE, per language; English preferred) are understood. Anything malformed gives
 * null rather than throwing: a broken profile is no reason to lose the image.
 */
export function iccDescription(icc: Uint8Array | undefined): string | null {
  if (!icc || icc.length < 132) return null;
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  const count = view.getUint32(128);
  if (count > 1000 || 132 + count * 12 > icc.length) return null;
  for (let i = 0; i < count; i++) {
    const entry = 132 + i * 12;
    if (ascii(icc, entry, 4) !== 'desc') continue;
    const offset = view.getUint32(entry + 4);
    const size = view.getUint32(entry + 8);
    if (offset + size > icc.length || size < 12) return null;
    const type = ascii(icc, offset, 4);
    if (type === 'desc') return clean(readDesc(icc, view, offset, size));
    if (type === 'mluc') return clean(readMluc(icc, view, offset, size));
    return null;
  }
  return null;
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  let s = '';
  for (let i = at; i < at + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function readDesc(bytes: Uint8Array, view: DataView, offset: number, size: number): string | null {
  const length = view.getUint32(offset + 8);
  if (length === 0 || 12 + length > size) return null;
  return ascii(bytes, offset + 12, length);
}

function readMluc(bytes: Uint8Array, view: DataView, offset: number, size: number): string | null {
  if (size < 16) return null;
  const records = view.getUint32(offset + 8);
  const recordSize = view.getUint32(offset + 12);
  if (recordSize < 12 || 16 + records * recordSize > size) return null;
  let chosen = -1;
  for (let r = 0; r < records; r++) {
    const at = offset + 16 + r * recordSize;
    if (chosen < 0 || ascii(bytes, at, 2) === 'en') chosen = at;
    if (ascii(bytes, at, 2) === 'en') break;
  }
  if (chosen < 0) return null;
  const length = view.getUint32(chosen + 4);
  const start = offset + view.getUint32(chosen + 8);
  if (start + length > offset + size) return null;
  let s = '';
  for (let i = 0; i + 1 < length; i += 2) s += String.fromCharCode(view.getUint16(start + i));
  return s;
}

function clean(s: string | null): string | null {
  // Trailing NULs and padding are common; control characters never belong in a label.
  const t = s
    ? [...s]
        .map((c) => (c.charCodeAt(0) < 32 ? ' ' : c))
        .join('')
        .replace(/ +/g, ' ')
        .trim()
    : null;
  return t ? t : null;
}
