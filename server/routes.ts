import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Db } from './db/pool';
import type { Authenticator } from './auth/authenticator';
import { toProfile, type User } from './auth/users';
import type { CredentialIssuer } from './s3/credential-issuer';
import type { Presigner } from './s3/presigner';
import type { RateLimiter, RateLimits } from './auth/rate-limiter';
import { parseJsonBody } from './http/body';
import { CachedProbe } from './http/cached-probe';
import { Router, type RequestContext } from './http/router';
import { bindShareRoutes } from './shares/share-routes';
import { apiRoutes, type ApiRoute, type RequestOf, type ResponseOf } from '../shared/http/api-routes';

/** The services the routes call; built by createApiServer. */
export interface RouteServices {
  readonly db: Db;
  readonly s3: S3Client;
  readonly bucket: string;
  readonly auth: Authenticator;
  readonly issuer: CredentialIssuer;
  readonly presigner: Presigner;
  readonly limiter: RateLimiter;
  readonly limits: RateLimits;
  readonly version: string;
  /** Milliseconds clock, for the /readyz cache. */
  readonly now: () => number;
  /** How long /readyz reuses its answer (default 5 s). */
  readonly readyCacheMs?: number;
}

/** A contract handler's answer: the body the route declares; the status defaults to the route's. */
export interface RouteReply<R extends ApiRoute> {
  readonly body: ResponseOf<R>;
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** An HTML page instead of the JSON body (a share link's "gone" page). */
  readonly html?: string;
}

/** Who an authed route acts for. */
export interface Caller {
  readonly sessionId: string;
  readonly user: User;
}

const NO_STORE = { 'cache-control': 'no-store' };

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** An authed route's handler gets the caller; an open route's gets undefined. */
export type CallerOf<R extends ApiRoute> = R['authed'] extends true ? Caller : undefined;

/**
 * Binds contract routes (shared/http/api-routes.ts) to a router: a route the contract marks
 * `authed` checks the session first (so a stranger learns nothing from body errors), then the
 * body is parsed with the route's own request schema, and the handler must answer with the
 * route's response type.
 */
export class ContractRouter {
  constructor(
    readonly router: Router,
    private readonly authenticate: (ctx: RequestContext) => Promise<Caller>,
  ) {}

  bind<R extends ApiRoute>(
    r: R,
    fn: (ctx: RequestContext, body: RequestOf<R>, caller: CallerOf<R>) => Promise<RouteReply<R>>,
  ): this {
    this.router.on(r.method, r.path, async (ctx) => {
      const caller = (r.authed ? await this.authenticate(ctx) : undefined) as CallerOf<R>;
      const out = await fn(ctx, await readRequest(ctx, r), caller);
      return { status: out.status ?? r.status, body: out.body, headers: out.headers, html: out.html };
    });
    return this;
  }
}

async function readRequest<R extends ApiRoute>(ctx: RequestContext, r: R): Promise<RequestOf<R>> {
  return (r.request ? await parseJsonBody(ctx.req, r.request) : undefined) as RequestOf<R>;
}

/** Every route of the Copper API. */
export function buildRoutes(s: RouteServices): Router {
  const routes = new ContractRouter(new Router(), async (ctx) => {
    const found = await s.auth.authenticate(ctx.req.headers.authorization);
    ctx.userId = found.user.id;
    return found;
  });

  // Anyone may ask /readyz; a HeadBucket per hit would let them drive our S3 request bill.
  const readiness = new CachedProbe(
    async () => {
      const [db, s3] = await Promise.all([
        withTimeout(s.db.query('SELECT 1'), 3000).then(
          () => true,
          () => false,
        ),
        withTimeout(s.s3.send(new HeadBucketCommand({ Bucket: s.bucket })), 3000).then(
          () => true,
          () => false,
        ),
      ]);
      return { db, s3 };
    },
    s.readyCacheMs ?? 5000,
    s.now,
  );
  // Signed-in routes that cost an STS call and an audit row (credentials) or a signature
  // (presign) are counted per session and per user, so one leaked token cannot run them hot.
  const throttle = (caller: Caller, what: 'credentials' | 'presign', words: string) =>
    s.limiter.enforce(
      [
        [`${what}-session:${caller.sessionId}`, s.limits[`${what}Session`]],
        [`${what}-user:${caller.user.id}`, s.limits[`${what}User`]],
      ],
      words,
    );

  routes
    .bind(apiRoutes.health, async () => ({
      body: { ok: true as const, service: 'copper-api' as const, version: s.version },
    }))
    .bind(apiRoutes.ready, async () => {
      const { db, s3 } = await readiness.get();
      return { status: db && s3 ? 200 : 503, body: { db, s3 }, headers: NO_STORE };
    })
    .bind(apiRoutes.signIn, async (ctx, body) => {
      const { session, user } = await s.auth.signIn(body.email, body.password, ctx.ip);
      ctx.userId = user.id;
      return {
        body: { token: session.token, expiresAt: session.expiresAt.toISOString(), profile: toProfile(user) },
        headers: NO_STORE,
      };
    })
    .bind(apiRoutes.me, async (_ctx, _body, { user }) => ({
      body: { profile: toProfile(user) },
      headers: NO_STORE,
    }))
    .bind(apiRoutes.signOut, async (_ctx, _body, { sessionId }) => {
      await s.auth.signOut(sessionId);
      return { body: undefined };
    })
    .bind(apiRoutes.credentials, async (ctx, _body, caller) => {
      await throttle(caller, 'credentials', 'credential requests');
      return { body: await s.issuer.issue(caller.user, ctx.requestId), headers: NO_STORE };
    })
    .bind(apiRoutes.presign, async (_ctx, body, caller) => {
      await throttle(caller, 'presign', 'link requests');
      return {
        body: await s.presigner.presign(caller.user, body.key, body.versionId, body.expiresIn),
        headers: NO_STORE,
      };
    });
  bindShareRoutes(routes, s);
  return routes.router;
}
