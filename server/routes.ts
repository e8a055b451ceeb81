import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { Db } from './db/pool';
import type { Authenticator } from './auth/authenticator';
import { toProfile } from './auth/users';
import type { CredentialIssuer } from './s3/credential-issuer';
import type { Presigner } from './s3/presigner';
import { parseJsonBody } from './http/body';
import { Router, type RequestContext } from './http/router';

/** The services the routes call; built by createApiServer. */
export interface RouteServices {
  readonly db: Db;
  readonly s3: S3Client;
  readonly bucket: string;
  readonly auth: Authenticator;
  readonly issuer: CredentialIssuer;
  readonly presigner: Presigner;
  readonly version: string;
}

// Strict schemas: an unknown field is refused, not silently ignored.
const signInSchema = z.strictObject({
  email: z.string().min(3).max(320),
  password: z.string().min(1).max(1024),
});
const emptySchema = z.strictObject({});
const presignSchema = z.strictObject({
  key: z.string().min(1).max(1024),
  versionId: z.string().min(1).max(1024).optional(),
  expiresIn: z
    .number()
    .int()
    .positive()
    .max(10 * 365 * 86_400)
    .optional(),
});

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

/** Every route of the Copper API. */
export function buildRoutes(s: RouteServices): Router {
  const authed = async (ctx: RequestContext) => {
    const found = await s.auth.authenticate(ctx.req.headers.authorization);
    ctx.userId = found.user.id;
    return found;
  };

  return new Router()
    .on('GET', '/healthz', async () => ({
      status: 200,
      body: { ok: true, service: 'copper-api', version: s.version },
    }))
    .on('GET', '/readyz', async () => {
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
      return { status: db && s3 ? 200 : 503, body: { db, s3 }, headers: NO_STORE };
    })
    .on('POST', '/v1/sessions', async (ctx) => {
      const body = await parseJsonBody(ctx.req, signInSchema);
      const { session, user } = await s.auth.signIn(body.email, body.password, ctx.ip);
      ctx.userId = user.id;
      return {
        status: 201,
        body: { token: session.token, expiresAt: session.expiresAt.toISOString(), profile: toProfile(user) },
        headers: NO_STORE,
      };
    })
    .on('GET', '/v1/me', async (ctx) => {
      const { user } = await authed(ctx);
      return { status: 200, body: { profile: toProfile(user) }, headers: NO_STORE };
    })
    .on('DELETE', '/v1/sessions/current', async (ctx) => {
      const { sessionId } = await authed(ctx);
      await s.auth.signOut(sessionId);
      return { status: 204 };
    })
    .on('POST', '/v1/credentials', async (ctx) => {
      const { user } = await authed(ctx);
      await parseJsonBody(ctx.req, emptySchema);
      return { status: 200, body: await s.issuer.issue(user, ctx.requestId), headers: NO_STORE };
    })
    .on('POST', '/v1/presign', async (ctx) => {
      const { user } = await authed(ctx);
      const body = await parseJsonBody(ctx.req, presignSchema);
      return {
        status: 200,
        body: await s.presigner.presign(user, body.key, body.versionId, body.expiresIn),
        headers: NO_STORE,
      };
    });
}
