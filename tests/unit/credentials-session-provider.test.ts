import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CopperError } from '../../shared/errors';
import { ApiClient } from '../../core/credentials/api-client';
import { SessionCredentialProvider } from '../../core/credentials/session-credential-provider';

// A local HTTP server stands in for /v1/credentials so that the number of fetches, their
// timing and failures are under the test's control; the provider talks to it through the
// real ApiClient. The local clock is injected and deliberately far from the server's clock:
// expiry must be judged by the API's Date header, not by the local clock.
let server: Server;
let base: string;
let issued = 0;
let delayMs = 0;
let lifetimeSec = 3600;
let failWith: number | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (failWith !== null) {
        res.writeHead(failWith, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'x', message: 'x' } }));
        return;
      }
      const n = ++issued;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            accessKeyId: `AK${n}`,
            secretAccessKey: `SK${n}`,
            sessionToken: `ST${n}`,
            expiration: new Date(Date.now() + lifetimeSec * 1000).toISOString(),
            bucket: 'gallery',
            region: 'us-east-1',
            endpoint: n % 2 ? 'http://127.0.0.1:7480' : null,
            prefix: 'artists/ada/',
            role: 'artist',
          }),
        );
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  issued = 0;
  delayMs = 0;
  lifetimeSec = 3600;
  failWith = null;
});

// Local clock three hours ahead of the real (server) clock.
function setup(apiUrl = base) {
  const clock = { now: Date.now() + 3 * 3_600_000 };
  const api = new ApiClient(apiUrl);
  let calls = 0;
  const provider = new SessionCredentialProvider({
    fetchCredentials: () => {
      calls++;
      return api.credentials('token');
    },
    now: () => clock.now,
  });
  return { clock, provider, calls: () => calls };
}

const many = <T>(n: number, f: () => Promise<T>) => Promise.all(Array.from({ length: n }, f));

describe('SessionCredentialProvider', () => {
  it('shares one fetch among many concurrent callers', async () => {
    delayMs = 50;
    const { provider, calls } = setup();
    const creds = await many(100, () => provider.get());
    expect(calls()).toBe(1);
    expect(issued).toBe(1);
    expect(new Set(creds.map((c) => c.accessKeyId))).toEqual(new Set(['AK1']));
    expect(creds[0]).toMatchObject({ secretAccessKey: 'SK1', sessionToken: 'ST1' });
    await provider.get();
    expect(issued).toBe(1);
  });

  it('refreshes ahead of expiry exactly once for many callers, judged by the API clock', async () => {
    const { clock, provider } = setup();
    const start = clock.now;
    const first = await provider.get();
    // The expiration handed to the SDK is on the local clock (the local clock is 3 h ahead).
    const localLeft = first.expiration!.getTime() - start;
    expect(localLeft).toBeGreaterThan(3_590_000);
    expect(localLeft).toBeLessThanOrEqual(3_601_000);
    // 20 % of an hour is 12 min (> 5 min): nothing happens before 48 min...
    clock.now = start + 2878_000;
    delayMs = 30;
    expect((await many(50, () => provider.get())).every((c) => c.accessKeyId === 'AK1')).toBe(true);
    expect(issued).toBe(1);
    // ...and just after, one refresh serves everybody.
    clock.now = start + 2882_000;
    const after = await many(50, () => provider.get());
    expect(issued).toBe(2);
    expect(new Set(after.map((c) => c.accessKeyId))).toEqual(new Set(['AK2']));
    expect((await provider.get()).accessKeyId).toBe('AK2');
    expect(issued).toBe(2);
  });

  it('uses the 5-minute floor for short credentials', async () => {
    lifetimeSec = 900; // 20 % would be 3 min; 5 min wins
    const { clock, provider } = setup();
    const start = clock.now;
    await provider.get();
    clock.now = start + 598_000;
    await provider.get();
    expect(issued).toBe(1);
    clock.now = start + 602_000;
    expect((await provider.get()).accessKeyId).toBe('AK2');
  });

  it('refreshes a credential of minutes or seconds once per lifetime, at 80 % of it', async () => {
    // 5 min ahead would be most of a 20 s credential's life (RGW allows 15 s sessions): the
    // 20 % rule alone applies, not a refresh every half-life.
    lifetimeSec = 20;
    const { clock, provider } = setup();
    const start = clock.now;
    await provider.get();
    clock.now = start + 15_500;
    expect((await provider.get()).accessKeyId).toBe('AK1');
    expect(issued).toBe(1);
    clock.now = start + 17_000;
    expect((await provider.get()).accessKeyId).toBe('AK2');
    clock.now = start + 17_000 + 15_500;
    expect((await provider.get()).accessKeyId).toBe('AK2');
    expect(issued).toBe(2);
  });

  it('fetches at once after invalidate(), shared by concurrent callers', async () => {
    const { provider } = setup();
    expect((await provider.get()).accessKeyId).toBe('AK1');
    provider.invalidate();
    delayMs = 30;
    const again = await many(20, () => provider.get());
    expect(issued).toBe(2);
    expect(new Set(again.map((c) => c.accessKeyId))).toEqual(new Set(['AK2']));
  });

  it('keeps serving a still-valid credential while the API is unreachable, then says offline', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    // Fetch the first credential from the live server, then point at the dead one.
    let url = base;
    const clock = { now: 1_000_000_000_000 };
    const provider = new SessionCredentialProvider({
      fetchCredentials: () => new ApiClient(url).credentials('t'),
      now: () => clock.now,
    });
    const start = clock.now;
    await provider.get();
    url = deadUrl;
    clock.now = start + 3000_000; // inside the refresh window
    expect((await provider.get()).accessKeyId).toBe('AK1');
    clock.now = start + 3590_000; // less than 30 s left: not usable any more
    const err = await provider.get().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CopperError);
    expect((err as CopperError).code).toBe('network.offline');
    expect((err as CopperError).retryable).toBe(true);
    // With no credential at all (invalidated), offline is an error at once.
    url = base;
    await provider.get();
    provider.invalidate();
    url = deadUrl;
    await expect(provider.get()).rejects.toMatchObject({ code: 'network.offline', retryable: true });
  });

  it('does not hide a non-retryable failure behind the old credential', async () => {
    const { clock, provider } = setup();
    const start = clock.now;
    await provider.get();
    failWith = 401;
    clock.now = start + 3000_000;
    await expect(provider.get()).rejects.toMatchObject({ code: 'auth.session-expired' });
  });

  it('gives the target from the same answer', async () => {
    const { provider } = setup();
    expect(await provider.target()).toEqual({
      bucket: 'gallery',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:7480',
      prefix: 'artists/ada/',
      role: 'artist',
    });
    expect(issued).toBe(1);
    provider.invalidate();
    expect((await provider.target()).bucket).toBe('gallery'); // no fetch needed for the target
    expect(issued).toBe(1);
    await provider.get();
    expect((await provider.target()).endpoint).toBeUndefined(); // null endpoint means AWS
  });

  it('reset() disowns an in-flight refresh and forgets everything', async () => {
    delayMs = 50;
    const { provider } = setup();
    const pending = provider.get();
    provider.reset();
    expect((await pending).accessKeyId).toBe('AK1');
    delayMs = 0;
    expect((await provider.get()).accessKeyId).toBe('AK2');
    expect(issued).toBe(2);
  });
});
