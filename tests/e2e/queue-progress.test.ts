import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { QueueEntry } from '../../shared/models/queue';
import { screenshot } from './support/artifacts';
import { closeUi, go, openUi, shoot, type Ui } from './support/queue-ui';
import { freshBucket } from '../support/services';
import { noisyImage } from '../support/test-images';
import { makeFile, sha256File, sha256Object } from '../support/upload-helpers';

// Progress that does not lie, in Chromium through the web host against the real RGW: the
// overall bar and its words count uploaded, unchanged, held back and failed apart (never a
// full green 100 % with a file left behind), a re-check of unchanged files is not "bytes to
// upload", the shown rate follows the bytes that really move, and a Library cell has one state.

const MiB = 1024 * 1024;
const PREFIX = 'artists/e2e/';
const LIMIT = 512 * 1024;

interface Sample {
  headline: string;
  percent: string;
  state: string;
  sent: number;
  toSend: number;
  rate: number;
  eta: string;
}

/** Samples the overall card every 50 ms, from the page itself; `stopSampling` returns what it saw. */
async function startSampling(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { samples: unknown[]; sampler: number };
    w.samples = [];
    w.sampler = window.setInterval(() => {
      const card = document.querySelector('[data-testid="queue-overall"]');
      if (!card) return;
      w.samples.push({
        headline: card.querySelector('[data-testid="queue-headline"]')?.textContent ?? '',
        percent: card.querySelector('[data-testid="queue-percent"]')?.textContent ?? '',
        state: card.getAttribute('data-state') ?? '',
        sent: Number(card.getAttribute('data-sent')),
        toSend: Number(card.getAttribute('data-to-send')),
        rate: Number(card.querySelector('[data-testid="queue-rate"]')?.getAttribute('data-rate') ?? 0),
        eta: card.querySelector('[data-testid="queue-eta"]')?.textContent ?? '',
      });
    }, 50);
  });
}

async function stopSampling(page: Page): Promise<Sample[]> {
  return page.evaluate(() => {
    const w = window as unknown as { samples: Sample[]; sampler: number };
    clearInterval(w.sampler);
    return w.samples;
  });
}

