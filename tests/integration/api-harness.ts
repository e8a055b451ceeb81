// Shared set-up for the Copper API's integration tests (tests/integration/api-*.test.ts):
// a fresh PostgreSQL database and a fresh bucket per test file, the API in-process on port 0
// against the real RGW's STS, a controllable clock, and the log lines it wrote.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import pg from 'pg';
import { testServices, freshBucket } from '../support/services';
import type { ApiConfig } from '../../server/config';
import { startApi, type RunningApi } from '../../server/app';
import { createLogger } from '../../server/log';
import { hashPassword, type ScryptParams } from '../../server/auth/passwords';
import { UserStore, type Role, type User } from '../../server/auth/users';
import type { RateLimits } from '../../server/auth/rate-limiter';
import { ArtistRoles } from '../../server/s3/artist-roles';
import type { AdminIo } from '../../server/admin/commands';

/** Cheap scrypt for test accounts (production hashes use DEFAULT_SCRYPT; the format records the cost). */
export const TEST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };

/** The admin CLI's world for an in-process run: what it printed, cheap scrypt, `stdin` piped. */
export function adminIo(
  env: Record<string, string | undefined>,
  stdin = '',
): AdminIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    env,
    stdin: Readable.from([Buffer.from(stdin)]),
    out: (s) => stdout.push(s),
    err: (s) => stderr.push(s),
    stdout,
    stderr,
    scrypt: TEST_SCRYPT,
  };
}

/** Real time plus an offset the test moves forward: expiry without sleeping. */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A database of its own (`CREATE DATABASE api_<random>`), so test files run in parallel. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = testServices().databaseUrl;
  const name = `api_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The API config a test would get from the environment, pointing at the test services. */
export function testApiConfig(
  databaseUrl: string,
  bucket: string,
  overrides: Partial<ApiConfig> = {},
): ApiConfig {
  const { s3 } = testServices();
  return {
    databaseUrl,
    s3: {
      bucket,
      region: s3.region,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      endpoint: s3.endpoint,
    },
    uploadRoleArn: s3.roleArn,
    // As on a real RGW deployment: each artist's own role. Role names are global on the store,
    // so each test API has its own prefix (test files run in parallel against one RGW).
    artistRoles: { namePrefix: `t${randomBytes(4).toString('hex')}-` },
    credentialTtlSeconds: 900,
    sessionTtlDays: 1,
    trustProxy: false,
    ...overrides,
  };
}

/** Creates the artist's own role as `user add` does, when the config gives artists their own roles. */
export async function ensureTestArtistRole(
  config: ApiConfig,
  role: Role,
  artistId: string | null,
): Promise<void> {
  if (role !== 'artist' || !config.artistRoles || !artistId) return;
  const roles = new ArtistRoles({ ...config, artistRoles: config.artistRoles });
  await roles.ensure(artistId, { changed: [], unchanged: [] });
}

/** A running test API and what the test needs around it. */
export interface TestApi {
  readonly api: RunningApi;
  readonly url: string;
  readonly config: ApiConfig;
  readonly bucket: string;
  readonly clock: TestClock;
  /** Every JSON log line the API wrote. */
  readonly logs: string[];
  readonly db: pg.Pool;
  addUser(
    email: string,
    password: string,
    role: Role,
    artistId?: string | null,
    displayName?: string,
  ): Promise<User>;
  /** fetch against the API with JSON in and out (the body is whatever came back; tests assert its shape). */
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; body: any; headers: Headers }>;
  signIn(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the API with a fresh database and bucket. */
export async function startTestApi(
  opts: {
    rateLimits?: Partial<RateLimits>;
    presignCacheSize?: number;
    hashConcurrency?: number;
    config?: Partial<ApiConfig>;
  } = {},
): Promise<TestApi> {
  const database = await freshDatabase();
  const bucket = await freshBucket('api');
  const config = testApiConfig(database.url, bucket, opts.config);
  const clock = new TestClock();
  const logs: string[] = [];
  const api = await startApi(config, {
    port: 0,
    host: '127.0.0.1',
    clock: clock.now,
    version: '9.9.9-test',
    scrypt: TEST_SCRYPT,
    logger: createLogger((line) => logs.push(line), clock.now),
    rateLimits: opts.rateLimits,
    presignCacheSize: opts.presignCacheSize,
    hashConcurrency: opts.hashConcurrency,
  });
  const db = new pg.Pool({ connectionString: database.url, max: 2 });
  const call: TestApi['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${api.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    api,
    url: api.url,
    config,
    bucket,
    clock,
    logs,
    db,
    call,
    addUser: async (email, password, role, artistId = null, displayName = '') => {
      await ensureTestArtistRole(config, role, artistId);
      return new UserStore(db).create({
        email,
        passwordHash: await hashPassword(password, TEST_SCRYPT),
        role,
        artistId,
        displayName,
      });
    },
    signIn: async (email, password) => {
      const r = await call('POST', '/v1/sessions', { body: { email, password } });
      if (r.status !== 201) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    close: async () => {
      await api.close();
      await db.end();
      await database.drop();
    },
  };
}
