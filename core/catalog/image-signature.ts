/**
 * Names the image format a file's first bytes announce, or null. libvips says "unsupported
 * image format" both for a text file named .tif and for a real TIFF whose directory was cut
 * off; the signature tells the two apart, so the person hears "damaged" rather than "not an image".
 */
export function imageSignature(head: Uint8Array): string | null {
  const at = (i: number) => head[i] ?? -1;
  const starts = (...bytes: number[]) => bytes.every((b, i) => at(i) === b);
  if (
    starts(0x49, 0x49, 0x2a, 0x00) ||
    starts(0x4d, 0x4d, 0x00, 0x2a) ||
    starts(0x49, 0x49, 0x2b, 0x00) ||
    starts(0x4d, 0x4d, 0x00, 0x2b)
  )
    return 'TIFF';
  if (starts(0xff, 0xd8, 0xff)) return 'JPEG';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'PNG';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'GIF';
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    at(8) === 0x57 &&
    at(9) === 0x45 &&
    at(10) === 0x42 &&
    at(11) === 0x50
  )
    return 'WebP';
  if (starts(0x38, 0x42, 0x50, 0x53)) return 'PSD';
  if (at(4) === 0x66 && at(5) === 0x74 && at(6) === 0x79 && at(7) === 0x70) return 'HEIF/AVIF';
  return null;
}

/** The signature of a file's first 16 bytes (see imageSignature); throws when the file cannot be opened. */
export async function readSignature(
  fs: { open(path: string, flags: 'r'): Promise<ReadHandle> },
  path: string,
): Promise<string | null> {
  const handle = await fs.open(path, 'r');
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    return imageSignature(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

interface ReadHandle {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}
