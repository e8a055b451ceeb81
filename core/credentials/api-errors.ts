import { CopperError } from '../../shared/errors';
import { errorBodySchema } from '../../shared/http/api-schemas';

/** A CopperError from talking to the Copper API, with the HTTP status and any Retry-After. */
export class ApiError extends CopperError {
  /** The HTTP status, when the API answered at all. */
  readonly status: number | undefined;
  /** How long the API asked us to wait (429/503 Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;
  constructor(
    code: string,
    message: string,
    retryable: boolean,
    extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(code, message, retryable, { cause: extra.cause });
    this.name = 'ApiError';
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
  }
}

/** Which request failed: a 401 means "wrong password" on sign-in but "session over" elsewhere. */
export type RequestKind = 'health' | 'sign-in' | 'authed';

// TLS failures are not "offline": retrying will not help, and the person should know the
// connection is not trustworthy rather than wait for the network.
const TLS_CODES = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH)/;

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a fetch() that threw (no HTTP answer) to words: offline, timed out, or an untrusted connection. */
export function networkError(err: unknown, apiUrl: string): CopperError {
  if (err instanceof CopperError) return err;
  const name = (err as { name?: unknown })?.name;
  if (name === 'TimeoutError') {
    return new ApiError(
      'network.timeout',
      `The Copper API at ${apiUrl} did not answer in time. Check your network connection; Copper will try again.`,
      true,
      { cause: err },
    );
  }
  if (name === 'AbortError') {
    return new ApiError('cancelled', 'The request to the Copper API was cancelled.', false, { cause: err });
  }
  const code = causeCode(err) ?? '';
  if (TLS_CODES.test(code)) {
    return new ApiError(
      'network.tls',
      `The connection to ${apiUrl} is not secure (certificate problem: ${code}). Check the address, or ask the gallery to fix the API's certificate.`,
      false,
      { cause: err },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ApiError(
      'network.offline',
      `Can't find ${new URL(apiUrl).hostname}. Check the address and your network connection; Copper will try again when the network is back.`,
      true,
      { cause: err },
    );
  }
  return new ApiError(
    'network.offline',
    `Can't reach the Copper API at ${apiUrl}${code ? ` (${code})` : ''}. Check your network connection; Copper will try again when it's back.`,
    true,
    { cause: err },
  );
}

/** Retry-After is seconds or an HTTP date; returns ms, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function waitWords(ms: number | undefined): string {
  if (ms === undefined) return 'Wait a moment and try again.';
  const s = Math.ceil(ms / 1000);
  if (s < 90) return `Wait ${s} second${s === 1 ? '' : 's'} and try again.`;
  return `Wait about ${Math.ceil(s / 60)} minutes and try again.`;
}

/** A redirect: a Copper API answers where it is asked, so this is not one (or it moved). */
function redirected(status: number, location: string | null, apiUrl: string): ApiError {
  return new ApiError(
    'api.not-copper',
    `${apiUrl} redirects elsewhere${location ? ` (to ${location})` : ''} instead of answering as a Copper API. Check the address; if the gallery moved its API, enter the new one.`,
    false,
    { status },
  );
}

/** A 401: the wrong password on sign-in, the end of the session on anything else. */
function unauthorized(kind: RequestKind, status: number): ApiError {
  if (kind === 'sign-in')
    return new ApiError(
      'auth.invalid-credentials',
      'The email or password is not right. Check both and try again.',
      false,
      { status },
    );
  return new ApiError(
    'auth.session-expired',
    'Your session has ended (it expired or was signed out elsewhere). Sign in again; your queue is kept.',
    false,
    { status },
  );
}

/** Maps an HTTP answer that is not a success to a typed error in words. `body` is the parsed JSON, if any. */
export function httpError(
  kind: RequestKind,
  status: number,
  body: unknown,
  headers: Headers,
  apiUrl: string,
  now: number,
): ApiError {
  const parsed = errorBodySchema.safeParse(body);
  const server = parsed.success ? parsed.data.error : undefined;
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now);
  if (status >= 300 && status < 400) return redirected(status, headers.get('location'), apiUrl);
  if (status === 401) return unauthorized(kind, status);
  if (status === 403) {
    return new ApiError(
      server?.code ?? 'auth.forbidden',
      server?.message ?? 'Your account may not do this. Ask the gallery if you think it should.',
      false,
      { status },
    );
  }
  if (status === 429) {
    return new ApiError(
      'auth.rate-limited',
      `Too many attempts in a short time. ${waitWords(retryAfterMs)}`,
      true,
      { status, retryAfterMs },
    );
  }
  if (status >= 500) {
    return new ApiError(
      'api.unavailable',
      `The Copper API at ${apiUrl} is having trouble (HTTP ${status}). Copper will try again shortly; if it keeps happening, tell the gallery.`,
      true,
      { status, retryAfterMs },
    );
  }
  if (!server || kind === 'health') {
    // Not the error shape every Copper API answer has: most likely the wrong address.
    return new ApiError(
      'api.not-copper',
      `${apiUrl} answered (HTTP ${status}), but not as a Copper API. Check the address your gallery gave you.`,
      false,
      { status },
    );
  }
  return new ApiError(server.code, server.message, false, { status });
}
