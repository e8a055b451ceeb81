import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type { Readable } from 'node:stream';

// Node's CommonJS modules, as in client-factory.ts: an ES import of node:http loads undici.
const { request: httpRequest } = process.getBuiltinModule('node:http') as typeof Http;
const { request: httpsRequest } = process.getBuiltinModule('node:https') as typeof Https;

/** What the lean path needs of an S3 client's HTTP setup: its agents and timeouts. */
export interface LeanHttpConfig {
  readonly httpAgent: Http.Agent;
  readonly httpsAgent: Https.Agent;
  /** A new connection that is not up within this fails (TimeoutError). */
  readonly connectionTimeoutMs: number;
  /** A socket idle this long fails the request (TimeoutError); a slow but moving one does not. */
  readonly socketTimeoutMs: number;
}

/** One request of the lean path: already signed; the body a Buffer or a stream. */
export interface LeanRequest {
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  /** Path and query string, encoded. */
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | Readable;
}

/** What came back: status, headers, and the (small) body as text. */
export interface LeanResponse {
  readonly statusCode: number;
  readonly headers: Http.IncomingHttpHeaders;
  readonly text: string;
}

const timeoutError = (message: string) => Object.assign(new Error(message), { name: 'TimeoutError' });
const abortError = () => Object.assign(new Error('The request was aborted.'), { name: 'AbortError' });

/**
 * Sends one request on `config`'s keep-alive agents with Node's `http.request` directly: the
 * SDK's handler sets four timers and several listeners per request (~65 µs of CPU each on
 * this machine, measured against a local server), which a queue of thousands of small files
 * pays per file. Same agents, same timeouts (connection and socket idle), same abort; errors
 * as Node gives them, timeouts named `TimeoutError` as the SDK names them.
 */
export function leanRequest(
  config: LeanHttpConfig,
  r: LeanRequest,
  signal?: AbortSignal,
): Promise<LeanResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const https = r.protocol === 'https:';
    const req = (https ? httpsRequest : httpRequest)({
      agent: https ? config.httpsAgent : config.httpAgent,
      method: r.method,
      host: r.hostname,
      port: r.port,
      path: r.path,
      headers: r.headers,
    });
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(err);
    };
    const onAbort = () => fail(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => signal?.removeEventListener('abort', onAbort));
    req.on('error', (err) => fail(err));
    req.setTimeout(config.socketTimeoutMs, () =>
      fail(timeoutError(`the S3 connection was idle for ${config.socketTimeoutMs} ms`)),
    );
    req.once('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => fail(timeoutError(`no connection to S3 within ${config.connectionTimeoutMs} ms`)),
        config.connectionTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer));
      req.once('close', () => clearTimeout(timer));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => fail(err));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({
          statusCode: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    if (Buffer.isBuffer(r.body)) req.end(r.body);
    else r.body.pipe(req);
  });
}
