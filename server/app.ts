import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { ApiConfig } from './config';
import { createPool } from './db/pool';
import { runMigrations } from './db/migrations';
import { Authenticator } from './auth/authenticator';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './auth/rate-limiter';
import { SessionStore } from './auth/sessions';
import { UserStore } from './auth/users';
import { DEFAULT_SCRYPT, type ScryptParams } from './auth/passwords';
import { createGalleryS3, createGallerySts } from './s3/aws-clients';
import { CredentialIssuer } from './s3/credential-issuer';
import { Presigner } from './s3/presigner';
import { createLogger, errorFields, type Logger } from './log';
import { HttpError, errorBody } from '../shared/http/http-error';
import { buildRoutes } from './routes';
import type { RequestContext } from './http/router';

/** What the server is built from; every field is injectable, so tests run it in-process. */
export interface ApiDeps {
  readonly pool: pg.Pool;
  readonly s3: S3Client;
  readonly sts: STSClient;
  readonly logger: Logger;
  /** The clock for sessions, rate limits, audit and the presign cache. */
  readonly clock?: () => Date;
  readonly version?: string;
  /** Overrides of DEFAULT_RATE_LIMITS, rule by rule. */
  readonly rateLimits?: Partial<RateLimits>;
  readonly scrypt?: ScryptParams;
  /** Sign-ins (password hashes) running at once in this process; 503 past it. */
  readonly hashConcurrency?: number;
  /** How long /readyz reuses its answer (default 5 s). */
  readonly readyCacheMs?: number;
  readonly presignCacheSize?: number;
}

/** A built (not yet listening) API: the node:http server plus the services behind it. */
export interface ApiServer {
  readonly server: Server;
  readonly presigner: Presigner;
}

const REQUEST_ID_RE = /^[\w.-]{1,128}$/;

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    // Heroku's router appends the address it saw as the last hop; earlier ones are client-supplied.
    const hops = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    if (hops.length > 0) return hops[hops.length - 1]!;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

