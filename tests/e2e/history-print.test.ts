import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
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

// The staff walk-through, everything real (API + PostgreSQL, STS on RGW, keychain,
// Chromium through the web host): a TIFF artwork with several versions shows its previews and
// print facts without a reload, two are compared in swipe mode, one is labelled "print master",
// the folder is shown as of yesterday and as of a moment between two versions, and a share
// link is made, opened (the bytes match) and revoked (410 Gone, with a page that says so).

const run = randomBytes(4).toString('hex');
const password = 'correct horse battery staple';
const staff = {
  email: `ines-${run}@example.com`,
  password,
  role: 'staff',
  artistId: null,
  displayName: 'Inès Marguerite Okonkwo-Villeneuve',
} as const;
const artistId = `marguerite-${run}`;
const folder = `artists/${artistId}/Harbour series — commissioned prints for the autumn exhibition/`;
const landscape = `${folder}Harbour at dusk, after the storm — large-format print (proof 3).tif`;
const portrait = `${folder}The lighthouse keeper’s daughter, portrait study in oils on linen.tif`;

/** A painting-like TIFF (sky, sea, sun) at a print resolution. */
async function tiff(w: number, h: number, colours: [string, string, string], ppi: number, bits: 8 | 16) {
  const [sky, sea, sun] = colours;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="${w}" height="${h}" fill="${sky}"/><circle cx="${w * 0.68}" cy="${h * 0.45}" r="${Math.min(w, h) * 0.14}" fill="${sun}"/>
    <rect y="${h * 0.6}" width="${w}" height="${h * 0.4}" fill="${sea}"/></svg>`;
  const img = sharp(Buffer.from(svg)).removeAlpha();
  return (bits === 16 ? img.toColourspace('rgb16') : img)
    .withMetadata({ density: ppi })
    .tiff({ compression: 'lzw' })
    .toBuffer();
}

async function putTiff(s3: S3Client, bucket: string, key: string, body: Buffer): Promise<string> {
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'image/tiff',
      Metadata: { 'uploaded-by': `${artistId}@example.com` },
    }),
  );
  return out.VersionId!;
}

/** "2026-12-01T23:58:09" in the browser's (and this process's) time zone, for datetime-local. */
function localMoment(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

async function showAsOf(
  page: Page,
  at: Date,
): Promise<Array<{ state: string; differs: string; name: string }>> {
  await page.fill('[data-testid="as-of-moment"]', localMoment(at));
  await page.click('[data-testid="as-of-dialog"] button[type="submit"]');
  // The list says which moment it shows: wait for this one (not the previous answer).
  await page.waitForSelector(
    `[data-testid="as-of-list"][data-at="${new Date(localMoment(at)).toISOString()}"]`,
  );
  return page.$$eval('[data-testid="as-of-row"]', (els) =>
    els.map((e) => ({
      state: (e as HTMLElement).dataset.state ?? '',
      differs: (e as HTMLElement).dataset.differs ?? '',
      name: e.querySelector('.as-of__name')?.textContent ?? '',
    })),
  );
}

describe('History for print files in Chromium via the web host', () => {
  let api: TestApi;
  let s3: S3Client;
  let bucket: string;
  let ui: HistoryPage;
  let page: Page;
  const bytes: Buffer[] = [];
  const v: string[] = [];
  let between: Date;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('e2e-print');
    api = await startTestApi({ services: testServices(), bucket, logs: [] });
    await api.createUser(staff);
    bytes.push(await tiff(1800, 1200, ['#f2b880', '#3f6e8c', '#fff3c4'], 300, 8));
    bytes.push(await tiff(1800, 1200, ['#5b4a8a', '#1d3550', '#ff9a5c'], 300, 16));
    bytes.push(await tiff(2400, 1600, ['#c7d7e0', '#2f4f5f', '#f6e27a'], 240, 8));
    v.push(await putTiff(s3, bucket, landscape, bytes[0]!));
    v.push(await putTiff(s3, bucket, landscape, bytes[1]!));
    await new Promise((r) => setTimeout(r, 1500));
    between = new Date();
    await new Promise((r) => setTimeout(r, 1500));
    v.push(await putTiff(s3, bucket, landscape, bytes[2]!));
    await putTiff(s3, bucket, portrait, await tiff(1200, 1800, ['#e9e4d8', '#7a6a55', '#c0392b'], 300, 8));
    // Recropped square for the catalogue: Compare must show the portrait and the square whole.
    await putTiff(s3, bucket, portrait, await tiff(1500, 1500, ['#dfe8e4', '#56705f', '#d35400'], 300, 8));
    ui = await openHistoryPage({
      name: 'print',
      apiUrl: api.url,
      email: staff.email,
      password,
      viewport: { width: 1280, height: 820 },
    });
    page = ui.page;
  });
  afterAll(async () => {
    await ui?.close();
    await api?.dispose();
    s3?.destroy();
  });

  it('opens a TIFF artwork: every version shows its preview and print facts without a reload', async () => {
    await page.click('button.nav-item[data-view="history"]');
    await page.click(`[data-kind="folder"][data-prefix="artists/${artistId}/"]`);
    await page.click(`[data-kind="folder"][data-prefix="${folder}"]`);
    await page.click(`[data-kind="artwork"][data-key="${landscape}"]`);
    await page.waitForSelector('[data-testid="version-row"]');
    expect((await versionRows(page)).map((r) => r.version)).toEqual([v[2], v[1], v[0]]);
    await thumbnailsLoaded(page, 3);
    // No transparency in these TIFFs: a plain neutral ground behind the letterbox, no checkerboard.
    const grounds = await page.$$eval('img[data-testid="version-thumbnail"]', (els) =>
      els.map((e) => getComputedStyle(e.parentElement!).backgroundImage),
    );
    expect(grounds).toEqual(['none', 'none', 'none']);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="version-print"]')].every(
          (e) => (e as HTMLElement).dataset.state !== 'loading',
        ),
      undefined,
      { timeout: 15_000 },
    );
    const facts = await page.$$eval('[data-testid="version-print"]', (els) => els.map((e) => e.textContent));
    expect(facts[0]).toContain('2400 × 1600 px');
    expect(facts[0]).toContain('240 ppi');
    expect(facts[1]).toContain('16-bit');
    expect(facts[2]).toContain('1800 × 1200 px');
    expect(facts[2]).toContain('300 ppi');
    await screenshot(page, 'web-print-1-landscape-light');
  });

  it('compares the first and the last version in swipe mode, the pixel size marked as changed', async () => {
    await page.click(`[data-version="${v[0]}"] [data-action="compare"]`);
    await page.click(`[data-version="${v[2]}"] [data-action="compare"]`);
    await page.click('[data-testid="compare-open"]');
    await page.waitForSelector('[data-testid="compare-dialog"]');
    await page.click('[data-mode="swipe"]');
    await page.waitForSelector('[data-testid="compare-swipe"]');
    await thumbnailsLoaded(page, 2, 'compare-image');
    await page.fill('[data-testid="compare-swipe-range"]', '40');
    const changed = await page.$$eval('[data-testid="compare-diff"] tr[data-changed="true"] th', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(changed.some((t) => t.startsWith('Pixel size'))).toBe(true);
    await screenshot(page, 'web-print-2-swipe');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="compare-dialog"]', { state: 'detached' });
  });

  it('labels the newest version "print master" with a note, kept by the API', async () => {
    await page.click(`[data-version="${v[2]}"] [data-action="label"]`);
    await page.waitForSelector('[data-testid="label-dialog"]');
    await page.click('[data-testid="label-dialog"] [data-label="print master"]');
    await page.fill(
      '[data-testid="label-note"]',
      'Matches the signed proof <3> — use for the 120 cm edition',
    );
    await screenshot(page, 'web-print-3-label-dialog');
    await page.click('[data-testid="label-save"]');
    await page.waitForSelector('[data-testid="label-dialog"]', { state: 'detached' });
    await page.waitForSelector(
      `[data-version="${v[2]}"] [data-testid="version-labels"] [data-label="print master"]`,
    );
    expect(await page.textContent(`[data-version="${v[2]}"] [data-testid="version-labels"]`)).toContain(
      'Matches the signed proof <3>',
    );
    const kept = await ui.context.handlers['history.label-find']({ prefix: folder, label: 'print master' });
    expect(kept.map((l) => [l.key, l.versionId, l.updatedBy])).toEqual([[landscape, v[2], staff.email]]);
    await screenshot(page, 'web-print-4-labelled');
  });

  it('shows the folder as of yesterday, and as of a moment between two versions', async () => {
    await page.click('[data-testid="history-as-of"]');
    await page.waitForSelector('[data-testid="as-of-dialog"]');
    const yesterday = await showAsOf(page, new Date(Date.now() - 86_400_000));
    expect(yesterday.map((r) => r.state)).toEqual(['absent', 'absent']);
    const then = await showAsOf(page, between);
    const row = then.find((r) => landscape.endsWith(r.name))!;
    expect(row).toMatchObject({ state: 'version', differs: 'true' });
    expect(then.find((r) => portrait.endsWith(r.name))).toMatchObject({ state: 'absent' });
    await screenshot(page, 'web-print-5-as-of');
    // Now: the newest version, with the label it was given.
    const now = await showAsOf(page, new Date());
    expect(now.find((r) => landscape.endsWith(r.name))).toMatchObject({ state: 'version', differs: 'false' });
    expect(await page.textContent('[data-testid="as-of-row"] [data-label="print master"]')).toBe(
      'print master',
    );
    await screenshot(page, 'web-print-5b-as-of-now');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="as-of-dialog"]', { state: 'detached' });
  });

  it('makes a share link to the middle version, opens it (bytes match), revokes it (410 Gone page)', async () => {
    await page.click(`[data-version="${v[1]}"] [data-action="share"]`);
    await page.waitForSelector('[data-testid="share-dialog"]');
    await page.click('[data-testid="share-dialog"] [data-seconds="2592000"]');
    await page.click('[data-testid="share-create"]');
    await page.waitForSelector('[data-testid="share-result"]');
    const url = await page.inputValue('[data-testid="share-url"]');
    expect(url.startsWith(`${api.url}/s/`)).toBe(true);
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes[1]!)).toBe(true);
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: landscape, VersionId: v[1] }));
    expect(Buffer.from(await original.Body!.transformToByteArray()).equals(bytes[1]!)).toBe(true);
    await page.waitForSelector('[data-testid="share-row"][data-state="live"]');
    await screenshot(page, 'web-print-6-share');

    await page.click('[data-testid="share-row"][data-state="live"] [data-action="revoke"]');
    await page.waitForSelector('[data-testid="share-row"][data-state="revoked"]');
    expect(await page.locator('[data-testid="share-result"]').count()).toBe(0);
    await transitionsDone(page);
    await screenshot(page, 'web-print-7-revoked');
    // Opened in the browser, the link now answers 410 Gone with a page that says so.
    const visitor = await page.context().newPage();
    const gone = await visitor.goto(url);
    expect(gone?.status()).toBe(410);
    expect(await visitor.textContent('h1')).toBe('This link was revoked');
    await screenshot(visitor, 'web-print-8-gone');
    await visitor.close();
    await page.keyboard.press('Escape');
  });

  it('looks right in the dark theme, with a portrait artwork and long names, and logged no page errors', async () => {
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await transitionsDone(page);
    await screenshot(page, 'web-print-9-landscape-dark');
    await page.click(`[data-kind="artwork"][data-key="${portrait}"]`);
    await page.waitForSelector(
      `[data-testid="version-panel"][data-key="${portrait}"] [data-testid="version-row"]`,
    );
    await thumbnailsLoaded(page, 2);
    await transitionsDone(page);
    await screenshot(page, 'web-print-10-portrait-dark');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    await transitionsDone(page);
    await screenshot(page, 'web-print-11-portrait-light');
    expect(ui.pageErrors).toEqual([]);
  });

  it('compares a portrait with a square version side by side, each shown whole in the shared frame', async () => {
    const rows = await versionRows(page);
    expect(rows).toHaveLength(2);
    for (const r of rows) await page.click(`[data-version="${r.version}"] [data-action="compare"]`);
    await page.click('[data-testid="compare-open"]');
    await page.waitForSelector('[data-testid="compare-dialog"]');
    await thumbnailsLoaded(page, 2, 'compare-image');
    await screenshot(page, 'web-print-12-compare-portrait-square');
    const drawn = await page.$$eval('img[data-testid="compare-image"]', (els) =>
      els.map((el) => {
        const img = el as HTMLImageElement;
        const box = img.getBoundingClientRect();
        const frame = img.closest('.compare__frame')!.getBoundingClientRect();
        // What object-fit: contain draws inside the element's box, centred.
        const scale = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight);
        const w = img.naturalWidth * scale;
        const h = img.naturalHeight * scale;
        const left = box.left + (box.width - w) / 2;
        const top = box.top + (box.height - h) / 2;
        return {
          aspect: w / h,
          natural: img.naturalWidth / img.naturalHeight,
          inside:
            left >= frame.left - 0.5 &&
            left + w <= frame.right + 0.5 &&
            top >= frame.top - 0.5 &&
            top + h <= frame.bottom + 0.5 &&
            frame.bottom <= window.innerHeight + 0.5,
          fit: getComputedStyle(img).objectFit,
        };
      }),
    );
    expect(drawn).toHaveLength(2);
    for (const d of drawn) {
      expect(d).toMatchObject({ inside: true, fit: 'contain' });
      expect(d.aspect).toBeCloseTo(d.natural, 2);
    }
    expect(drawn.map((d) => Math.round(d.natural * 100) / 100).sort()).toEqual([0.67, 1]);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="compare-dialog"]', { state: 'detached' });
  });
});
