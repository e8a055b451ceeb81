import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { screenshot } from './support/artifacts';
import {
  openHistoryPage,
  thumbnailsLoaded,
  transitionsDone,
  versionRows,
  type HistoryPage,
} from './support/history-page';
import { adminS3, freshBucket, testServices } from '../support/services';
import { startTestApi, type TestApi } from '../integration/identity-api';
import { testAccount } from '../support/test-accounts';

// An artist's own History in Debian's Chromium through the web host, everything real: the
// Copper API (PostgreSQL, an STS credential scoped to artists/<id>/ on Ceph RGW), the session
// in the Secret Service. They see their own folder only, compare and share their versions,
// and no staff-only action (restore, undo delete, labels, folder restore, cost) is shown.

const run = randomBytes(4).toString('hex');
const ada = testAccount('artist', 'Ada', run);
const bea = testAccount('artist', 'Bea', run);
const root = `artists/${ada.artistId}/`;
const folder = `${root}Harbour series — proofs for the autumn catalogue/`;
const landscape = `${folder}harbour at dusk, 9000x6000, final proof for the printer (v3).png`;
const portrait = `${folder}lighthouse.png`;
const gone = `${folder}withdrawn sketch.png`;

function painting(width: number, height: number, sky: string, sea: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="${sky}"/>
    <circle cx="${width * 0.7}" cy="${height * 0.4}" r="${Math.min(width, height) / 8}" fill="#fff3c4"/>
    <rect y="${height * 0.6}" width="${width}" height="${height * 0.4}" fill="${sea}"/></svg>`;
  // Flattened: a painting has no alpha, so it shows on the neutral ground, not a checkerboard.
  return sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer();
}

async function putPng(s3: S3Client, bucket: string, key: string, body: Buffer, by: string): Promise<string> {
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'image/png',
      Metadata: { 'uploaded-by': by },
    }),
  );
  return out.VersionId!;
}

const dataIds = (page: Page, selector: string, attr: string) =>
  page.$$eval(selector, (els, a) => els.map((e) => (e as HTMLElement).getAttribute(a) ?? ''), attr);

describe("An artist's own History in Chromium via the web host", () => {
  let api: TestApi;
  let s3: S3Client;
  let bucket: string;
  let ui: HistoryPage;
  let page: Page;
  let v1: string;
  let v2: string;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('e2e-artist');
    api = await startTestApi({ services: testServices(), bucket, logs: [] });
    await api.createUser(ada);
    await api.createUser(bea);
    v1 = await putPng(s3, bucket, landscape, await painting(320, 213, '#f2b880', '#3f6e8c'), ada.email);
    v2 = await putPng(s3, bucket, landscape, await painting(320, 213, '#5b4a8a', '#1d3550'), ada.email);
    await putPng(s3, bucket, portrait, await painting(200, 320, '#bcd8ec', '#27566e'), ada.email);
    await putPng(s3, bucket, `${root}cover.png`, await painting(240, 240, '#e9e4d8', '#7a6a55'), ada.email);
    // The gallery took one down (staff delete; the artist's credential cannot).
    await putPng(s3, bucket, gone, await painting(240, 160, '#dddddd', '#888888'), ada.email);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: gone }));
    await putPng(
      s3,
      bucket,
      `artists/${bea.artistId}/not for ada.png`,
      await painting(240, 240, '#aa2222', '#220000'),
      bea.email,
    );
    ui = await openHistoryPage({
      name: 'history-artist',
      apiUrl: api.url,
      email: ada.email,
      password: ada.password,
    });
    page = ui.page;
  });
  afterAll(async () => {
    await ui?.close();
    await api?.dispose();
    s3?.destroy();
  });

  it('offers History to the artist, starting at their own folder with nothing above it', async () => {
    await page.waitForSelector('button.nav-item[data-view="history"]');
    await page.click('button.nav-item[data-view="history"]');
    await page.waitForSelector('[data-testid="artwork-list"] [data-kind="folder"]');
    expect(await page.textContent('.view-header')).toContain('your artworks');
    const crumbs = await page.$$eval('[data-testid="history-breadcrumb"] li', (els) =>
      els.map((e) => e.textContent?.trim()),
    );
    expect(crumbs).toEqual(['My artworks']);
    expect(await dataIds(page, '[data-kind="folder"]', 'data-prefix')).toEqual([folder]);
    expect(await dataIds(page, '[data-kind="artwork"]', 'data-key')).toEqual([`${root}cover.png`]);
    expect(await page.textContent('.history__panes')).not.toContain('not for ada');
    // Their own storage, without the gallery's cost estimate.
    await page.waitForSelector('[data-testid="storage-total"]');
    expect(await page.textContent('[data-testid="storage-summary"]')).not.toContain('Est. per month');
    await screenshot(page, 'web-history-artist-1-root');

    await page.click(`[data-kind="folder"][data-prefix="${folder}"]`);
    await page.waitForSelector(`[data-kind="artwork"][data-key="${landscape}"]`);
    expect(await dataIds(page, '[data-kind="artwork"]', 'data-key')).toEqual([landscape, portrait]);
  });

  it('shows their versions with previews and no staff-only action, and compares two', async () => {
    await page.click(`[data-kind="artwork"][data-key="${landscape}"]`);
    await page.waitForSelector('[data-testid="version-row"]');
    expect(await versionRows(page)).toEqual([
      { version: v2, current: true, marker: false },
      { version: v1, current: false, marker: false },
    ]);
    await thumbnailsLoaded(page, 2, 'version-thumbnail');
    // Not disabled: not there.
    for (const action of ['restore', 'undelete', 'label'])
      expect(await page.locator(`[data-action="${action}"]`).count()).toBe(0);
    expect(await page.locator(`[data-version="${v1}"] [data-action="download"]`).count()).toBe(1);
    expect(await page.locator(`[data-version="${v1}"] [data-action="share"]`).count()).toBe(1);
    await screenshot(page, 'web-history-artist-2-versions-light');

    await page.click(`[data-version="${v2}"] [data-action="compare"]`);
    await page.click(`[data-version="${v1}"] [data-action="compare"]`);
    await page.click('[data-testid="compare-open"]');
    await page.waitForSelector('[data-testid="compare-dialog"]');
    expect(await dataIds(page, '[data-testid="compare-side"]', 'data-version')).toEqual([v1, v2]);
    await thumbnailsLoaded(page, 2, 'compare-image');
    expect(await page.locator('[data-testid="compare-dialog"] [data-action="restore"]').count()).toBe(0);
    await screenshot(page, 'web-history-artist-3-compare');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="compare-dialog"]', { state: 'detached' });
  });

  it('shares a version for at most 7 days, and the link serves its bytes', async () => {
    await page.click(`[data-version="${v1}"] [data-action="share"]`);
    await page.waitForSelector('[data-testid="share-dialog"]');
    expect(await dataIds(page, '[data-testid="share-dialog"] [data-seconds]', 'data-seconds')).toEqual([
      '86400',
      '604800',
    ]);
    await page.click('[data-testid="share-dialog"] [data-seconds="604800"]');
    await page.click('[data-testid="share-create"]');
    await page.waitForSelector('[data-testid="share-result"]');
    const url = await page.inputValue('[data-testid="share-url"]');
    expect(url).toMatch(new RegExp(`^${api.url}/s/[A-Za-z0-9_-]{22}$`));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(320);
    await page.waitForSelector('[data-testid="share-row"][data-state="live"] [data-action="revoke"]');
    await screenshot(page, 'web-history-artist-4-share');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="share-dialog"]', { state: 'detached' });
  });

  it('shows the folder as of a moment, without a folder restore', async () => {
    await page.click('[data-testid="history-as-of"]');
    await page.waitForSelector('[data-testid="as-of-dialog"]');
    await page.fill('[data-testid="as-of-moment"]', '2099-01-01T00:00');
    await page.click('[data-testid="as-of-dialog"] button[type="submit"]');
    await page.waitForSelector('[data-testid="as-of-row"]');
    expect(await dataIds(page, '[data-testid="as-of-row"]', 'data-state')).toEqual([
      'version',
      'version',
      'deleted',
    ]);
    expect(await page.locator('[data-action="restore-folder"]').count()).toBe(0);
    await screenshot(page, 'web-history-artist-5-as-of');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="as-of-dialog"]', { state: 'detached' });
  });

  it('shows a deleted artwork with its delete marker, and no undo', async () => {
    await page.check('[data-testid="show-deleted"]');
    await page.click(`[data-kind="deleted"][data-key="${gone}"]`);
    await page.waitForSelector(
      `[data-testid="version-panel"][data-key="${gone}"] [data-delete-marker="true"]`,
    );
    expect((await versionRows(page)).map((r) => [r.marker, r.current])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(await page.locator('[data-action="undelete"], [data-action="restore"]').count()).toBe(0);
    expect(await page.textContent('[data-delete-marker="true"]')).toContain(
      'gallery staff can bring it back',
    );
    await screenshot(page, 'web-history-artist-6-deleted');
    await page.uncheck('[data-testid="show-deleted"]');
  });

  it('looks right in the dark theme with a portrait artwork, and logged no page errors', async () => {
    await page.click(`[data-kind="artwork"][data-key="${portrait}"]`);
    await page.waitForSelector(
      `[data-testid="version-panel"][data-key="${portrait}"] [data-testid="version-row"]`,
    );
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await thumbnailsLoaded(page, 1, 'version-thumbnail');
    await transitionsDone(page);
    await screenshot(page, 'web-history-artist-7-portrait-dark');
    await page.click(`[data-kind="artwork"][data-key="${landscape}"]`);
    await page.waitForSelector(
      `[data-testid="version-panel"][data-key="${landscape}"] [data-testid="version-row"]`,
    );
    await thumbnailsLoaded(page, 2, 'version-thumbnail');
    await transitionsDone(page);
    await screenshot(page, 'web-history-artist-8-versions-dark');
    await page.click(`[data-version="${v2}"] [data-action="compare"]`);
    await page.click(`[data-version="${v1}"] [data-action="compare"]`);
    await page.click('[data-testid="compare-open"]');
    await thumbnailsLoaded(page, 2, 'compare-image');
    await transitionsDone(page);
    await screenshot(page, 'web-history-artist-9-compare-dark');
    await page.keyboard.press('Escape');
    expect(ui.pageErrors).toEqual([]);
  });
});
