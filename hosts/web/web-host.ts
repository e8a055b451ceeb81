import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { Handlers, UnexpectedErrorLog } from '../../core/ipc/dispatch';
import type { EventHub } from '../../core/ipc/event-hub';
import { readStaticFile } from '../../core/static/static-files';
import { contentSecurityPolicy } from '../../core/security/content-security-policy';
import { checkHost, checkThumbnailToken, checkUpgrade, type GuardSettings } from './request-guard';
import { serveSocket } from './socket-session';

/** How to start the web host. */
export interface WebHostOptions {
  readonly handlers: Handlers;
  readonly hub: EventHub;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** 0 or undefined picks a free port. */
  readonly port?: number;
  /** Extra img-src entries for the CSP (the bucket endpoint); a function is asked on every page load. */
  readonly imageSources?: readonly string[] | (() => readonly string[]);
  readonly logUnexpected?: UnexpectedErrorLog;
  /** The catalog's cached thumbnails by id (`AppContext.catalog.readThumbnail`), served at `/thumb/<id>?token=…`. */
  readonly thumbnails?: (id: string) => Promise<Buffer | null>;
}

/** A running web host. */
export interface WebHost {
  /** Open this in a browser: `http://127.0.0.1:PORT/#token=…` (the page removes the token from the address bar). */
  readonly url: string;
  readonly token: string;
  /** `http://127.0.0.1:PORT`: the only Origin allowed to open the socket. */
  readonly origin: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

function refuse(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${reason}\n`);
}

/** A file of the built renderer, with the page's security headers (`csp` is asked per response). */
function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  staticDir: string,
  csp: () => string,
  logUnexpected: UnexpectedErrorLog,
): void {
  void readStaticFile(staticDir, req.url ?? '/').then(
    (file) => {
      if (!file) return refuse(res, 404, 'not found');
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-length': file.body.length,
        'content-security-policy': csp(),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    },
    (err: unknown) => {
      logUnexpected('static', err);
      refuse(res, 500, 'internal error');
    },
  );
}

// Only ids (40 hex digits) reach the catalog, which maps them into its cache folder: never a path.
function serveThumbnail(
  req: IncomingMessage,
  res: ServerResponse,
  guard: GuardSettings,
  thumbnails: WebHostOptions['thumbnails'],
  logUnexpected: UnexpectedErrorLog,
): void {
  const bad = checkThumbnailToken(req, guard);
  if (bad) return refuse(res, bad.status, bad.reason);
  const id = /^\/thumb\/([0-9a-f]{40})(?:\?|$)/.exec(req.url ?? '')?.[1];
  if (!id || !thumbnails) return refuse(res, 404, 'not found');
  void thumbnails(id).then(
    (body) => {
      if (!body) return refuse(res, 404, 'not found');
      res.writeHead(200, {
        'content-type': 'image/webp',
        'content-length': body.length,
        'x-content-type-options': 'nosniff',
        // The id names one path+size+mtime: its thumbnail never changes.
        'cache-control': 'no-store', // unpublished artwork: never in the browser's disk cache
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
    (err: unknown) => {
      logUnexpected('thumbnail', err);
      refuse(res, 500, 'internal error');
    },
  );
}

const UPGRADE_REFUSALS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden' };

/** Listens on the loopback address; resolves with the port. */
async function listenOnLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, LOOPBACK, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Serves the built renderer over HTTP and the IPC contract over a WebSocket, so the same UI
 * runs in a normal browser. Bound to 127.0.0.1 only; the socket needs the per-run random
 * token and the host's own Origin, so neither another user's process nor a web page the
 * person happens to visit can drive the core.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(32).toString('base64url');
  const logUnexpected: UnexpectedErrorLog =
    options.logUnexpected ?? ((name, err) => console.error(`[web-host] ${name} failed unexpectedly`, err));
  // Filled in once the port is known (listen happens before any request can arrive).
  let guard: GuardSettings = { host: '', origin: '', token };
  let connectSources: string[] = [];
  // Per response: the bucket endpoint may become known after start (first sign-in).
  const csp = () =>
    contentSecurityPolicy({
      connectSources,
      imageSources:
        typeof options.imageSources === 'function' ? options.imageSources() : options.imageSources,
    });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const bad = checkHost(req, guard);
    if (bad) return refuse(res, bad.status, bad.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    if ((req.url ?? '').startsWith('/thumb/'))
      return serveThumbnail(req, res, guard, options.thumbnails, logUnexpected);
    serveStatic(req, res, options.staticDir, csp, logUnexpected);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const sessions = new Set<() => void>();
  server.on('upgrade', (req, socket, head) => {
    const bad = checkUpgrade(req, guard);
    if (bad) {
      const words = UPGRADE_REFUSALS[bad.status] ?? 'Misdirected Request';
      socket.end(`HTTP/1.1 ${bad.status} ${words}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const dispose = serveSocket(ws, options.handlers, options.hub, logUnexpected);
      sessions.add(dispose);
      ws.on('close', () => sessions.delete(dispose));
    });
  });

  const port = await listenOnLoopback(server, options.port ?? 0);
  const origin = `http://${LOOPBACK}:${port}`;
  guard = { host: `${LOOPBACK}:${port}`, origin, token };
  connectSources = [`ws://${LOOPBACK}:${port}`];

  return {
    url: `${origin}/#token=${token}`,
    token,
    origin,
    async close() {
      for (const dispose of sessions) dispose();
      sessions.clear();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
