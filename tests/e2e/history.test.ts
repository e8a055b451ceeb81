import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { screenshot } from './support/artifacts';
import { openHistoryPage, thumbnailsLoaded, versionRows, type HistoryPage } from './support/history-page';
import { adminS3, freshBucket, testServices } from '../support/services';
import { startTestApi, type TestApi } from '../integration/identity-api';

// Everything real: the Copper API in this process (PostgreSQL, STS on Ceph RGW), a staff
// account signed in through the core (session token in the Secret Service), thumbnails
// served by the RGW through pre-signed URLs the page's CSP allows, in Debian's Chromium.

const run = randomBytes(4).toString('hex');
const password = 'correct horse battery staple';
const staff = {
  email: `grace-${run}@example.com`,
  password,
  role: 'staff',
  artistId: null,
  displayName: 'Grace Lindqvist',
} as const;
const artistId = `ada-${run}`;
const folder = `artists/${artistId}/harbour-series/`;
const key = `${folder}harbour at dusk.png`;
const goneKey = `${folder}old sketch.png`;

/** A small painting-like PNG: sky, sea and a sun, in the given palette. */
function painting(sky: string, sea: string, sun: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <rect width="320" height="240" fill="${sky}"/><circle cx="220" cy="110" r="34" fill="${sun}"/>
    <rect y="140" width="320" height="100" fill="${sea}"/><path d="M40 150 l40 -50 l40 50 z" fill="#2b2118" opacity="0.8"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function putPng(s3: S3Client, bucket: string, k: string, body: Buffer, by: string): Promise<string> {
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: k,
      Body: body,
      ContentType: 'image/png',
      Metadata: { 'uploaded-by': by },
    }),
  );
  return out.VersionId!;
}

