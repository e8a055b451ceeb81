import { copyFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createAppContext, type AppContext } from '../../core/app-context';
import type { WebHost } from '../../hosts/web/web-host';
import { adminS3, freshBucket } from '../support/services';
import { noisyImage } from '../support/test-images';
import {
  adminProvider,
  fastTestOptions,
  makeFile,
  sha256File,
  sha256Object,
} from '../support/upload-helpers';
import { webTarget, type UiSession } from './support/targets';
import { screenshot } from './support/artifacts';
import { showInChromium } from './support/queue-ui';
import { axeFindings, tabUntil } from './support/axe';
import { catalogSettled as settled } from './support/catalog-page';
import { makeArtworkCorpus, type ArtworkCorpus } from '../support/artwork-corpus';

// The artist's Library end to end: the generated printer's corpus plus portrait, landscape and
// square artworks with long names, through the web host in Chromium; the Library must show each
// artwork whole and keep everything across a reload and a restart of the core.

let session: UiSession | undefined;
let dir: string;
let corpus: ArtworkCorpus;

async function addPath(page: Page, path: string): Promise<void> {
  await page.fill('#path-input', path);
  await page.click('.path-form button[type="submit"]');
}

/** How each cell's picture sits in its box: the drawn image (object-fit: contain) must fit inside, never be cut. */
async function fits(page: Page) {
  return page.locator('[data-testid="catalog-cell"] img').evaluateAll((els) =>
    els.map((el) => {
      const img = el as HTMLImageElement;
      const box = img.getBoundingClientRect();
      const frame = img.parentElement!.getBoundingClientRect();
      const scale = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight);
      return {
        name: img.closest('[data-testid="catalog-cell"]')!.querySelector('.catalog-cell__name')!.textContent,
        loaded: img.naturalWidth > 0,
        inside:
          box.left >= frame.left - 0.5 &&
          box.right <= frame.right + 0.5 &&
          box.top >= frame.top - 0.5 &&
          box.bottom <= frame.bottom + 0.5,
        drawn: [img.naturalWidth * scale, img.naturalHeight * scale],
        fit: getComputedStyle(img).objectFit,
      };
    }),
  );
}

