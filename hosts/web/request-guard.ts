import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Why a request to the web host was refused, with the HTTP status it gets. */
export interface Refusal {
  readonly status: 401 | 403 | 421;
  readonly reason: string;
}

/** What the host expects of every request: its own address and, on the socket, the run's token. */
export interface GuardSettings {
  /** e.g. `127.0.0.1:53123`; anything else is a DNS-rebinding attempt or a mistake. */
  readonly host: string;
  /** e.g. `http://127.0.0.1:53123`: only pages this host served may open the socket. */
  readonly origin: string;
  readonly token: string;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks the Host header of any request (static files and upgrades alike). */
export function checkHost(req: IncomingMessage, settings: GuardSettings): Refusal | null {
  return req.headers.host === settings.host ? null : { status: 421, reason: 'wrong Host header' };
}

/**
 * Checks a WebSocket upgrade: our Host, our own Origin (a page from any other site is
 * refused even with the token) and the per-run token in the `token` query parameter.
 */
export function checkUpgrade(req: IncomingMessage, settings: GuardSettings): Refusal | null {
  const host = checkHost(req, settings);
  if (host) return host;
  if (req.headers.origin !== settings.origin) return { status: 403, reason: 'foreign or missing Origin' };
  const url = new URL(req.url ?? '/', settings.origin);
  if (url.pathname !== '/ws') return { status: 403, reason: 'unknown socket path' };
  const token = url.searchParams.get('token');
  if (!token || !sameSecret(token, settings.token)) return { status: 401, reason: 'missing or wrong token' };
  return null;
}

/**
 * Checks a thumbnail request (`/thumb/<id>?token=…`): an <img> cannot send headers, so the
 * run's token rides in the query like the socket's. Host is checked by the caller.
 */
export function checkThumbnailToken(req: IncomingMessage, settings: GuardSettings): Refusal | null {
  const token = new URL(req.url ?? '/', settings.origin).searchParams.get('token');
  return token && sameSecret(token, settings.token)
    ? null
    : { status: 401, reason: 'missing or wrong token' };
}
