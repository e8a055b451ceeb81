const types: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  heif: 'image/heif',
  avif: 'image/avif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  psd: 'image/vnd.adobe.photoshop',
  pdf: 'application/pdf',
  txt: 'text/plain',
  json: 'application/json',
};

/** A Content-Type from the file extension, so pre-signed links open in a browser; else binary. */
export function contentTypeFor(key: string): string {
  const dot = key.lastIndexOf('.');
  return (dot >= 0 && types[key.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