describe('the artist’s Library [chromium via the web host]', () => {
  beforeAll(async () => {
    const reason = webTarget.unavailable();
    if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
    dir = mkdtempSync(join(tmpdir(), 'copper-e2e-library-'));
    corpus = await makeArtworkCorpus(join(dir, 'Artist'));
    const shapes: [string, number, number][] = [
      ['portrait tall study for the harbour series, final print master 9000x6000.jpg', 300, 900],
      ['landscape.jpg', 900, 300],
      ['square.png', 500, 500],
    ];
    for (const [name, width, height] of shapes)
      await sharp({ create: { width, height, channels: 3, background: '#b4622b' } }).toFile(
        join(corpus.root, name),
      );
    session = await webTarget.start();
  });
  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows every artwork whole (portrait, landscape, square, PSD), then keeps the Library across a reload and a core restart', async () => {
    const { page } = session!;
    await page.waitForSelector('.sidebar');
    await page.click('button.nav-item[data-view="library"]');
    await addPath(page, corpus.root);
    await page.waitForSelector('[data-testid="catalog"]');
    await settled(page);
    expect(await page.textContent('[data-testid="catalog-count"]')).toBe('12');

    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="catalog-cell"] img')].every(
          (i) => (i as HTMLImageElement).complete,
        ),
      undefined,
      { timeout: 10_000 },
    );
    const pictures = await fits(page);
    expect(pictures.length).toBeGreaterThanOrEqual(11);
    for (const p of pictures) {
      expect(p, p.name ?? '').toMatchObject({ loaded: true, inside: true, fit: 'contain' });
    }
    // The portrait artwork is drawn taller than wide, the landscape wider than tall: whole, not cropped to the cell.
    const portrait = pictures.find((p) => p.name?.startsWith('portrait'))!;
    expect(portrait.drawn[1]! / portrait.drawn[0]!).toBeCloseTo(3, 0);
    const landscape = pictures.find((p) => p.name === 'landscape.jpg')!;
    expect(landscape.drawn[0]! / landscape.drawn[1]!).toBeCloseTo(3, 0);
    // PSD and PSB thumbnails are there.
    for (const name of ['layered study.psd', 'large format.psb', 'preview only.psd'])
      expect(
        pictures.find((p) => p.name === name),
        name,
      ).toMatchObject({ loaded: true });
    // "9000x6000" keeps its letter x (Inter's contextual alternates are off).
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFeatureSettings)).toContain(
      '"calt" 0',
    );

    // Each cell says its state; not signed in, nothing is queued: every artwork is new.
    const states = await page.locator('[data-testid="catalog-state"]').allTextContents();
    expect(new Set(states)).toEqual(new Set(['New']));

    // Search by name narrows the grid.
    await page.fill('[data-testid="catalog-search"]', 'psd');
    await expect.poll(() => page.locator('[data-testid="catalog-cell"]').count()).toBe(2);
    expect(await page.textContent('[data-testid="catalog-shown"]')).toBe('2 of 12 shown');
    await page.fill('[data-testid="catalog-search"]', '');

    await screenshot(page, 'web-library-whole-light');
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
    });
    await page.waitForTimeout(300);
    await screenshot(page, 'web-library-whole-dark');
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'light';
    });

    // A reload shows the same Library at once, from the core's database.
    await page.reload();
    await page.click('button.nav-item[data-view="library"]');
    await page.waitForSelector('[data-testid="catalog"]');
    await settled(page);
    expect(await page.textContent('[data-testid="catalog-count"]')).toBe('12');
    expect(await page.locator('.source-row').count()).toBe(1);

    // A restarted core (new process state, same data folder) lists it all again, one source.
    await session!.restartCore!();
    await page.waitForSelector('.sidebar');
    await page.click('button.nav-item[data-view="library"]');
    await page.waitForSelector('[data-testid="catalog"]');
    await settled(page);
    expect(await page.textContent('[data-testid="catalog-count"]')).toBe('12');
    expect(await page.locator('.source-row').count()).toBe(1);
    // Added again: still one source.
    await addPath(page, corpus.root);
    await settled(page);
    expect(await page.locator('.source-row').count()).toBe(1);
    await screenshot(page, 'web-library-after-restart');
  });
});

// The Library against a bucket (real RGW, an in-process core with a credential for a fresh
// bucket): damaged, empty and duplicate files held back with their reasons, progress that never
// goes back across a pause, "Differs from gallery" after someone else's version, and a
// keyboard-only pass with axe-core over the Library and the Queue.

interface BucketUi {
  page: Page;
  context: AppContext;
  host: WebHost;
  browser: Browser;
}

async function openBucketUi(dataDir: string, bucket: string): Promise<BucketUi> {
  const reason = webTarget.unavailable();
  if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
  const context = createAppContext({
    dataDir,
    host: 'web',
    version: '0.0.0-e2e',
    heartbeatMs: 500,
    keychainService: `copper-e2e-library-${Date.now()}`,
    accountLog: { info: () => {}, warn: () => {} },
    s3Credentials: adminProvider(bucket, { prefix: 'artists/e2e/' }),
    uploadOptions: fastTestOptions,
  });
  return { ...(await showInChromium(context)), context };
}

/** Someone else (staff, admin keys) writes a new version of a key. */
async function staffEdit(bucket: string, key: string): Promise<void> {
  const s3 = adminS3();
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'staff edit' }));
  } finally {
    s3.destroy();
  }
}

async function shootBoth(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'dark';
  });
  await page.waitForTimeout(200);
  await screenshot(page, `${name}-dark`);
  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'light';
  });
}