/** The seconds an ETA in words stands for ("25 s left", "about 2 min left", "a few seconds left"). */
function etaSeconds(words: string): number | undefined {
  if (!words) return undefined;
  if (words.startsWith('a few seconds')) return 3;
  const s = /^(\d+) s left$/.exec(words);
  if (s) return Number(s[1]);
  const m = /^about (?:(\d+) h ?)?(?:(\d+) min)? left$/.exec(words);
  if (!m) throw new Error(`unexpected time left: ${words}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60;
}

const headline = (page: Page) => page.textContent('[data-testid="queue-headline"]');
const overall = (page: Page, attr: string) => page.getAttribute('[data-testid="queue-overall"]', attr);

async function entryOf(ui: Ui, key: string): Promise<QueueEntry | undefined> {
  const { entries } = await ui.context.handlers['queue.list']({});
  return entries.find((x) => x.key === key);
}

describe('progress that does not lie [chromium via the web host, real RGW]', () => {
  let ui: Ui | undefined;
  let dir: string;
  let bucket: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'copper-e2e-queue-truth-'));
    bucket = await freshBucket('e2e-queue-truth');
    ui = await openUi(join(dir, 'profile'), bucket, PREFIX);
  });
  afterAll(async () => {
    await closeUi(ui);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts uploaded, unchanged, held back and failed apart; a re-check is no bytes to send; the rate is what moves', async () => {
    const { page, context } = ui!;
    const root = join(dir, 'Harbour Show');
    const files: string[] = [];
    for (let i = 1; i <= 6; i++) files.push(await makeFile(root, `harbour-${i}.jpg`, 2 * MiB));
    writeFileSync(join(root, 'Empty.png'), '');
    await context.handlers['queue.add']({ paths: [root] });
    await go(page, 'queue');
    await page.waitForSelector('[data-testid="queue-headline"]:has-text("6 uploaded, 1 held back")', {
      timeout: 60_000,
    });
    // A held-back file keeps the batch from being complete: no full green 100 %.
    expect(await page.textContent('[data-testid="queue-percent"]')).toBe('99%');
    expect(await overall(page, 'data-state')).toBe('attention');
    expect(await page.textContent('[data-testid="queue-counts"]')).toBe('6 uploaded1 held back');
    await shoot(page, 'outcome-held-back');

    // Two files change (same size), then the folder is added again, slowly: four are found
    // unchanged, two are sent; a seventh, new, file is paused part way, moved away, and fails.
    await context.handlers['queue.clear-done']({});
    await makeFile(root, 'harbour-2.jpg', 2 * MiB);
    await makeFile(root, 'harbour-5.jpg', 2 * MiB);
    const doomed = await makeFile(join(dir, 'Loose'), 'moved-away.tif', 6 * MiB);
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: LIMIT });
    await startSampling(page);
    await context.handlers['queue.add']({ paths: [root] });
    await context.handlers['queue.add']({ paths: [doomed] });
    await page.waitForSelector('[data-testid="queue-headline"]:has-text("Uploading")');
    await shoot(page, 'recheck-uploading');
    const doomedKey = `${PREFIX}moved-away.tif`;
    await expect
      .poll(async () => (await entryOf(ui!, doomedKey))?.state, { timeout: 30_000 })
      .toBe('uploading');
    const doomedId = (await entryOf(ui!, doomedKey))!.id;
    await page.waitForTimeout(1500);
    await context.handlers['queue.pause']({ id: doomedId });
    rmSync(doomed);
    await page.waitForTimeout(1500);
    await context.handlers['queue.resume']({ id: doomedId });
    await page.waitForSelector(
      '[data-testid="queue-headline"]:has-text("2 uploaded, 4 unchanged, 1 held back, 1 failed")',
      { timeout: 60_000 },
    );
    const samples = await stopSampling(page);
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: null });

    // Bytes to send: the two changed files and the new one, never the twelve megabytes re-checked.
    const most = 2 * 2 * MiB + 6 * MiB;
    const tooMuch = samples.filter((s) => s.toSend > most);
    expect(tooMuch.slice(0, 3), 'bytes to send counted re-checked files').toEqual([]);
    expect(samples.some((s) => s.toSend > 0 && s.eta !== '')).toBe(true);
    // The rate follows the limit (a burst of a part at most), never the "jump" of a file found
    // unchanged nor a spike after the resume.
    const rates = samples.map((s) => s.rate).filter((r) => r > 0);
    expect(rates.length).toBeGreaterThan(5);
    expect(Math.max(...rates), `rates seen: ${rates.join(', ')}`).toBeLessThan(4 * LIMIT);
    // The time left is what is left to send at the rate shown (a re-check adds no minutes).
    const off = samples.filter((s) => {
      const shown = etaSeconds(s.eta);
      if (shown === undefined || s.rate <= 0) return false;
      const expected = (s.toSend - s.sent) / s.rate;
      return shown > expected * 1.5 + 5 || shown < expected / 1.5 - 5;
    });
    expect(off.slice(0, 3)).toEqual([]);
    // Never 100 % nor green while anything is left, held back or failed.
    expect(samples.filter((s) => s.percent === '100%' || s.state === 'complete')).toEqual([]);

    expect(await page.textContent('[data-testid="queue-percent"]')).not.toBe('100%');
    expect(await overall(page, 'data-state')).toBe('failed');
    expect(await headline(page)).toBe('2 uploaded, 4 unchanged, 1 held back, 1 failed');
    await shoot(page, 'outcome-mixed');
    for (const f of files)
      expect(await sha256Object(bucket, `${PREFIX}Harbour Show/${f.slice(root.length + 1)}`)).toBe(
        await sha256File(f),
      );

    // Cancelling what never sent a byte asks nothing: the held-back and failed files go at once.
    for (const name of ['Empty.png', 'moved-away.tif']) {
      await page.hover(`[data-testid="queue-row"]:has-text("${name}")`);
      await page.click(`button[aria-label="Cancel ${name}"]`);
      expect(await page.$('[data-testid="queue-cancel-dialog"]')).toBeNull();
      await page.waitForSelector(`[data-testid="queue-row"]:has-text("${name}")`, { state: 'detached' });
    }
    await page.waitForSelector('[data-testid="queue-headline"]:has-text("2 uploaded, 4 unchanged")');
    expect(await page.textContent('[data-testid="queue-percent"]')).toBe('100%');
    expect(await overall(page, 'data-state')).toBe('complete');
    await shoot(page, 'outcome-unchanged');
  });

  it('gives a Library cell one state: a file uploaded as it is shows its upload state, not "Not an image" beside it', async () => {
    const { page, context } = ui!;
    const root = join(dir, 'Odd Show');
    await makeFile(root, 'Big canvas.tif', 12 * MiB); // not an image inside: uploads as it is
    await noisyImage(300, 900)
      .jpeg()
      .toFile(join(root, 'portrait study of the harbour wall at low tide, 9000x6000, final proof.jpg'));
    await noisyImage(900, 300).jpeg().toFile(join(root, 'landscape.jpg'));
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: 1 * MiB });
    await go(page, 'library');
    await page.fill('#path-input', root);
    await page.click('.path-form button[type="submit"]');
    const cell = page.locator('[data-testid="catalog-cell"]', {
      has: page.locator('.catalog-cell__name', { hasText: /^Big canvas\.tif$/ }),
    });
    await expect.poll(() => cell.getAttribute('data-library-state'), { timeout: 30_000 }).toBe('uploading');
    await page.waitForFunction(
      () => {
        const c = [...document.querySelectorAll('[data-testid="catalog-cell"]')].find(
          (el) => el.querySelector('.catalog-cell__name')?.textContent === 'Big canvas.tif',
        );
        return (
          Number(/(\d+)%/.exec(c?.querySelector('[data-testid="catalog-state"]')?.textContent ?? '')?.[1]) >=
          5
        );
      },
      undefined,
      { timeout: 30_000 },
    );
    await context.handlers['queue.pause']({});
    await expect.poll(() => cell.getAttribute('data-library-state')).toBe('paused');
    // One state: "Paused at N%"; the content note is words below, not a second badge.
    expect(await cell.locator('[data-testid="catalog-state"]').textContent()).toMatch(/^Paused at \d+%$/);
    expect(await cell.locator('[data-testid="catalog-error"]').count()).toBe(0);
    expect(await cell.locator('[data-testid="catalog-reason"]').textContent()).toMatch(
      /not a known image format/,
    );
    await page.waitForTimeout(400);
    await screenshot(page, 'web-library-one-state-paused-light');
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
    });
    await page.waitForTimeout(200);
    await screenshot(page, 'web-library-one-state-paused-dark');
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'light';
    });
    await go(page, 'queue');
    const row = page.locator(`[data-testid="queue-row"][data-key="${PREFIX}Odd Show/Big canvas.tif"]`);
    expect(await row.locator('[data-testid="queue-row-state"]').textContent()).toBe('Paused');
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: null });
    await context.handlers['queue.resume']({});
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
  });
});
