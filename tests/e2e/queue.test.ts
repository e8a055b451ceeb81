import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { TargetMemory } from '../../core/queue/target-memory';
import { screenshot } from './support/artifacts';
import { closeUi, go, openUi as openQueueUi, shoot, type Ui } from './support/queue-ui';
import { freshBucket, testServices } from '../support/services';
import { makeFile, multipartUploads, sha256File, sha256Object } from '../support/upload-helpers';

// The queue end to end: the built renderer in Chromium through the web host, the core in this
// process with a credential provider for a fresh bucket on the real RGW (the account flow has
// its own spec), files generated on disk, bytes checked on S3.

const MiB = 1024 * 1024;
const PREFIX = 'artists/e2e/';

const openUi = (dataDir: string, withCredentials: string | null) =>
  openQueueUi(dataDir, withCredentials, PREFIX);

async function rowState(page: Page, key: string): Promise<string | null> {
  return page.getAttribute(`[data-testid="queue-row"][data-key="${key}"]`, 'data-state');
}

describe('the upload queue in the UI', () => {
  let ui: Ui | undefined;
  let dir: string;
  let bucket: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'copper-e2e-queue-'));
    bucket = await freshBucket('e2e-queue');
    ui = await openUi(join(dir, 'profile'), bucket);
  });
  afterAll(async () => {
    await closeUi(ui);
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a folder by path in the Library, shows progress in the Queue, and lands every file on S3', async () => {
    const { page, context } = ui!;
    const root = join(dir, 'Harbour Series');
    const files = [
      await makeFile(root, 'harbour-01.jpg', 3 * MiB),
      await makeFile(root, 'harbour-02.jpg', 2 * MiB),
      await makeFile(root, 'details/rope.tif', 6 * MiB),
      await makeFile(root, 'details/gull.png', 400_000),
    ];
    writeFileSync(join(root, '.DS_Store'), 'finder');
    // Slow enough to watch (and to screenshot) the bars move; lifted further down.
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: 1 * MiB });

    await go(page, 'library');
    await page.fill('#path-input', root);
    await page.click('.path-form button[type="submit"]');
    await page.waitForSelector('[data-testid="source"][data-status="queued"]');
    expect(await page.textContent('[data-testid="source-queued"]')).toBe('4 files queued');
    expect(await page.textContent('[data-testid="source-skipped"]')).toBe('1 skipped');
    await page.click('[data-testid="source-skipped"]');
    expect(await page.textContent('.source-skips')).toContain('.DS_Store');
    expect(await page.textContent('.source-skips')).toContain('Hidden or system file');
    // The sidebar badge counts what is still to upload.
    await page.waitForSelector('button.nav-item[data-view="queue"] .nav-item__badge');
    await shoot(page, 'library-queued');

    await page.click('[data-testid="library-open-queue"]');
    await page.waitForSelector('[data-testid="view-queue"] [data-testid="queue-overall"]');
    await page.waitForSelector('[data-testid="queue-row"][data-state="uploading"]');
    expect(await page.$$eval('[data-testid="queue-row"]', (rows) => rows.length)).toBe(4);
    // Bytes move before anything is done.
    await page.waitForFunction(() => {
      const bar = document.querySelector('[data-testid="queue-overall"] [role="progressbar"]');
      return Number(bar?.getAttribute('aria-valuenow')) > 0;
    });
    expect(await page.textContent('[data-testid="queue-headline"]')).toMatch(/^Uploading \d files?$/);
    await shoot(page, 'uploading');

    // Offline (as the OS would say): everything waits, the banner says so, then it resumes by itself.
    context.queue.setOnline(false);
    await page.waitForSelector('[data-testid="queue-offline"]');
    await page.waitForSelector('[data-testid="queue-row"][data-state="waiting-for-network"]');
    await shoot(page, 'offline');
    context.queue.setOnline(true);
    await page.waitForSelector('[data-testid="queue-offline"]', { state: 'detached' });

    // Pause all, then resume all, from the header.
    await page.click('[data-testid="queue-pause-all"]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="queue-row"]')].every((r) =>
        ['paused', 'done'].includes(r.getAttribute('data-state') ?? ''),
      ),
    );
    await shoot(page, 'paused');
    // The speed limit set above shows in the panel; lifting it there reaches the core.
    expect(
      await page.$eval(
        '[data-testid="queue-speed"]',
        (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent,
      ),
    ).toBe('1.0 MB/s');
    await page.selectOption('[data-testid="queue-speed"]', '');
    await expect.poll(() => context.queue.status().bandwidthLimit).toBeNull();
    await page.click('[data-testid="queue-resume-all"]');
    await page.waitForSelector('[data-testid="queue-headline"]:has-text("All 4 files uploaded")', {
      timeout: 60_000,
    });
    expect(await page.$$eval('[data-testid="queue-row-state"]', (b) => b.map((x) => x.textContent))).toEqual([
      'Uploaded',
      'Uploaded',
      'Uploaded',
      'Uploaded',
    ]);
    expect(await page.$('button.nav-item[data-view="queue"] .nav-item__badge')).toBeNull();
    await shoot(page, 'done');

    for (const f of files) {
      const key = `${PREFIX}Harbour Series/${f.slice(root.length + 1)}`;
      expect(await sha256Object(bucket, key), key).toBe(await sha256File(f));
    }
    expect(await multipartUploads(bucket)).toEqual([]);
  });

  it('shows a file that vanished before its turn as failed, with the reason, and retries it once it is back', async () => {
    const { page, context } = ui!;
    const ahead = [
      await makeFile(dir, 'Ahead/a.jpg', 2 * MiB),
      await makeFile(dir, 'Ahead/b.jpg', 2 * MiB),
      await makeFile(dir, 'Ahead/c.jpg', 2 * MiB),
    ];
    const gone = await makeFile(dir, 'Loose/moved-away.jpg', 100_000);
    const goneBytes = readFileSync(gone);
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: 1 * MiB });
    await context.handlers['queue.add']({ paths: ahead });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="queue-row"][data-state="uploading"]').length === 3,
    );
    // Queued behind three uploads (three at a time in this test), then moved away before its turn.
    await context.handlers['queue.add']({ paths: [gone] });
    rmSync(gone);
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: null });
    const key = `${PREFIX}moved-away.jpg`;
    await page.waitForSelector(`[data-testid="queue-row"][data-key="${key}"][data-state="failed"]`);
    expect(
      await page.textContent(`[data-testid="queue-row"][data-key="${key}"] [data-testid="queue-row-reason"]`),
    ).toBe('Gone: it was moved or deleted before it finished uploading.');
    expect(
      await page.textContent(`[data-testid="queue-row"][data-key="${key}"] [data-testid="queue-row-state"]`),
    ).toBe('Can’t upload');
    await page.waitForSelector('[data-testid="queue-headline"]:has-text("failed")');
    await page.click('[data-filter="failed"]');
    expect(await page.$$eval('[data-testid="queue-row"]', (rows) => rows.length)).toBe(1);
    await shoot(page, 'failed');
    // Retry after the file is back: the row must really upload it this time, bytes on S3.
    writeFileSync(gone, goneBytes);
    await page.click('[data-testid="queue-retry-failed"]');
    await page.waitForSelector('.queue-panel__empty');
    expect(await page.textContent('.queue-panel__empty')).toBe('No failed files.');
    await page.click('[data-filter="all"]');
    await page.waitForSelector(`[data-testid="queue-row"][data-key="${key}"][data-state="done"]`, {
      timeout: 60_000,
    });
    expect(await sha256Object(bucket, key)).toBe(await sha256File(gone));
    for (const f of ahead)
      expect(await sha256Object(bucket, `${PREFIX}${basename(f)}`)).toBe(await sha256File(f));
  });

  it('cancels one file from its row and clears the finished ones', async () => {
    const { page, context } = ui!;
    const big = await makeFile(dir, 'Late Works/big-canvas.tif', 12 * MiB);
    // Slow enough that it is still uploading while the dialog is looked at (and screenshot) under load.
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: 256 * 1024 });
    await context.handlers['queue.add']({ paths: [join(dir, 'Late Works')] });
    const key = `${PREFIX}Late Works/big-canvas.tif`;
    await page.waitForSelector(`[data-testid="queue-row"][data-key="${key}"][data-state="uploading"]`);
    const row = `[data-testid="queue-row"][data-key="${key}"]`;
    // Data already sent: cancelling asks first, naming the file and how much was sent.
    await page.waitForFunction(
      (sel) =>
        Number(document.querySelector(`${sel} [role="progressbar"]`)?.getAttribute('aria-valuenow')) > 0,
      row,
    );
    await page.hover(row);
    await page.click(`${row} button[aria-label="Cancel big-canvas.tif"]`);
    const dialog = page.locator('[data-testid="queue-cancel-dialog"]');
    await dialog.waitFor();
    // Named by its own title (aria-labelledby), as every dialog is.
    expect(await page.getByRole('dialog', { name: 'Cancel the upload of big-canvas.tif?' }).count()).toBe(1);
    expect(await dialog.locator('[data-testid="queue-cancel-sent"]').textContent()).toMatch(
      /^[\d.]+ (KB|MB) of 13 MB$/,
    );
    // Focus starts on "Keep uploading" and stays in the dialog; Escape keeps uploading.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep uploading');
    await shoot(page, 'cancel-dialog');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await rowState(page, key)).toBe('uploading');
    // Asked again and confirmed: gone from the list and from S3.
    await page.hover(row);
    await page.click(`${row} button[aria-label="Cancel big-canvas.tif"]`);
    await page.click('[data-testid="queue-cancel-confirm"]');
    await page.waitForSelector(row, { state: 'detached' });
    expect(await page.$(`[data-testid="queue-row"][data-key="${key}"]`)).toBeNull();
    expect(await multipartUploads(bucket)).toEqual([]);
    expect(big).toBeTruthy();

    await page.click('[data-testid="queue-clear-done"]');
    await page.getByText('Nothing is uploading', { exact: true }).waitFor();
    await context.handlers['queue.set-bandwidth']({ bytesPerSecond: null });
    await shoot(page, 'cleared');
  });
});

