import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { adminS3 } from '../support/services';
import { startTestApi, type TestApi } from './api-harness';

// Pre-signed URLs are fetched from the real RGW: the right version's bytes, a tampered URL
// refused by S3, scope enforced by the API, and the cache reusing a URL within its life.
describe('Copper API pre-signed URLs', () => {
  let t: TestApi;
  let alice: string;
  let staff: string;
  let v1: string;
  const PW = 'a long enough password';

  beforeAll(async () => {
    t = await startTestApi({ presignCacheSize: 3 });
    await t.addUser('alice@example.com', PW, 'artist', 'alice');
    await t.addUser('staff@example.com', PW, 'staff');
    alice = await t.signIn('alice@example.com', PW);
    staff = await t.signIn('staff@example.com', PW);
    const s3 = adminS3();
    v1 = (
      await s3.send(
        new PutObjectCommand({ Bucket: t.bucket, Key: 'artists/alice/moon.jpg', Body: 'first version' }),
      )
    ).VersionId!;
    await s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: 'artists/alice/moon.jpg', Body: 'second version' }),
    );
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'artists/bob/sun.jpg', Body: 'bob' }));
    s3.destroy();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('fetches the current and an older version, each with its own bytes', async () => {
    const cur = await t.call('POST', '/v1/presign', {
      token: alice,
      body: { key: 'artists/alice/moon.jpg' },
    });
    expect(cur.status).toBe(200);
    expect(await (await fetch(cur.body.url)).text()).toBe('second version');
    const old = await t.call('POST', '/v1/presign', {
      token: alice,
      body: { key: 'artists/alice/moon.jpg', versionId: v1, expiresIn: 600 },
    });
    expect(old.status).toBe(200);
    expect(old.body.url).not.toBe(cur.body.url);
    const res = await fetch(old.body.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('first version');
    // 600 s rounds down to the 300 s step.
    expect(Date.parse(old.body.expiresAt) - t.clock.now().getTime()).toBeLessThanOrEqual(300_000);
    expect(Date.parse(old.body.expiresAt) - t.clock.now().getTime()).toBeGreaterThan(290_000);
  });

  it('is refused by S3 when tampered with', async () => {
    const { body } = await t.call('POST', '/v1/presign', {
      token: alice,
      body: { key: 'artists/alice/moon.jpg', versionId: v1 },
    });
    const sig = new URL(body.url);
    const s = sig.searchParams.get('X-Amz-Signature')!;
    sig.searchParams.set('X-Amz-Signature', (s[0] === 'a' ? 'b' : 'a') + s.slice(1));
    expect((await fetch(sig)).status).toBe(403);
    const other = new URL(body.url);
    other.pathname = other.pathname.replace('moon.jpg', 'sun.jpg').replace('/alice/', '/bob/');
    expect((await fetch(other)).status).toBe(403);
    const longer = new URL(body.url);
    longer.searchParams.set('X-Amz-Expires', '604800');
    expect((await fetch(longer)).status).toBe(403);
  });

  it("does not presign another artist's key, the bucket root or path tricks", async () => {
    const bob = await t.call('POST', '/v1/presign', { token: alice, body: { key: 'artists/bob/sun.jpg' } });
    expect(bob.status).toBe(403);
    expect(bob.body.error.code).toBe('presign.forbidden');
    expect((await t.call('POST', '/v1/presign', { token: alice, body: { key: 'root.txt' } })).status).toBe(
      403,
    );
    const trick = await t.call('POST', '/v1/presign', {
      token: alice,
      body: { key: 'artists/alice/../bob/sun.jpg' },
    });
    expect(trick.status).toBe(400);
    expect(trick.body.error.code).toBe('presign.invalid-key');
    expect((await t.call('POST', '/v1/presign', { body: { key: 'artists/alice/moon.jpg' } })).status).toBe(
      401,
    );
    expect(
      (await t.call('POST', '/v1/presign', { token: alice, body: { key: 'artists/alice/moon.jpg', ttl: 5 } }))
        .status,
    ).toBe(400);
  });

  it('lets staff presign any artist for up to 7 days; artists at most 1 hour', async () => {
    const week = await t.call('POST', '/v1/presign', {
      token: staff,
      body: { key: 'artists/bob/sun.jpg', expiresIn: 30 * 86_400 },
    });
    expect(week.status).toBe(200);
    const left = Date.parse(week.body.expiresAt) - t.clock.now().getTime();
    expect(left).toBeGreaterThan(7 * 86_400_000 - 10_000);
    expect(left).toBeLessThanOrEqual(7 * 86_400_000);
    expect(new URL(week.body.url).searchParams.get('X-Amz-Expires')).toBe('604800');
    expect(await (await fetch(week.body.url)).text()).toBe('bob');
    const a = await t.call('POST', '/v1/presign', {
      token: alice,
      body: { key: 'artists/alice/moon.jpg', expiresIn: 86_400 },
    });
    expect(new URL(a.body.url).searchParams.get('X-Amz-Expires')).toBe('3600');
    const short = await t.call('POST', '/v1/presign', {
      token: alice,
      body: { key: 'artists/alice/moon.jpg', expiresIn: 1 },
    });
    expect(new URL(short.body.url).searchParams.get('X-Amz-Expires')).toBe('60');
  });

  it('returns the cached URL within its life and a new one once most of it is gone', async () => {
    const first = await t.call('POST', '/v1/presign', {
      token: alice,
      body: { key: 'artists/alice/moon.jpg', expiresIn: 3600 },
    });
    const second = await t.call('POST', '/v1/presign', {
      token: alice,
      body: { key: 'artists/alice/moon.jpg', expiresIn: 3700 },
    });
    expect(second.body).toEqual(first.body); // same ttl step, same URL
    t.clock.advance(29 * 60_000);
    expect(
      (await t.call('POST', '/v1/presign', { token: alice, body: { key: 'artists/alice/moon.jpg' } })).body
        .url,
    ).toBe(first.body.url);
    t.clock.advance(2 * 60_000); // now past half its life
    const third = await t.call('POST', '/v1/presign', {
      token: alice,
      body: { key: 'artists/alice/moon.jpg' },
    });
    expect(third.body.url).not.toBe(first.body.url);
    expect(Date.parse(third.body.expiresAt)).toBeGreaterThan(Date.parse(first.body.expiresAt));
    // The cache is bounded (3 in this test).
    for (const v of ['a', 'b', 'c', 'd', 'e']) {
      await t.call('POST', '/v1/presign', { token: staff, body: { key: `artists/x/${v}.jpg` } });
    }
    expect(t.api.presigner.size).toBe(3);
  });
});
