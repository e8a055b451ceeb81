import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { webTarget, type UiSession } from './support/targets';
import { screenshot } from './support/artifacts';
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

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="catalog-summary"]')?.getAttribute('data-scanning') === 'false',
    undefined,
    { timeout: 30_000 },
  );
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
