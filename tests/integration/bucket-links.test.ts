import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { adminS3, freshBucket, testServices } from '../support/services';
import type { BucketBrowser, LinkRequest, LinkSigner, SignedLink } from '../../core/bucket';
import { PresignCache } from '../../core/bucket';
import { browserFor, put } from './bucket-support';

describe('bucket core: pre-signed links', () => {
  let s3: S3Client;
  let bucket: string;
  let browser: BucketBrowser;
  let now = Date.now();

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('bucket-lnk');
    browser = browserFor(bucket, { clock: () => now, presignCache: { maxEntries: 3 } });
  });
  afterAll(() => {
    browser.close();
    s3.destroy();
  });

  it("a link to an old version serves that version's bytes; a tampered one is refused", async () => {
    now = Date.now();
    const key = 'artists/alice/link me.jpg';
    const v1 = await put(s3, bucket, key, 'version one');
    await put(s3, bucket, key, 'version two');
    const link = await browser.shareLink(key, { versionId: v1, expiresInSeconds: 3600 });
    expect(new URL(link.url).origin).toBe(new URL(testServices().s3.endpoint).origin);
    expect(Date.parse(link.expiresAt) - now).toBe(3600_000);
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('version one');

    const latest = await fetch((await browser.shareLink(key)).url);
    expect(await latest.text()).toBe('version two');

    const tampered = new URL(link.url);
    tampered.searchParams.set('versionId', (await browser.listVersions(key))[0]!.versionId);
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('returns the same URL until 75% of its life is used, then a fresh one (injected clock)', async () => {
    const start = Date.now();
    now = start;
    const key = 'artists/alice/cached.jpg';
    await put(s3, bucket, key, 'cached');
    const first = await browser.shareLink(key, { expiresInSeconds: 3600 });
    now = start + 2699_000; // 74.97% of an hour
    expect((await browser.shareLink(key, { expiresInSeconds: 3600 })).url).toBe(first.url);
    now = start + 2700_000; // 75%
    const second = await browser.shareLink(key, { expiresInSeconds: 3600 });
    expect(second.url).not.toBe(first.url);
    expect(Date.parse(second.expiresAt)).toBe(start + 2700_000 + 3600_000);
    // Signed at the injected time, the new link is valid now (the RGW clock is real; 45 min of skew is within 1 h).
    expect((await fetch(second.url)).status).toBe(200);
    // A different lifetime is a different link.
    expect((await browser.shareLink(key, { expiresInSeconds: 600 })).url).not.toBe(second.url);
  });

  it('refuses lifetimes outside 60 s – 7 days', async () => {
    await expect(browser.shareLink('artists/alice/x.jpg', { expiresInSeconds: 59 })).rejects.toMatchObject({
      code: 'invalid-expiry',
    });
    await expect(
      browser.shareLink('artists/alice/x.jpg', { expiresInSeconds: 7 * 86400 + 1 }),
    ).rejects.toMatchObject({ code: 'invalid-expiry' });
    expect((await browser.shareLink('artists/alice/x.jpg', { expiresInSeconds: 7 * 86400 })).url).toContain(
      'X-Amz-Expires=604800',
    );
  });

  it('the cache is a bounded LRU and never outlives the signing credential', async () => {
    let clock = 1_000_000;
    let signed = 0;
    // A signer whose credential expires 10 minutes after each signature.
    const signer: LinkSigner = {
      async sign(r: LinkRequest): Promise<SignedLink> {
        signed++;
        return {
          url: `u${signed}-${r.key}`,
          signedAt: clock,
          expiresAt: Math.min(clock + r.expiresInSeconds * 1000, clock + 600_000),
        };
      },
    };
    const cache = new PresignCache(signer, { clock: () => clock, maxEntries: 2 });
    const a = await cache.get({ key: 'a', expiresInSeconds: 3600 });
    expect(Date.parse(a.expiresAt)).toBe(1_000_000 + 600_000);
    await cache.get({ key: 'b', expiresInSeconds: 3600 });
    expect((await cache.get({ key: 'a', expiresInSeconds: 3600 })).url).toBe(a.url); // a is now most recent
    await cache.get({ key: 'c', expiresInSeconds: 3600 }); // evicts b
    expect(cache.size).toBe(2);
    expect(signed).toBe(3);
    expect((await cache.get({ key: 'a', expiresInSeconds: 3600 })).url).toBe(a.url);
    await cache.get({ key: 'b', expiresInSeconds: 3600 });
    expect(signed).toBe(4);
    clock += 450_000; // 75% of the 10-minute credential life
    expect((await cache.get({ key: 'a', expiresInSeconds: 3600 })).url).not.toBe(a.url);
  });
});
