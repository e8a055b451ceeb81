import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './api-harness';
import { SessionStore } from '../../server/auth/sessions';
import { startApi } from '../../server/app';
import { createLogger } from '../../server/log';

// Sign-in, me, sign-out, expiry, revocation and every documented refusal, against the real
// PostgreSQL (a database of this file's own) through real HTTP.
describe('Copper API sessions', () => {
  let t: TestApi;
  const PW = 'correct horse battery';

  beforeAll(async () => {
    t = await startTestApi({
      rateLimits: { email: { limit: 3, windowMs: 60_000 }, ip: { limit: 8, windowMs: 60_000 } },
    });
    await t.addUser('Alice@Example.com', PW, 'artist', 'alice', 'Alice A.');
    await t.addUser('staff@example.com', PW, 'staff', null, 'Sam Staff');
    await t.addUser('gone@example.com', PW, 'artist', 'gone');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers health and readiness', async () => {
    const h = await t.call('GET', '/healthz');
    expect(h.status).toBe(200);
    expect(h.body).toEqual({ ok: true, service: 'copper-api', version: '9.9.9-test' });
    const r = await t.call('GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ db: true, s3: true });
  });

  it('signs in (email case-insensitive), shows the profile, signs out', async () => {
    const s = await t.call('POST', '/v1/sessions', { body: { email: ' alice@EXAMPLE.com', password: PW } });
    expect(s.status).toBe(201);
    expect(s.headers.get('cache-control')).toBe('no-store');
    expect(s.body.profile).toEqual({
      email: 'alice@example.com',
      role: 'artist',
      artistId: 'alice',
      displayName: 'Alice A.',
    });
    expect(typeof s.body.token).toBe('string');
    const expires = Date.parse(s.body.expiresAt);
    expect(expires - t.clock.now().getTime()).toBeGreaterThan(23 * 3600_000);
    expect(expires - t.clock.now().getTime()).toBeLessThanOrEqual(24 * 3600_000);

    const me = await t.call('GET', '/v1/me', { token: s.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ profile: s.body.profile });

    const staff = await t.call('POST', '/v1/sessions', {
      body: { email: 'staff@example.com', password: PW },
    });
    expect(staff.body.profile).toEqual({
      email: 'staff@example.com',
      role: 'staff',
      artistId: null,
      displayName: 'Sam Staff',
    });

    const out = await t.call('DELETE', '/v1/sessions/current', { token: s.body.token });
    expect(out.status).toBe(204);
    const after = await t.call('GET', '/v1/me', { token: s.body.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('auth.session-expired');
    // The staff session is untouched by alice signing out.
    expect((await t.call('GET', '/v1/me', { token: staff.body.token })).status).toBe(200);
  });

  it('stores only a hash of the token', async () => {
    const token = await t.signIn('staff@example.com', PW);
    const rows = await t.db.query<{ token_hash: Buffer }>('SELECT token_hash FROM sessions');
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) {
      expect(r.token_hash.length).toBe(32);
      expect(r.token_hash.toString('utf8')).not.toContain(token);
    }
  });

  it('ends a session when it expires (clock moved, no sleeping)', async () => {
    const token = await t.signIn('staff@example.com', PW);
    expect((await t.call('GET', '/v1/me', { token })).status).toBe(200);
    t.clock.advance(24 * 3600_000 + 1000);
    const r = await t.call('GET', '/v1/me', { token });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 'auth.session-expired', message: expect.any(String) } });
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const wrong = await t.call('POST', '/v1/sessions', {
      body: { email: 'staff@example.com', password: 'not the password' },
    });
    const unknown = await t.call('POST', '/v1/sessions', {
      body: { email: 'nobody@example.com', password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('auth.invalid-credentials');
  });

  it('refuses a missing, malformed or unknown token', async () => {
    const none = await t.call('GET', '/v1/me');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('auth.unauthenticated');
    expect((await t.call('GET', '/v1/me', { headers: { authorization: 'Basic abc' } })).body.error.code).toBe(
      'auth.unauthenticated',
    );
    const bogus = await t.call('GET', '/v1/me', { token: 'cps_not-a-real-token' });
    expect(bogus.status).toBe(401);
    expect(bogus.body.error.code).toBe('auth.session-expired');
  });

  it('refuses a disabled account, at sign-in and for its open sessions', async () => {
    const token = await t.signIn('gone@example.com', PW);
    await t.db.query("UPDATE users SET disabled = true WHERE email = 'gone@example.com'");
    const me = await t.call('GET', '/v1/me', { token });
    expect(me.status).toBe(403);
    expect(me.body.error.code).toBe('auth.account-disabled');
    // The right password for a disabled account gets exactly the wrong-password answer: a
    // guesser must not learn that the password was right.
    const s = await t.call('POST', '/v1/sessions', { body: { email: 'gone@example.com', password: PW } });
    const wrong = await t.call('POST', '/v1/sessions', {
      body: { email: 'gone@example.com', password: 'wrong wrong wrong' },
    });
    expect(s.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(s.body).toEqual(wrong.body);
    expect(s.body.error.code).toBe('auth.invalid-credentials');
  });

  it('refuses malformed, unknown-field, wrong-type and oversized bodies', async () => {
    const bad = await t.call('POST', '/v1/sessions', { body: '{"email":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('request.malformed');
    const extra = await t.call('POST', '/v1/sessions', {
      body: { email: 'staff@example.com', password: PW, admin: true },
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('request.invalid');
    expect(extra.body.error.message).toContain('admin');
    const missing = await t.call('POST', '/v1/sessions', { body: { email: 'staff@example.com' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('password');
    expect(missing.body.error.message).not.toContain(PW);
    const typed = await t.call('POST', '/v1/sessions', {
      body: { email: 'staff@example.com', password: PW },
      headers: { 'content-type': 'text/plain' },
    });
    expect(typed.status).toBe(415);
    const big = await t.call('POST', '/v1/sessions', {
      body: { email: 'staff@example.com', password: 'x'.repeat(20_000) },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('request.too-large');
    // The server is still fine afterwards.
    expect((await t.call('GET', '/healthz')).status).toBe(200);
  });

  it('answers unknown paths and methods in the error shape', async () => {
    const nf = await t.call('GET', '/v1/nope');
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('not-found');
    const m = await t.call('GET', '/v1/sessions');
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('POST');
  });

  it('rate-limits repeated failures per email, with Retry-After, and lifts the limit after the window', async () => {
    await t.addUser('target@example.com', PW, 'artist', 'target');
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await t.call('POST', '/v1/sessions', {
            body: { email: 'target@example.com', password: `guess ${i} guess` },
          })
        ).status,
      ).toBe(401);
    }
    const limited = await t.call('POST', '/v1/sessions', {
      body: { email: 'target@example.com', password: PW },
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('auth.rate-limited');
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    // Another account is not affected by target's failures.
    expect(
      (await t.call('POST', '/v1/sessions', { body: { email: 'staff@example.com', password: PW } })).status,
    ).toBe(201);
    t.clock.advance(retry * 1000 + 1000);
    expect(
      (await t.call('POST', '/v1/sessions', { body: { email: 'target@example.com', password: PW } })).status,
    ).toBe(201);
  });

  it('rate-limits repeated failures per IP across many emails', async () => {
    t.clock.advance(120_000); // a fresh window for this address
    let status = 0;
    let n = 0;
    for (; n < 12 && status !== 429; n++) {
      status = (
        await t.call('POST', '/v1/sessions', {
          body: { email: `spray${n}@example.com`, password: 'spray spray spray' },
        })
      ).status;
    }
    expect(status).toBe(429);
    expect(n).toBe(9); // 8 failures allowed, the 9th refused before any password check
    const ok = await t.call('POST', '/v1/sessions', { body: { email: 'staff@example.com', password: PW } });
    expect(ok.status).toBe(429);
    expect(Number(ok.headers.get('retry-after'))).toBeGreaterThan(0);
    t.clock.advance(61_000);
  });

  // Its own API and database: what ended when is set up here, not left by the tests before.
  it('prunes sessions that ended more than a day ago, and only those', async () => {
    const p = await startTestApi({
      rateLimits: { email: { limit: 100, windowMs: 60_000 }, ip: { limit: 100, windowMs: 60_000 } },
    });
    try {
      await p.addUser('pruned@example.com', PW, 'artist', 'pruned');
      const signIn = () => p.signIn('pruned@example.com', PW);
      const signOut = async (token: string) =>
        expect((await p.call('DELETE', '/v1/sessions/current', { token })).status).toBe(204);
      const hour = 3600_000;
      // Day 0: one signed out (revoked), one left to expire at day 1.
      await signOut(await signIn());
      const expiredLongAgo = await signIn();
      // Day 1 + 1 h: one that will expire an hour before the prune, one signed out.
      p.clock.advance(25 * hour);
      const expiredRecently = await signIn();
      await signOut(await signIn());
      // Day 2 + 2 h: one signed out just now, one live.
      p.clock.advance(25 * hour);
      const revokedNow = await signIn();
      await signOut(revokedNow);
      const live = await signIn();
      const rows = async () => Number((await p.db.query('SELECT count(*) AS n FROM sessions')).rows[0].n);
      expect(await rows()).toBe(6);

      // Ended more than a day ago: the day-0 sign-out, the day-0 session, the day-1 sign-out.
      expect(await new SessionStore(p.db).prune(p.clock.now())).toBe(3);
      expect(await rows()).toBe(3);
      expect((await p.call('GET', '/v1/me', { token: live })).status).toBe(200);
      for (const ended of [expiredLongAgo, expiredRecently, revokedNow])
        expect((await p.call('GET', '/v1/me', { token: ended })).status).toBe(401);
    } finally {
      await p.close();
    }
  });

  it('logs each request as JSON with a request id, and never a password or token', async () => {
    const token = await t.signIn('staff@example.com', PW);
    await t.call('GET', '/v1/me', { token, headers: { 'x-request-id': 'req-abc-123' } });
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const me = lines.find((l) => l.requestId === 'req-abc-123');
    expect(me).toMatchObject({ msg: 'request', method: 'GET', route: '/v1/me', status: 200 });
    expect(typeof me!.latencyMs).toBe('number');
    const all = t.logs.join('\n');
    expect(all).not.toContain(PW);
    expect(all).not.toContain(token);
    expect(all).not.toContain('cps_');
  });
});

describe('Copper API behind a proxy, with an unreachable bucket', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({
      rateLimits: { email: { limit: 10, windowMs: 60_000 }, ip: { limit: 1, windowMs: 60_000 } },
      config: { trustProxy: true },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports not ready (503) when the bucket cannot be reached', async () => {
    const api = await startApi(
      { ...t.config, s3: { ...t.config.s3, bucket: 'copper-no-such-bucket-0' } },
      { port: 0, host: '127.0.0.1', logger: createLogger(() => undefined) },
    );
    try {
      const r = await fetch(`${api.url}/readyz`);
      expect(r.status).toBe(503);
      expect(await r.json()).toEqual({ db: true, s3: false });
    } finally {
      await api.close();
    }
  });

  it("counts failures per client address from the router's X-Forwarded-For hop", async () => {
    const attempt = (xff: string) =>
      t.call('POST', '/v1/sessions', {
        body: { email: 'x@example.com', password: 'wrong wrong wrong' },
        headers: { 'x-forwarded-for': xff },
      });
    expect((await attempt('10.0.0.9, 203.0.113.1')).status).toBe(401);
    // Same router-seen address, a different (client-supplied, spoofable) first hop: still limited.
    expect((await attempt('10.0.0.10, 203.0.113.1')).status).toBe(429);
    expect((await attempt('203.0.113.2')).status).toBe(401);
  });
});