describe('a big queue while signed out', () => {
  let ui: Ui | undefined;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'copper-e2e-queue-big-'));
    // Someone signed in on this computer before: the queue knows where uploads go, and keeps
    // new entries waiting for the next sign-in (nothing is sent).
    const { s3 } = testServices();
    new TargetMemory(join(dir, 'profile')).save(
      { apiUrl: 'https://copper.example.com', email: 'ada@example.com' },
      { bucket: 'gallery', region: s3.region, endpoint: s3.endpoint, prefix: PREFIX },
    );
    ui = await openUi(join(dir, 'profile'), null);
  });
  afterAll(async () => {
    await closeUi(ui);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps 3,000 files waiting for a sign-in and scrolls them with a windowed list', async () => {
    const { page } = ui!;
    const root = join(dir, 'Archive');
    for (let d = 0; d < 30; d++) {
      mkdirSync(join(root, `box-${String(d).padStart(2, '0')}`), { recursive: true });
      for (let i = 0; i < 100; i++)
        writeFileSync(
          join(root, `box-${String(d).padStart(2, '0')}`, `scan-${String(i).padStart(3, '0')}.jpg`),
          `scan ${d}/${i}`,
        );
    }
    await go(page, 'library');
    await page.fill('#path-input', root);
    await page.click('.path-form button[type="submit"]');
    await page.waitForSelector('[data-testid="source"][data-status="queued"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="source-queued"]')).toBe('3,000 files queued');
    await page.waitForFunction(
      () =>
        document.querySelector('button.nav-item[data-view="queue"] .nav-item__badge')?.textContent === '3000',
    );

    await go(page, 'queue');
    await page.waitForSelector('[data-testid="queue-signed-out"]');
    expect(await page.textContent('[data-testid="queue-signed-out"]')).toContain(
      '3,000 files will upload as soon as you sign in',
    );
    const rendered = await page.$$eval('[data-testid="queue-row"]', (rows) => rows.length);
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    await shoot(page, 'signed-out-3000');
    // Scroll to the end: the last file is there, and the DOM still holds only a window.
    await page.$eval('.queue-list', (el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForSelector(`[data-testid="queue-row"][data-key="${PREFIX}Archive/box-29/scan-099.jpg"]`);
    expect(await page.$$eval('[data-testid="queue-row"]', (rows) => rows.length)).toBeLessThan(60);
    expect(await rowState(page, `${PREFIX}Archive/box-29/scan-099.jpg`)).toBe('queued');
    await screenshot(page, 'web-queue-signed-out-3000-end-light');
  });
});
