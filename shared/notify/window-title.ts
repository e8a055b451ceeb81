/** The window's title: "Copper — 12 to upload" while files wait or upload, plain "Copper" otherwise. */
export function windowTitle(toUpload: number): string {
  return toUpload > 0 ? `Copper — ${toUpload.toLocaleString('en')} to upload` : 'Copper';
}
