import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, startTestApi, type TestApi } from './api-harness';
import { apiEnv, freePort, run, waitHealthy } from './api-process';
import { emailHash } from '../../server/auth/authenticator';

// Issue 11's API limits against the real PostgreSQL: counted before the password is checked,
// shared by every API process on the database, capped hashing, throttled signed-in routes.

const PW = 'correct horse battery';
const WINDOW = 60_000;

type Call = Awaited<ReturnType<TestApi['call']>>;
const statuses = (rs: readonly Call[]) => rs.map((r) => r.status);
const count = (rs: readonly Call[], status: number) => rs.filter((r) => r.status === status).length;

describe('sign-in limits', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({
      rateLimits: { email: { limit: 5, windowMs: WINDOW }, ip: { limit: 10_000, windowMs: WINDOW } },
      hashConcurrency: 1000,
    });
    await t.addUser('victim@example.com', PW, 'artist', 'victim');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('60 concurrent wrong passwords: at most the limit are checked, the rest 429', async () => {
    const rs = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.call('POST', '/v1/sessions', { body: { email: 'victim@example.com', password: `guess ${i} x` } }),
      ),
    );
    expect(count(rs, 401)).toBe(5);
    expect(count(rs, 429)).toBe(55);
    expect(rs.find((r) => r.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/);
    // Even the right password is refused now: the limit holds for the account.
    expect(
      (await t.call('POST', '/v1/sessions', { body: { email: 'victim@example.com', password: PW } })).status,
    ).toBe(429);
  });

  it('failing many junk emails does not wipe the victim counter', async () => {
    for (let i = 0; i < 150; i++)
      await t.call('POST', '/v1/sessions', {
        body: { email: `junk${i}@example.com`, password: 'nope nope' },
      });
    expect(
      (await t.call('POST', '/v1/sessions', { body: { email: 'victim@example.com', password: PW } })).status,
    ).toBe(429);
  });

  it('logs failed sign-ins with an email hash, the address and a reason, never the email or password', async () => {
    const failures = t.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'auth.sign-in-failed');
    expect(failures).toContainEqual(
      expect.objectContaining({
        emailHash: emailHash('victim@example.com'),
        ip: '127.0.0.1',
        reason: 'wrong-password',
      }),
    );
    expect(failures).toContainEqual(expect.objectContaining({ reason: 'rate-limited' }));
    expect(failures).toContainEqual(expect.objectContaining({ reason: 'unknown-email' }));
    const all = t.logs.join('\n');
    expect(all).not.toContain('victim@example.com');
    expect(all).not.toContain('guess 1 x');
    expect(all).not.toContain(PW);
    t.clock.advance(WINDOW + 1000);
    expect(
      (await t.call('POST', '/v1/sessions', { body: { email: 'victim@example.com', password: PW } })).status,
    ).toBe(201);
  });
});

describe('password hashing cap', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({
      rateLimits: { email: { limit: 10_000, windowMs: WINDOW }, ip: { limit: 10_000, windowMs: WINDOW } },
      hashConcurrency: 2,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('past the cap a sign-in is answered 503 with Retry-After at once, not queued', async () => {
    const rs = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.call('POST', '/v1/sessions', { body: { email: `u${i}@example.com`, password: 'wrong wrong' } }),
      ),
    );
    expect(statuses(rs).every((s) => s === 401 || s === 503)).toBe(true);
    expect(count(rs, 401)).toBeGreaterThanOrEqual(2);
    const busy = rs.find((r) => r.status === 503);
    expect(busy?.body.error.code).toBe('auth.busy');
    expect(busy?.headers.get('retry-after')).toBe('1');
  });
});

describe('signed-in routes are throttled per session and per user', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({
      rateLimits: {
        credentialsSession: { limit: 2, windowMs: WINDOW },
        credentialsUser: { limit: 3, windowMs: WINDOW },
        presignSession: { limit: 3, windowMs: WINDOW },
        presignUser: { limit: 100, windowMs: WINDOW },
      },
    });
    await t.addUser('ada@example.com', PW, 'artist', 'ada');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('/v1/credentials: a session past its limit, then the user across sessions, get 429', async () => {
    const a = await t.signIn('ada@example.com', PW);
    const b = await t.signIn('ada@example.com', PW);
    const cred = () => t.call('POST', '/v1/credentials', { token: a, body: {} });
    expect((await cred()).status).toBe(200);
    expect((await cred()).status).toBe(200);
    const limited = await cred();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Session b has room of its own, but the user's limit (3) is used up.
    expect((await t.call('POST', '/v1/credentials', { token: b, body: {} })).status).toBe(200);
    expect((await t.call('POST', '/v1/credentials', { token: b, body: {} })).status).toBe(429);
    const issued = await t.db.query('SELECT count(*)::int AS n FROM credential_issuances');
    expect(issued.rows[0].n).toBe(3);
  });

  it('/v1/presign: 429 past the per-session limit', async () => {
    const a = await t.signIn('ada@example.com', PW);
    const presign = () => t.call('POST', '/v1/presign', { token: a, body: { key: 'artists/ada/a.tif' } });
    expect(statuses([await presign(), await presign(), await presign()])).toEqual([200, 200, 200]);
    expect((await presign()).status).toBe(429);
  });
});

describe('limits shared by two API processes on one database, and across a restart', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;
  const procs: ReturnType<typeof run>[] = [];
  const start = async () => {
    const port = await freePort();
    const p = run('server/main.ts', { ...env, PORT: String(port) });
    procs.push(p);
    expect(await waitHealthy(port)).toMatchObject({ ok: true });
    return { port, p };
  };

  beforeAll(async () => {
    db = await freshDatabase();
    env = await apiEnv(db.url, 'limits');
  });
  afterAll(async () => {
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.done));
    await db?.drop();
  });

  it('5 failures per email in total, whichever process answers; still limited after a restart', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const attempt = (port: number) =>
      fetch(`http://127.0.0.1:${port}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'someone@example.com', password: 'wrong wrong wrong' }),
      }).then((r) => r.status);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) seen.push(await attempt(i % 2 === 0 ? a.port : b.port));
    expect(seen).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    a.p.kill();
    b.p.kill();
    await Promise.all([a.p.done, b.p.done]);
    const c = await start();
    expect(await attempt(c.port)).toBe(429);
  });
});