function writeText(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  contentType: string,
  text: string,
): void {
  res
    .writeHead(status, {
      ...headers,
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(text)),
    })
    .end(text);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): void {
  if (res.headersSent) return;
  const h: Record<string, string> = { 'x-content-type-options': 'nosniff', ...headers };
  if (body === undefined) {
    res.writeHead(status, h).end();
    return;
  }
  writeText(res, status, h, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** A small HTML page (a share link's "gone" page): nothing loads from anywhere, no script runs. */
function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Readonly<Record<string, string>>,
): void {
  if (res.headersSent) return;
  const h = {
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    ...headers,
  };
  writeText(res, status, h, 'text/html; charset=utf-8', html);
}

/**
 * Builds the Copper API on node:http around the given pool and AWS clients. Does not run
 * migrations or listen: `startApi` does both; tests may call this directly.
 */
export function createApiServer(config: ApiConfig, deps: ApiDeps): ApiServer {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.logger;
  const users = new UserStore(deps.pool);
  const sessions = new SessionStore(deps.pool);
  const limiter = new RateLimiter(deps.pool, clock);
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits };
  const auth = new Authenticator({
    users,
    sessions,
    limiter,
    limits,
    logger: log,
    now: clock,
    sessionTtlMs: config.sessionTtlDays * 86_400_000,
    scrypt: deps.scrypt ?? DEFAULT_SCRYPT,
    hashConcurrency: deps.hashConcurrency,
  });
  const issuer = new CredentialIssuer({
    sts: deps.sts,
    db: deps.pool,
    bucket: config.s3.bucket,
    region: config.s3.region,
    endpoint: config.s3.endpoint,
    roleArn: config.uploadRoleArn,
    artistRoles: config.artistRoles,
    logger: log,
    ttlSeconds: config.credentialTtlSeconds,
    now: clock,
  });
  const presigner = new Presigner({
    s3: deps.s3,
    bucket: config.s3.bucket,
    now: () => clock().getTime(),
    maxEntries: deps.presignCacheSize,
  });
  const router = buildRoutes({
    db: deps.pool,
    s3: deps.s3,
    bucket: config.s3.bucket,
    auth,
    issuer,
    presigner,
    limiter,
    limits,
    version: deps.version ?? '0.0.0',
    now: () => clock().getTime(),
    readyCacheMs: deps.readyCacheMs,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const incomingId = String(req.headers['x-request-id'] ?? '');
    const requestId = REQUEST_ID_RE.test(incomingId) ? incomingId : randomUUID();
    const ctx: RequestContext = { req, requestId, ip: clientIp(req, config.trustProxy) };
    // The path only: a query string could carry anything, and none of our routes use one.
    const path = (req.url ?? '/').split('?')[0]!;
    const match = router.match(req.method ?? 'GET', path);
    let route = match.kind === 'not-found' ? 'unmatched' : match.route;
    let status = 500;
    try {
      if (match.kind === 'not-found') throw new HttpError(404, 'not-found', `There is no ${path} here.`);
      if (match.kind === 'method-not-allowed')
        throw new HttpError(405, 'method-not-allowed', `${path} does not accept ${req.method}.`, {
          allow: match.allow.join(', '),
        });
      route = match.route;
      ctx.params = match.params;
      const reply = await match.handler(ctx);
      status = reply.status;
      if (reply.html !== undefined)
        sendHtml(res, status, reply.html, { 'x-request-id': requestId, ...reply.headers });
      else send(res, status, reply.body, { 'x-request-id': requestId, ...reply.headers });
    } catch (err) {
      if (err instanceof HttpError) {
        status = err.status;
        if (status >= 500)
          log.warn('request.dependency-failed', { requestId, route, ...errorFields(err.cause ?? err) });
        send(res, status, errorBody(err.code, err.message), { 'x-request-id': requestId, ...err.headers });
      } else if (req.destroyed || (err as { code?: string }).code === 'ECONNRESET') {
        status = 499; // the client went away mid-request: nobody to answer, nothing broken here
        res.destroy();
      } else {
        status = 500;
        log.error('request.failed', { requestId, route, ...errorFields(err) });
        send(
          res,
          status,
          errorBody('internal', 'Something went wrong in the Copper API. It has been logged.'),
          { 'x-request-id': requestId },
        );
      }
      // A body we refused to read must not be left on a keep-alive connection.
      if (status === 413) req.resume();
    } finally {
      log.info('request', {
        requestId,
        method: req.method,
        route,
        status,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        ...(ctx.userId ? { userId: ctx.userId } : {}),
      });
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  // Heroku's router keeps idle connections for 90 s; stay open a little longer than that.
  server.keepAliveTimeout = 95_000;
  server.headersTimeout = 100_000;
  server.requestTimeout = 30_000;
  return { server, presigner };
}

/** A running API: its URL and how to stop it (server, pool and clients). */
export interface RunningApi {
  readonly url: string;
  readonly presigner: Presigner;
  close(): Promise<void>;
}

/** How `startApi` listens and what it may be given instead of building from config. */
export interface StartOptions extends Partial<Omit<ApiDeps, 'pool' | 's3' | 'sts'>> {
  readonly port?: number;
  readonly host?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly s3?: S3Client;
  readonly sts?: STSClient;
}

/**
 * Runs migrations, then listens (port 0 picks a free one). Owns the pool and the AWS clients
 * it creates and closes them in `close()`.
 */
export async function startApi(config: ApiConfig, options: StartOptions = {}): Promise<RunningApi> {
  const logger = options.logger ?? createLogger();
  const pool = createPool(config.databaseUrl, options.env ?? {});
  pool.on('error', (err) => logger.error('db.pool-error', errorFields(err)));
  const s3 = options.s3 ?? createGalleryS3(config.s3);
  const sts = options.sts ?? createGallerySts(config.s3);
  try {
    const applied = await runMigrations(pool);
    if (applied.length > 0) logger.info('db.migrated', { versions: applied });
  } catch (err) {
    await pool.end();
    throw err;
  }
  const { server, presigner } = createApiServer(config, { ...options, pool, s3, sts, logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Ended sessions and rate-limit windows that are over are useless rows; sweep them now and
  // then (unref: never keeps the process alive).
  const sessions = new SessionStore(pool);
  const clock = options.clock ?? (() => new Date());
  const limiter = new RateLimiter(pool, clock);
  const sweep = (what: string, run: () => Promise<number>) =>
    run().then(
      (n) => {
        if (n > 0) logger.info(`${what}.pruned`, { count: n });
      },
      (err) => logger.warn(`${what}.prune-failed`, errorFields(err)),
    );
  const prune = setInterval(() => void sweep('sessions', () => sessions.prune(clock())), 6 * 3600_000);
  const pruneLimits = setInterval(() => void sweep('rate-limits', () => limiter.prune()), 10 * 60_000);
  prune.unref();
  pruneLimits.unref();
  const addr = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  logger.info('api.listening', { port: addr.port, version: options.version ?? '0.0.0' });
  return {
    url,
    presigner,
    close: async () => {
      clearInterval(prune);
      clearInterval(pruneLimits);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await pool.end();
      if (!options.s3) s3.destroy();
      if (!options.sts) sts.destroy();
    },
  };
}