describe('the Library against the bucket [chromium via the web host, real RGW]', () => {
  let ui: BucketUi | undefined;
  let root: string;
  let bucket: string;
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'copper-e2e-library-bucket-'));
    bucket = await freshBucket('e2e-library');
    root = join(work, 'Harbour Show');
    mkdirSync(root, { recursive: true });
    const noisy = noisyImage;
    await noisy(300, 900)
      .jpeg()
      .toFile(join(root, 'portrait study of the harbour wall at low tide, 9000x6000.jpg'));
    await noisy(900, 300).jpeg().toFile(join(root, 'landscape.jpg'));
    await noisy(500, 500).png().toFile(join(root, 'square.png'));
    await noisy(800, 600).tiff({ compression: 'none' }).toFile(join(root, 'Proof broken.tif'));
    truncateSync(join(root, 'Proof broken.tif'), 200_000);
    writeFileSync(join(root, 'Empty.png'), '');
    await noisy(320, 240).jpeg().toFile(join(root, 'Gull.jpg'));
    copyFileSync(join(root, 'Gull.jpg'), join(root, 'Gull again.jpg'));
    await makeFile(root, 'Big canvas.tif', 12 * 1024 * 1024);
    ui = await openBucketUi(join(work, 'profile'), bucket);
  });
  afterAll(async () => {
    await ui?.browser.close();
    await ui?.host.close();
    await ui?.context.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds back the damaged, empty and duplicate files with their reasons, and progress never goes back across a pause', async () => {
    const { page, context } = ui!;
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: 1024 * 1024 });
    await page.click('button.nav-item[data-view="library"]');
    await addPath(page, root);
    await page.waitForSelector('[data-testid="catalog"]');
    const cell = (name: string) =>
      page.locator('[data-testid="catalog-cell"]', {
        has: page.locator('.catalog-cell__name', { hasText: new RegExp(`^${name}$`) }),
      });
    const stateOf = (name: string) => cell(name).getAttribute('data-library-state');

    // Sample the big file's progress as the Library shows it, every 100 ms, from the page itself.
    await page.evaluate(() => {
      const w = window as unknown as { samples: [string, number][] };
      w.samples = [];
      setInterval(() => {
        const c = [...document.querySelectorAll('[data-testid="catalog-cell"]')].find(
          (el) => el.querySelector('.catalog-cell__name')?.textContent === 'Big canvas.tif',
        );
        const kind = c?.getAttribute('data-library-state') ?? '';
        const text = c?.querySelector('[data-testid="catalog-state"]')?.textContent ?? '';
        w.samples.push([kind, Number(/(\d+)%/.exec(text)?.[1] ?? (kind === 'uploaded' ? 100 : -1))]);
      }, 100);
    });

    await expect.poll(() => stateOf('Proof broken.tif'), { timeout: 20_000 }).toBe('held-back');
    expect(await stateOf('Empty.png')).toBe('held-back');
    // The first in the folder's order ("Gull again.jpg" sorts before "Gull.jpg") uploads; the other is held back naming it.
    expect(await stateOf('Gull.jpg')).toBe('duplicate');
    const reasons = async (name: string) =>
      cell(name).locator('[data-testid="catalog-state"]').getAttribute('data-reason');
    expect(await reasons('Proof broken.tif')).toMatch(/Proof broken\.tif is damaged or truncated/);
    expect(await reasons('Empty.png')).toMatch(/Empty\.png is empty \(0 bytes\)/);
    expect(await reasons('Gull.jpg')).toContain(`same content as ${join(root, 'Gull again.jpg')}`);

    // Pause while the big file is part way, then resume: the sampled percentages never go down.
    await page.waitForFunction(
      () =>
        (window as unknown as { samples: [string, number][] }).samples.some(
          ([k, p]) => k === 'uploading' && p >= 5,
        ),
      undefined,
      { timeout: 30_000 },
    );
    await context.handlers['queue.pause']({});
    await expect.poll(() => stateOf('Big canvas.tif')).toBe('paused');
    await page.waitForTimeout(1200);
    await shootBoth(page, 'web-library-held-back-paused');
    await context.handlers['queue.resume']({});
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: null });
    await expect.poll(() => stateOf('Big canvas.tif'), { timeout: 60_000 }).toBe('uploaded');
    await page.waitForTimeout(300);
    const samples = (await page.evaluate(
      () => (window as unknown as { samples: [string, number][] }).samples,
    )) as [string, number][];
    const moving = samples.filter(([k]) => ['uploading', 'paused', 'queued', 'uploaded'].includes(k));
    expect(moving.some(([k]) => k === 'paused')).toBe(true);
    const percents = moving.map(([, p]) => p).filter((p) => p >= 0);
    for (let i = 1; i < percents.length; i++)
      expect(
        percents[i]!,
        `sample ${i}: ${percents.slice(Math.max(0, i - 3), i + 1).join(' → ')}`,
      ).toBeGreaterThanOrEqual(percents[i - 1]!);
    expect(await sha256Object(bucket, 'artists/e2e/Harbour Show/Big canvas.tif')).toBe(
      await sha256File(join(root, 'Big canvas.tif')),
    );

    // The Queue says why, and "Upload anyway" sends the held-back file — by keyboard only.
    await page.click('button.nav-item[data-view="queue"]');
    await page.waitForSelector('[data-testid="queue-upload-anyway"]');
    const emptyRow = page.locator('[data-testid="queue-row"][data-key="artists/e2e/Harbour Show/Empty.png"]');
    expect(await emptyRow.locator('[data-testid="queue-row-state"]').textContent()).toBe('Held back');
    expect(
      await page
        .locator(
          '[data-testid="queue-row"][data-key="artists/e2e/Harbour Show/Gull.jpg"] [data-testid="queue-row-state"]',
        )
        .textContent(),
    ).toBe('Duplicate');
    // Held back is not failed: the headline counts them apart.
    expect(await page.textContent('[data-testid="queue-headline"]')).toBe('5 uploaded, 3 held back');
    await shootBoth(page, 'web-queue-held-back');
    await page.locator('body').focus();
    await tabUntil(page, '[aria-label="Upload anyway: Empty.png"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => emptyRow.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await axeFindings(page)).toEqual([]);
  });

  it('says "Differs from gallery" once someone else wrote the key, and passes a keyboard-only pass with axe', async () => {
    const { page } = ui!;
    await page.click('button.nav-item[data-view="library"]');
    await page.waitForSelector('[data-testid="catalog-compare"]');
    await staffEdit(bucket, 'artists/e2e/Harbour Show/landscape.jpg');
    await page.click('[data-testid="catalog-compare"]');
    const landscape = page.locator('[data-testid="catalog-cell"]', {
      has: page.locator('.catalog-cell__name', { hasText: /^landscape\.jpg$/ }),
    });
    await expect
      .poll(() => landscape.getAttribute('data-library-state'), { timeout: 20_000 })
      .toBe('differs');
    expect(await landscape.locator('[data-testid="catalog-state"]').textContent()).toBe(
      'Differs from gallery',
    );
    await page.selectOption('[data-testid="catalog-filter"]', 'differs');
    await expect.poll(() => page.locator('[data-testid="catalog-cell"]').count()).toBe(1);
    await page.selectOption('[data-testid="catalog-filter"]', 'all');
    await shootBoth(page, 'web-library-differs');

    // Keyboard only: from the top of the page, Tab reaches the search, the state filter, the
    // comparison, and a cell's state with its reason; typing searches.
    await page.locator('body').focus();
    await tabUntil(page, '[data-testid="catalog-search"]');
    await page.keyboard.type('gull');
    await expect.poll(() => page.locator('[data-testid="catalog-cell"]').count()).toBe(2);
    await tabUntil(page, '[data-testid="catalog-filter"]', 3);
    await tabUntil(page, '[data-testid="catalog-compare"]', 3);
    await tabUntil(page, '[data-testid="catalog-state"][data-reason]', 10);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(focused).toMatch(/^Duplicate: .*same content as/);
    await page.fill('[data-testid="catalog-search"]', '');
    expect(await axeFindings(page)).toEqual([]);
  });
});

