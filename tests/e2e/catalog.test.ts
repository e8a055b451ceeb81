import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { webTarget, type UiSession } from './support/targets';
import { screenshot } from './support/artifacts';
import { makeCatalogFixtures, type CatalogFixtures } from '../integration/catalog-fixtures';

// The catalog end to end: real images made on disk, the built renderer in Chromium through
// the web host, thumbnails served by the host's /thumb/ route from the core's cache.

let session: UiSession | undefined;
let dir: string;
let fx: CatalogFixtures;

async function go(page: Page, view: string): Promise<void> {
  await page.click(`button.nav-item[data-view="${view}"]`);
  await page.waitForSelector(`[data-testid="view-${view}"]`);
}

async function addPath(page: Page, path: string): Promise<void> {
  await page.fill('#path-input', path);
  await page.click('.path-form button[type="submit"]');
}

// Each test has an app of its own (a fresh data folder, core and page): what one adds to the
// Library never shows in another's counts, whatever order they run in.
describe('the Library’s artwork grid [chromium via the web host]', () => {
  beforeAll(async () => {
    const reason = webTarget.unavailable();
    if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
    dir = mkdtempSync(join(tmpdir(), 'copper-e2e-catalog-'));
    fx = await makeCatalogFixtures(join(dir, 'in'));
  });
  beforeEach(async () => {
    session = await webTarget.start();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows thumbnails with pixel size, file size and profile, and the reason for bad files', async () => {
    const { page } = session!;
    await page.waitForSelector('.sidebar');
    await go(page, 'library');
    await addPath(page, fx.root);
    await page.waitForSelector('[data-testid="catalog"]');
    // All nine files listed, every image read (nothing left "Reading…").
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="catalog-summary"]')?.getAttribute('data-scanning') === 'false',
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.textContent('[data-testid="catalog-count"]')).toBe('9');

    const cell = (name: string) => page.locator('[data-testid="catalog-cell"]', { hasText: name });
    expect(await cell('plain.jpg').locator('[data-testid="catalog-pixels"]').textContent()).toBe('640 × 480');
    expect(await cell('p3 wide.jpeg').locator('[data-testid="catalog-pixels"]').textContent()).toBe(
      '300 × 600',
    );
    expect(await cell('print-cmyk.tif').locator('[data-testid="catalog-profile"]').textContent()).not.toMatch(
      /No profile/,
    );
    expect(await cell('plain.jpg').locator('[data-testid="catalog-profile"]').textContent()).toMatch(
      /No profile/,
    );
    expect(await cell('scan-16bit.tiff').textContent()).toContain('16-bit');

    // Thumbnails really load (decoded by the browser from the host's /thumb/ route).
    const img = cell('plain.jpg').locator('img');
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 10_000 })
      .toBe(256);
    const loaded = await page
      .locator('[data-testid="catalog-cell"] img')
      .evaluateAll((els) => els.filter((e) => (e as HTMLImageElement).naturalWidth > 0).length);
    expect(loaded).toBe(5);

    expect(await cell('broken.tif').locator('[data-testid="catalog-error"]').textContent()).toBe('Damaged');
    expect(await cell('broken.tif').locator('[data-testid="catalog-reason"]').textContent()).toMatch(
      /^Starts like a TIFF image .*damaged or truncated/,
    );
    expect(
      await cell('broken.tif').locator('[data-testid="catalog-reason"]').getAttribute('title'),
    ).toContain('broken.tif');
    expect(await cell('readme-named.tif').locator('[data-testid="catalog-error"]').textContent()).toBe(
      'Not an image',
    );
    expect(await cell('empty.jpg').locator('[data-testid="catalog-error"]').textContent()).toBe('Empty file');
    await screenshot(page, 'web-catalog-grid-light');
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
    });
    await page.waitForTimeout(300); // let the border and colour transitions settle before the picture
    await screenshot(page, 'web-catalog-grid-dark');
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'light';
    });
  });

  it('keeps a 20,000-file folder to a window of cells and scrolls to its end', async () => {
    const { page } = session!;
    await page.waitForSelector('.sidebar');
    await go(page, 'library');
    const big = join(dir, 'Twenty Thousand');
    mkdirSync(big);
    // Not images (nothing to decode): this is about the grid, not libvips.
    for (let i = 0; i < 20_000; i++)
      writeFileSync(join(big, `sketch-${String(i).padStart(5, '0')}.txt`), 'x');
    await addPath(page, big);
    // More than a few thousand files: the Library asks first, and adds once told to.
    await page.waitForSelector('[data-testid="path-ask"]');
    expect(await page.textContent('[data-testid="path-ask"]')).toContain('Add it anyway?');
    await page.click('[data-testid="path-ask"] button:has-text("Add anyway")');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="catalog-count"]')?.textContent === '20,000',
      undefined,
      { timeout: 60_000 },
    );
    const grid = page.locator('.catalog-grid');
    expect(await grid.getAttribute('data-count')).toBe('20000');
    const rendered = await page.locator('[data-testid="catalog-cell"]').count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(200);
    await grid.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page
      .locator('[data-testid="catalog-cell"]', { hasText: 'sketch-19999.txt' })
      .waitFor({ timeout: 5000 });
    expect(await page.locator('[data-testid="catalog-cell"]').count()).toBeLessThan(200);
    await screenshot(page, 'web-catalog-grid-20000-end');
  });
});
