import { CopperError } from '../../shared/errors';

/** Hosts where plain http is acceptable: the API runs on this very machine, nothing crosses a network. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Checks and normalises the gallery's API URL as typed by a person. https is required (the
 * password and session token travel over it) except for a local gallery on loopback.
 * Returns origin + path without a trailing slash, so `${url}/v1/...` is always right and the
 * keychain account name is stable.
 */
export function normalizeApiUrl(input: string): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new CopperError(
      'api.url-invalid',
      `"${trimmed}" is not a web address. Enter the Copper API address your gallery gave you, for example https://copper-api.example.com.`,
    );
  }
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      throw new CopperError(
        'api.url-insecure',
        `The Copper API address must start with https:// so your password and session stay private (plain http is only allowed for http://127.0.0.1 or http://localhost). Check the address: ${url.origin}`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new CopperError(
      'api.url-invalid',
      `The Copper API address must start with https:// (got ${url.protocol}//). Enter the address your gallery gave you.`,
    );
  }
  if (url.username || url.password) {
    // A password in the URL would end up in settings and logs.
    throw new CopperError(
      'api.url-invalid',
      'The Copper API address must not contain a user name or password. Enter just the address, then your email and password in the fields below.',
    );
  }
  if (url.search || url.hash) {
    throw new CopperError(
      'api.url-invalid',
      'The Copper API address must not contain "?" or "#" parts. Enter just the address your gallery gave you.',
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path}`;
}