describe('History in Chromium via the web host', () => {
  let api: TestApi;
  let s3: S3Client;
  let bucket: string;
  let ui: HistoryPage;
  let downloads: string;
  let page: Page;
  let v1: string;
  let v2: string;
  let pageErrors: string[];

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('e2e-history');
    api = await startTestApi({ services: testServices(), bucket, logs: [] });
    await api.createUser(staff);
    // Staff restore (a copy, so a write) only into an existing artist's folder.
    await api.createUser({
      email: `${artistId}@example.com`,
      password,
      role: 'artist',
      artistId,
      displayName: 'Ada',
    });
    v1 = await putPng(
      s3,
      bucket,
      key,
      await painting('#f2b880', '#3f6e8c', '#fff3c4'),
      `${artistId}@example.com`,
    );
    v2 = await putPng(
      s3,
      bucket,
      key,
      await painting('#5b4a8a', '#1d3550', '#ff9a5c'),
      `${artistId}@example.com`,
    );
    await putPng(
      s3,
      bucket,
      `${folder}lighthouse.png`,
      await painting('#bcd8ec', '#27566e', '#ffffff'),
      `${artistId}@example.com`,
    );
    await putPng(
      s3,
      bucket,
      goneKey,
      await painting('#dddddd', '#888888', '#444444'),
      `${artistId}@example.com`,
    );
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: goneKey }));
    await putPng(
      s3,
      bucket,
      'artists/bo-tanaka/still life.png',
      await painting('#e9e4d8', '#7a6a55', '#c0392b'),
      'bo@example.com',
    );

    ui = await openHistoryPage({ name: 'history', apiUrl: api.url, email: staff.email, password });
    ({ page, downloads, pageErrors } = ui);
    const response = await page.reload();
    expect(response?.headers()['content-security-policy']).toContain(
      `img-src 'self' copper-thumb: https://*.amazonaws.com ${new URL(testServices().s3.endpoint).origin}`,
    );
  });
  afterAll(async () => {
    await ui?.close();
    await api?.dispose();
    s3?.destroy();
  });

  it('opens on every artist, and drills down to an artwork folder', async () => {
    await page.click('button.nav-item[data-view="history"]');
    await page.waitForSelector('[data-testid="artwork-list"] [data-kind="folder"]');
    const top = await page.$$eval('[data-testid="artwork-list"] [data-kind="folder"]', (els) =>
      els.map((e) => (e as HTMLElement).dataset.prefix),
    );
    expect(top).toEqual([`artists/${artistId}/`, 'artists/bo-tanaka/']);
    expect(await page.textContent('[data-testid="history-breadcrumb"]')).toContain('All artists');
    await screenshot(page, 'web-history-1-artists');

    await page.click(`[data-kind="folder"][data-prefix="artists/${artistId}/"]`);
    await page.click(`[data-kind="folder"][data-prefix="${folder}"]`);
    await page.waitForSelector(`[data-kind="artwork"][data-key="${key}"]`);
    const crumbs = await page.$$eval('[data-testid="history-breadcrumb"] li', (els) =>
      els.map((e) => e.textContent?.replace('/', '').trim()),
    );
    expect(crumbs).toEqual(['All artists', artistId, 'harbour-series']);
    const names = await page.$$eval('[data-kind="artwork"]', (els) =>
      els.map((e) => (e as HTMLElement).dataset.key),
    );
    expect(names).toEqual([key, `${folder}lighthouse.png`]);
    await screenshot(page, 'web-history-2-folder');
  });

  it('shows both versions with thumbnails from the bucket, and compares them', async () => {
    await page.click(`[data-kind="artwork"][data-key="${key}"]`);
    await page.waitForSelector('[data-testid="version-row"]');
    expect(await versionRows(page)).toEqual([
      { version: v2, current: true, marker: false },
      { version: v1, current: false, marker: false },
    ]);
    expect(await page.textContent('[data-testid="version-panel"]')).toContain(`${artistId}@example.com`);
    await thumbnailsLoaded(page, 2, 'version-thumbnail', 320);
    await screenshot(page, 'web-history-3-versions');

    // Picked newest first: the comparison still puts the older version on the left.
    await page.click(`[data-version="${v2}"] [data-action="compare"]`);
    await page.click(`[data-version="${v1}"] [data-action="compare"]`);
    await page.click('[data-testid="compare-open"]');
    await page.waitForSelector('[data-testid="compare-dialog"]');
    const sides = await page.$$eval('[data-testid="compare-side"]', (els) =>
      els.map((e) => (e as HTMLElement).dataset.version),
    );
    expect(sides).toEqual([v1, v2]);
    await thumbnailsLoaded(page, 2, 'compare-image', 320);
    // Differences in the header are marked (both PNGs here: same pixel size, so not marked).
    expect(
      await page.$$eval('[data-testid="compare-diff"] tr[data-changed="true"] th', (els) =>
        els.map((e) => e.textContent),
      ),
    ).not.toContain('Pixel size · changed');
    await screenshot(page, 'web-history-4-compare');
    await page.click('[data-mode="swipe"]');
    await page.waitForSelector('[data-testid="compare-swipe"]');
    await thumbnailsLoaded(page, 2, 'compare-image', 320);
    await page.fill('[data-testid="compare-swipe-range"]', '30');
    await screenshot(page, 'web-history-4b-swipe');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="compare-dialog"]', { state: 'detached' });
  });

  it('copies a share link to the older version that serves its bytes, and revokes it', async () => {
    await page.click(`[data-version="${v1}"] [data-action="share"]`);
    await page.waitForSelector('[data-testid="share-dialog"]');
    await page.click('[data-testid="share-dialog"] [data-seconds="604800"]');
    await page.click('[data-testid="share-create"]');
    await page.waitForSelector('[data-testid="share-result"]');
    const url = await page.inputValue('[data-testid="share-url"]');
    expect(url).toMatch(new RegExp(`^${api.url}/s/[A-Za-z0-9_-]{22}$`));
    expect(await page.getAttribute('[data-testid="share-copy-status"]', 'data-state')).toBe('copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: v1 }));
    expect(
      Buffer.from(await res.arrayBuffer()).equals(Buffer.from(await original.Body!.transformToByteArray())),
    ).toBe(true);
    await page.waitForSelector('[data-testid="share-row"][data-state="live"]');
    await screenshot(page, 'web-history-5-share');
    await page.click('[data-testid="share-row"] [data-action="revoke"]');
    await page.waitForSelector('[data-testid="share-row"][data-state="revoked"]');
    expect((await fetch(url)).status).toBe(410);
    await page.keyboard.press('Escape');
  });

  it('restores the older version: a third version appears, marked current', async () => {
    await page.click(`[data-version="${v1}"] [data-action="restore"]`);
    await page.waitForSelector('[data-testid="restore-dialog"]');
    await screenshot(page, 'web-history-6-restore-confirm');
    await page.click('[data-testid="restore-confirm"]');
    await page.waitForSelector('[data-testid="history-notice"][data-tone="ok"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="version-row"]').length === 3);
    const after = await versionRows(page);
    expect(after.slice(1)).toEqual([
      { version: v2, current: false, marker: false },
      { version: v1, current: false, marker: false },
    ]);
    expect(after[0]).toMatchObject({ current: true, marker: false });
    expect([v1, v2]).not.toContain(after[0]!.version);
    const newest = page.locator(`[data-version="${after[0]!.version}"]`);
    expect(await newest.textContent()).toContain('Restored from');
    expect(await newest.textContent()).toContain(staff.email);
    expect(await page.locator('[data-testid="current-badge"]').count()).toBe(1);
    await thumbnailsLoaded(page, 3, 'version-thumbnail', 320);
    await screenshot(page, 'web-history-7-restored');
  });

  it('downloads a version into the Downloads folder', async () => {
    await page.click(`[data-version="${v2}"] [data-action="download"]`);
    await page.waitForSelector('[data-testid="history-notice"][data-tone="ok"] >> text=Saved');
    const saved = join(downloads, 'harbour at dusk.png');
    expect(await page.textContent('[data-testid="history-notice"]')).toContain(saved);
    expect(existsSync(saved)).toBe(true);
    expect((await sharp(readFileSync(saved)).metadata()).width).toBe(320);
  });

  it('shows a deleted artwork with its delete marker, and undoes the delete', async () => {
    await page.check('[data-testid="show-deleted"]');
    await page.waitForSelector(`[data-kind="deleted"][data-key="${goneKey}"]`);
    await page.click(`[data-kind="deleted"][data-key="${goneKey}"]`);
    await page.waitForSelector(
      `[data-testid="version-panel"][data-key="${goneKey}"] [data-delete-marker="true"]`,
    );
    expect((await versionRows(page)).map((r) => [r.marker, r.current])).toEqual([
      [true, true],
      [false, false],
    ]);
    await screenshot(page, 'web-history-8-deleted');
    await page.click('[data-action="undelete"]');
    await page.waitForSelector('[data-testid="history-notice"][data-tone="ok"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="version-row"]').length === 3);
    expect((await versionRows(page)).map((r) => [r.marker, r.current])).toEqual([
      [false, true],
      [true, false],
      [false, false],
    ]);
    await page.waitForSelector(`[data-kind="artwork"][data-key="${goneKey}"]`);
    await screenshot(page, 'web-history-9-undeleted');
  });

  it('looks right in the dark theme, and logged no page errors', async () => {
    await page.click(`[data-kind="artwork"][data-key="${key}"]`);
    await page.waitForSelector(
      `[data-testid="version-panel"][data-key="${key}"] [data-testid="version-row"]`,
    );
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await thumbnailsLoaded(page, 3, 'version-thumbnail', 320);
    await page.waitForTimeout(250);
    await screenshot(page, 'web-history-10-dark');
    expect(pageErrors).toEqual([]);
  });
});
