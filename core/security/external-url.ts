/**
 * Whether a URL may be handed to the operating system (`shell.openExternal`): only plain
 * https links without embedded credentials. Anything else (file:, custom schemes that launch
 * other apps, javascript:, http:) is refused.
 */
export function isVettedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hostname.length > 0;
}
