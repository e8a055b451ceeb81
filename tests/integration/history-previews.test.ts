import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { adminS3, freshBucket } from '../support/services';
import { ThumbnailCache } from '../../core/catalog/thumbnail-cache';
import { VersionPreviews, versionPreviewId } from '../../core/history/version-previews';
import type { BucketBrowser } from '../../core/bucket';
import { browserFor, put } from './bucket-support';
import { makeArtworkCorpus } from '../support/artwork-corpus';

// Version previews on the real RGW: made from the right version's bytes (a TIFF the browser
// cannot draw), cached by key + VersionId, and a full-resolution region cut from the version.

/** A TIFF of one flat colour, with a given ppi and bit depth. */
function tiff(width: number, height: number, rgb: [number, number, number], ppi: number, bits: 8 | 16) {
  const img = sharp({
    create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  });
  return (bits === 16 ? img.toColourspace('rgb16') : img)
    .withMetadata({ density: ppi })
    .tiff({ compression: 'lzw' })
    .toBuffer();
}

async function meanColour(buf: Buffer): Promise<number[]> {
  const stats = await sharp(buf).stats();
  return stats.channels.slice(0, 3).map((c) => Math.round(c.mean));
}

describe('version previews', () => {
  let s3: S3Client;
  let bucket: string;
  let dir: string;
  let browser: BucketBrowser;
  let cache: ThumbnailCache;
  let previews: VersionPreviews;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('history-p');
    dir = mkdtempSync(join(tmpdir(), 'copper-previews-'));
    browser = browserFor(bucket);
    cache = new ThumbnailCache(nodeFs, join(dir, 'thumbnails'));
    previews = new VersionPreviews({ sharp, cache, filesDir: join(dir, 'versions'), thumbnailSize: 128 });
  });
  afterAll(() => {
    browser?.close();
    s3?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each TIFF version previews from its own bytes, with its own header', async () => {
    const key = 'artists/ada/harbour/dawn.tif';
    const red = await put(s3, bucket, key, await tiff(600, 400, [200, 20, 20], 300, 8));
    const blue = await put(s3, bucket, key, await tiff(300, 900, [20, 20, 200], 150, 16));

    const a = await previews.preview(browser, key, red);
    const b = await previews.preview(browser, key, blue);
    expect(a).toMatchObject({ key, versionId: red });
    expect(a.image).toMatchObject({
      width: 600,
      height: 400,
      format: 'tiff',
      bitDepth: 8,
      ppi: 300,
      colourMode: 'RGB',
    });
    expect(b).toMatchObject({ versionId: blue });
    expect(b.image).toMatchObject({ width: 300, height: 900, bitDepth: 16, ppi: 150 });
    expect(a.thumbnail).toBe(versionPreviewId(bucket, key, red));
    expect(a.thumbnail).not.toBe(b.thumbnail);

    // The thumbnails the route serves are the versions' pictures, whole (long edge 128).
    const redThumb = (await cache.read(a.thumbnail))!;
    const blueThumb = (await cache.read(b.thumbnail))!;
    expect(await sharp(redThumb).metadata()).toMatchObject({ format: 'webp', width: 128, height: 85 });
    expect(await sharp(blueThumb).metadata()).toMatchObject({ width: 43, height: 128 });
    const [r1, , b1] = await meanColour(redThumb);
    const [r2, , b2] = await meanColour(blueThumb);
    expect(r1! - b1!).toBeGreaterThan(100);
    expect(b2! - r2!).toBeGreaterThan(100);
  });

  it('PSD versions preview by their composite, each from its own bytes', async () => {
    const corpus = await makeArtworkCorpus(join(dir, 'corpus'));
    const key = 'artists/ada/layered study.psd';
    const wide = await put(s3, bucket, key, readFileSync(corpus.layeredPsd));
    const tall = await put(s3, bucket, key, readFileSync(corpus.psb));
    const a = await previews.preview(browser, key, wide);
    const b = await previews.preview(browser, key, tall);
    expect(a.image).toMatchObject({ width: 600, height: 400, format: 'psd', preview: 'composite', ppi: 300 });
    expect(b.image).toMatchObject({ width: 400, height: 600, format: 'psb', preview: 'composite' });
    expect(await sharp((await cache.read(a.thumbnail))!).metadata()).toMatchObject({
      width: 128,
      height: 85,
    });
    expect(await sharp((await cache.read(b.thumbnail))!).metadata()).toMatchObject({
      width: 85,
      height: 128,
    });
  });

  it('a cached preview needs no bucket at all (immutable by VersionId)', async () => {
    const key = 'artists/ada/cached.tif';
    const v = await put(s3, bucket, key, await tiff(64, 64, [10, 200, 10], 72, 8));
    const first = await previews.preview(browser, key, v);
    const offline = browserFor('no-such-bucket-anywhere');
    // Same bucket name in the id, but a browser that could not fetch anything: the cache answers.
    const same = await new VersionPreviews({ sharp, cache, filesDir: join(dir, 'other') }).preview(
      { ...offline, target: { ...offline.target, bucket } } as BucketBrowser,
      key,
      v,
    );
    offline.close();
    expect(same).toEqual(first);
    expect(existsSync(join(dir, 'other'))).toBe(false);
  });

  it('a region comes at full resolution from the version, clamped to the image', async () => {
    const key = 'artists/ada/halves.tif';
    const left = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#ff0000' } })
      .composite([
        {
          input: await sharp({ create: { width: 200, height: 200, channels: 3, background: '#0000ff' } })
            .png()
            .toBuffer(),
          left: 200,
          top: 0,
        },
      ])
      .tiff()
      .toBuffer();
    const v = await put(s3, bucket, key, left);
    const region = await previews.region(browser, key, v, { left: 250, top: 150, width: 500, height: 500 });
    expect(region).toMatchObject({ left: 250, top: 150, width: 150, height: 50 });
    const tile = (await cache.read(region.thumbnail))!;
    expect(await sharp(tile).metadata()).toMatchObject({ width: 150, height: 50 });
    const [r, , b] = await meanColour(tile);
    expect(b! - r!).toBeGreaterThan(200);
  });

  it('a version that is not an image says so, naming the artwork rather than a cache path', async () => {
    const key = 'artists/ada/notes.tif';
    const v = await put(s3, bucket, key, 'this is not a TIFF at all');
    await expect(previews.preview(browser, key, v)).rejects.toMatchObject({
      code: 'catalog.not-image',
      message: expect.stringContaining(key),
    });
    await expect(previews.preview(browser, key, v)).rejects.not.toMatchObject({
      message: expect.stringContaining(dir),
    });
  });
});