// The details panel and the folder groups against a real bucket: open by mouse and by keyboard,
// the reader's metadata, the key, this machine's uploads and the gallery's version (which
// changes when staff replace the file); grouping with a collapsible header per folder; the
// Library at 1280×800 and 780×600, light and dark.
describe('the Library’s details panel and folder groups [chromium via the web host, real RGW]', () => {
  let ui: BucketUi | undefined;
  let work: string;
  let root: string;
  let bucket: string;
  const SHEETS = 80;
  const longName = 'portrait tall study for the harbour series, final print master 9000x6000.jpg';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'copper-e2e-library-details-'));
    bucket = await freshBucket('e2e-details');
    root = join(work, 'Harbour Show');
    await makeArtworkCorpus(root);
    const shapes: [string, number, number][] = [
      [longName, 300, 900],
      ['landscape of the breakwater in a north-westerly gale, second state.jpg', 900, 300],
      ['square.png', 500, 500],
    ];
    for (const [name, width, height] of shapes)
      await sharp({ create: { width, height, channels: 3, background: '#2b6cb4' } }).toFile(join(root, name));
    // The contact sheets: many small squares in a folder of their own.
    mkdirSync(join(root, 'Contact sheets'));
    for (let i = 0; i < SHEETS; i++)
      await sharp({
        create: {
          width: 48,
          height: 48,
          channels: 3,
          background: { r: i, g: 120, b: 90 },
          noise: { type: 'gaussian', mean: 120, sigma: 40 },
        },
      })
        .jpeg()
        .toFile(join(root, 'Contact sheets', `sheet ${String(i).padStart(3, '0')}.jpg`));
    ui = await openBucketUi(join(work, 'profile'), bucket);
    await ui.page.setViewportSize({ width: 1280, height: 800 });
  });
  afterAll(async () => {
    await ui?.browser.close();
    await ui?.host.close();
    await ui?.context.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const cell = (page: Page, name: string) =>
    page.locator('.catalog-grid__slot', {
      has: page.locator('.catalog-cell__name', {
        hasText: new RegExp(`^${name.replace(/[.()]/g, '\\$&')}$`),
      }),
    });

  it('opens by mouse and keyboard, shows the metadata, key, uploads and the gallery’s version', async () => {
    const { page, context } = ui!;
    await page.click('button.nav-item[data-view="library"]');
    await addPath(page, root);
    await page.waitForSelector('[data-testid="catalog"]');
    // ~100 images to read and upload on a shared 2-core machine: patience, not a speed test.
    await settled(page, 180_000);
    await context.queue.waitForIdle();
    await page.fill('[data-testid="catalog-search"]', 'harbour-300ppi');
    const xmp = cell(page, 'harbour-300ppi.jpg');
    await expect.poll(() => xmp.locator('.catalog-cell').getAttribute('data-library-state')).toBe('uploaded');

    // Mouse: a click opens the details beside the grid.
    await xmp.click();
    const details = page.locator('[data-testid="details"]');
    await details.waitFor();
    expect(await details.locator('[data-testid="details-name"]').textContent()).toBe('harbour-300ppi.jpg');
    expect(await details.locator('[data-testid="details-print"]').textContent()).toBe(
      '10 × 8 in · 25.4 × 20.3 cm',
    );
    expect(await details.locator('[data-testid="details-text-title"]').textContent()).toBe('Harbour at dawn');
    expect(await details.locator('[data-testid="details-text-creator"]').textContent()).toBe('Ada Lovelace');
    expect(await details.locator('[data-testid="details-state"]').textContent()).toBe('Uploaded');
    await expect
      .poll(() => details.locator('[data-testid="details-key"]').textContent())
      .toBe('artists/e2e/Harbour Show/harbour-300ppi.jpg');
    expect(await details.locator('[data-testid="details-upload"]').count()).toBe(1);
    const verdict = details.locator('[data-testid="details-gallery-verdict"]');
    await expect.poll(() => verdict.getAttribute('data-same')).toBe('true');
    expect(await details.locator('[data-testid="details-gallery-version"]').textContent()).toContain(
      'uploaded from this machine',
    );
    // Side by side at 1280 px: the panel does not cover the grid.
    const [grid, panel] = await Promise.all([
      page.locator('.catalog-grid').boundingBox(),
      details.boundingBox(),
    ]);
    expect(panel!.x).toBeGreaterThanOrEqual(grid!.x + grid!.width - 1);
    await page.fill('[data-testid="catalog-search"]', '');
    await shootBoth(page, 'web-library-details-1280');

    // Staff replace the file in the gallery: "Check again" says it is no longer this file.
    await staffEdit(bucket, 'artists/e2e/Harbour Show/harbour-300ppi.jpg');
    await details.getByRole('button', { name: 'Check the gallery again' }).click();
    await expect.poll(() => verdict.getAttribute('data-same')).toBe('false');
    expect(await details.locator('[data-testid="details-gallery-version"]').textContent()).not.toContain(
      'uploaded from this machine',
    );
    await details.locator('.details__scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await shootBoth(page, 'web-library-details-gallery-1280');

    // Escape closes, and focus is back on the cell it was opened from.
    await page.keyboard.press('Escape');
    await expect.poll(() => details.count()).toBe(0);

    // Keyboard: Tab from the search reaches a cell; Enter opens it, Escape closes, Space opens.
    await page.fill('[data-testid="catalog-search"]', 'portrait');
    await page.focus('[data-testid="catalog-search"]');
    await tabUntil(page, '.catalog-grid__slot', 8);
    await page.keyboard.press('Enter');
    await details.waitFor();
    expect(await details.locator('[data-testid="details-name"]').textContent()).toBe(longName);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'details-close',
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => details.count()).toBe(0);
    // Focus goes back to the artwork once the panel has closed (a frame later on a busy machine).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('catalog-grid__slot')))
      .toBe(true);
    await page.keyboard.press(' ');
    await details.waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    // Focus goes back to the artwork a frame after the panel closes; cleared first, the filter
    // would let that focus scroll the whole grid to the artwork, and the next test starts there.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('catalog-grid__slot')))
      .toBe(true);
    await page.fill('[data-testid="catalog-search"]', '');
  }, 300_000);

  it('groups by folder with collapsible headers, and stays usable at 780×600 without nested scrollbars', async () => {
    const { page } = ui!;
    await page.check('[data-testid="catalog-group-by-folder"]');
    const headers = page.locator('[data-testid="catalog-group"]');
    await expect.poll(() => headers.count()).toBeGreaterThanOrEqual(2);
    const labels = await headers.locator('.catalog-group__name').allTextContents();
    expect(labels.slice(0, 2)).toEqual(['Harbour Show', 'Harbour Show / Contact sheets']);
    const sheets = headers.filter({ hasText: 'Contact sheets' });
    expect(await sheets.locator('[data-testid="catalog-group-count"]').textContent()).toBe(String(SHEETS));
    expect(await sheets.textContent()).toContain(`${SHEETS} uploaded`);
    await shootBoth(page, 'web-library-grouped-1280');

    // Collapsed, the contact sheets leave the grid and the print files come into view.
    await sheets.getByRole('button').click();
    expect(await sheets.getByRole('button').getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.locator('.catalog-grid__slot[data-path*="Contact sheets"]').count()).toBe(0);
    await expect.poll(() => cell(page, 'layered study.psd').isVisible()).toBe(true);
    await shootBoth(page, 'web-library-grouped-collapsed-1280');

    // 780×600: the sources fold to one line, the grid keeps most of the height, and only the grid scrolls.
    await page.setViewportSize({ width: 780, height: 600 });
    await expect
      .poll(() => page.getAttribute('[data-testid="library-sources-toggle"]', 'aria-expanded'))
      .toBe('false');
    await page.waitForTimeout(300);
    await shootBoth(page, 'web-library-grouped-780');
    const layout = await page.evaluate(() => {
      const grid = document.querySelector('.catalog-grid') as HTMLElement;
      const scrolling = [...document.querySelectorAll<HTMLElement>('*')].filter(
        (el) =>
          el.scrollHeight > el.clientHeight + 1 &&
          ['auto', 'scroll'].includes(getComputedStyle(el).overflowY),
      );
      return {
        grid: grid.clientHeight,
        page: document.scrollingElement!.scrollHeight - document.scrollingElement!.clientHeight,
        scrollers: scrolling.map((el) => el.className),
      };
    });
    expect(layout.page).toBe(0);
    expect(layout.scrollers).toEqual(['catalog-grid']);
    // At least 1.7 rows of cells (236 px each) in view (it was 1.4 before the compact layout).
    expect(layout.grid).toBeGreaterThanOrEqual(1.7 * 236);

    await page.uncheck('[data-testid="catalog-group-by-folder"]');
    await page.fill('[data-testid="catalog-search"]', 'portrait');
    await cell(page, longName).click();
    const details = page.locator('[data-testid="details"]');
    await details.waitFor();
    await expect
      .poll(() => details.locator('[data-testid="details-gallery-verdict"]').getAttribute('data-same'))
      .toBe('true');
    await shootBoth(page, 'web-library-details-780');
    await page.keyboard.press('Escape');
    await page.fill('[data-testid="catalog-search"]', 'square');
    await cell(page, 'square.png').click();
    await details.waitFor();
    await shootBoth(page, 'web-library-details-square-780');
    await page.keyboard.press('Escape');
    await page.fill('[data-testid="catalog-search"]', '');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
