import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { TestServices } from '../support/services';
import { startApi, type RunningApi } from '../../server/app';
import type { ApiConfig } from '../../server/config';
import type { RateLimits } from '../../server/auth/rate-limiter';
import { createLogger } from '../../server/log';
import { hashPassword } from '../../server/auth/passwords';
import { UserStore, type Role } from '../../server/auth/users';
import { ensureTestArtistRole } from './api-harness';

/** The real Copper API, in this process, on the test PostgreSQL and RGW; restartable on the same port. */
export interface TestApi {
  readonly url: string;
  createUser(u: {
    email: string;
    password: string;
    role: Role;
    artistId: string | null;
    displayName: string;
  }): Promise<void>;
  /** Ends every session of the account in the database, as time passing would. */
  expireSessions(email: string): Promise<void>;
  /** How many sessions of the account the API would still accept. */
  activeSessions(email: string): Promise<number>;
  /** Stops listening (the desktop sees the API as unreachable). */
  close(): Promise<void>;
  /** Listens again on the same port. */
  reopen(): Promise<void>;
  /** Stops everything, database pool included. */
  dispose(): Promise<void>;
}

/** Starts the API for a bucket; its log lines are appended to `logs` so tests can scan them. */
export async function startTestApi(opts: {
  services: TestServices;
  bucket: string;
  logs: string[];
  /** Lifetime of the S3 credentials the API hands out (default one hour; RGW's minimum is 15 s). */
  credentialTtlSeconds?: number;
  /** The API's rate limits where a test needs others than production's (e.g. for very short credentials). */
  rateLimits?: Partial<RateLimits>;
}): Promise<TestApi> {
  const { services, bucket, logs } = opts;
  const config: ApiConfig = {
    databaseUrl: services.databaseUrl,
    s3: {
      bucket,
      region: services.s3.region,
      accessKeyId: services.s3.accessKeyId,
      secretAccessKey: services.s3.secretAccessKey,
      endpoint: services.s3.endpoint,
    },
    uploadRoleArn: services.s3.roleArn,
    artistRoles: { namePrefix: `t${randomBytes(4).toString('hex')}-` },
    credentialTtlSeconds: opts.credentialTtlSeconds ?? 3600,
    sessionTtlDays: 30,
    trustProxy: false,
  };
  const logger = createLogger((line) => {
    logs.push(line);
  });
  const rateLimits = opts.rateLimits;
  let running: RunningApi | undefined = await startApi(config, { logger, host: '127.0.0.1', rateLimits });
  const port = Number(new URL(running.url).port);
  const pool = new pg.Pool({ connectionString: services.databaseUrl, max: 2 });
  const users = new UserStore(pool);
  const close = async (): Promise<void> => {
    const r = running;
    running = undefined;
    if (r) await r.close();
  };
  return {
    url: running.url,
    async createUser(u) {
      await ensureTestArtistRole(config, u.role, u.artistId ?? null);
      await users.create({
        email: u.email,
        passwordHash: await hashPassword(u.password),
        role: u.role,
        artistId: u.artistId,
        displayName: u.displayName,
      });
    },
    async expireSessions(email) {
      await pool.query(
        "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = $1)",
        [email],
      );
    },
    async activeSessions(email) {
      const r = await pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1) AND revoked_at IS NULL AND expires_at > now()',
        [email],
      );
      return Number(r.rows[0]!.n);
    },
    close,
    async reopen() {
      if (!running) running = await startApi(config, { logger, host: '127.0.0.1', port, rateLimits });
    },
    async dispose() {
      await close();
      await pool.end();
    },
  };
}
