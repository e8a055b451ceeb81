import { protocol, type Session } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { readStaticFile } from '../core/static/static-files';
import { THUMBNAIL_SCHEME } from '../core/security/content-security-policy';

/**
 * Declares app:// (the built renderer) and the thumbnail scheme as standard, secure schemes.
 * Must run before the app is ready.
 */
export function registerAppSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
    { scheme: THUMBNAIL_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves dist/renderer on app://copper/ with the CSP header on every response (a function is
 * asked each time: the bucket endpoint may become known after start). Only files
 * inside the renderer folder are reachable (readStaticFile refuses anything that escapes it).
 */
export function serveRenderer(session: Session, rendererDir: string, csp: string | (() => string)): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === APP_HOST && request.method === 'GET'
        ? await readStaticFile(rendererDir, url.pathname)
        : null;
    if (!file) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: {
        'content-type': file.contentType,
        'content-security-policy': typeof csp === 'function' ? csp() : csp,
        'x-content-type-options': 'nosniff',
        'cross-origin-opener-policy': 'same-origin',
      },
    });
  });
}

/**
 * Serves the catalog's cached thumbnails on copper-thumb://catalog/<id>: only a 40-hex id
 * reaches `read`, which maps it into the cache folder, so no URL can name another file.
 */
export function serveThumbnails(session: Session, read: (id: string) => Promise<Buffer | null>): void {
  session.protocol.handle(THUMBNAIL_SCHEME, async (request) => {
    const url = new URL(request.url);
    const id = url.host === 'catalog' ? /^\/([0-9a-f]{40})$/.exec(url.pathname)?.[1] : undefined;
    const body = id && request.method === 'GET' ? await read(id) : null;
    if (!body) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { 'content-type': 'image/webp', 'x-content-type-options': 'nosniff' },
    });
  });
}
