import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeEachTarget } from './support/each-target';
import { webTarget } from './support/targets';
import { screenshot } from './support/artifacts';

const VIEWS = [
  { id: 'library', heading: 'Library', empty: 'Drop folders of artwork here' },
  { id: 'queue', heading: 'Queue', empty: 'Nothing is uploading' },
  // Signed out (a fresh data folder), History asks to sign in first.
  { id: 'history', heading: 'History', empty: 'Sign in to see the history' },
  { id: 'settings', heading: 'Settings', empty: 'About Copper' },
] as const;

async function go(page: Page, view: (typeof VIEWS)[number]['id']): Promise<void> {
  await page.click(`button.nav-item[data-view="${view}"]`);
  await page.waitForSelector(`[data-testid="view-${view}"]`);
}

async function theme(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.documentElement.dataset.theme);
}

describeEachTarget('the app shell', (spec) => {
  spec('loads the UI and hears the core’s heartbeat', async ({ page, kind }) => {
    await page.waitForSelector('.sidebar');
    expect(await page.title()).toBe('Copper');
    // The heartbeat is an event pushed from the Node side; the dot turns green or amber only when it arrives.
    await page.waitForSelector(
      '[data-testid="connection-indicator"][data-tone="ok"], [data-testid="connection-indicator"][data-tone="warn"]',
      { timeout: 10_000 },
    );
    if (kind === 'web') expect(page.url()).not.toContain('token');
    // Nobody is signed in on a fresh data folder: the app opens on Settings → Account (see account.test.ts).
    await page.waitForSelector('[data-testid="view-settings"] [data-testid="account-sign-in"]');
    await go(page, 'library');
    expect(await page.textContent('[data-testid="view-library"] h1')).toBe('Library');
    await screenshot(page, `${kind}-library-empty-light`);
  });

  spec('navigates between Library, Queue, History and Settings', async ({ page, kind }) => {
    for (const view of [...VIEWS].reverse()) {
      await go(page, view.id);
      expect(await page.textContent(`[data-testid="view-${view.id}"] h1`)).toBe(view.heading);
      expect(await page.getAttribute(`button.nav-item[data-view="${view.id}"]`, 'aria-current')).toBe('page');
      await page.getByText(view.empty, { exact: true }).waitFor();
      await screenshot(page, `${kind}-${view.id}-light`);
    }
  });

  spec('shows app.info answered by the Node side in Settings', async ({ page, kind, dataDir, version }) => {
    await go(page, 'settings');
    await page.waitForSelector('[data-testid="app-data-dir"]');
    // The data folder is a temp dir made by this test for the core; the UI can only know it by asking.
    expect(await page.textContent('[data-testid="app-data-dir"]')).toBe(dataDir);
    expect(await page.textContent('[data-testid="app-version"]')).toBe(version);
    expect(await page.textContent('[data-testid="app-host"]')).toBe(
      kind === 'web' ? 'Browser (local web host)' : 'Desktop app',
    );
    await page.waitForFunction(
      () => document.querySelector('[data-testid="core-status"]')?.textContent === 'Running',
    );
    await screenshot(page, `${kind}-settings-about`);
  });

  spec('switches between light and dark, and follows the system', async ({ page, kind }) => {
    await go(page, 'settings');
    await page.click('[data-theme-option="dark"]');
    expect(await theme(page)).toBe('dark');
    await screenshot(page, `${kind}-settings-dark`);
    for (const view of ['library', 'queue', 'history'] as const) {
      await go(page, view);
      await screenshot(page, `${kind}-${view}-dark`);
    }
    await go(page, 'settings');
    await page.click('[data-theme-option="light"]');
    expect(await theme(page)).toBe('light');
    await page.click('[data-theme-option="system"]');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  });

  spec('accepts dropped folders and files and lists them in the Library', async ({ page, kind }) => {
    await go(page, 'queue');
    // A real drag from the OS cannot be scripted; the DOM drop event with a DataTransfer is what the window receives.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(2_400_000)], 'sunset-over-the-bay.tif', { type: 'image/tiff' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector('.drop-overlay');
    await screenshot(page, `${kind}-drop-overlay`);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(2_400_000)], 'sunset-over-the-bay.tif', { type: 'image/tiff' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    // A drop anywhere lands in the Library.
    await page.waitForSelector('[data-testid="view-library"] .source-row');
    expect(await page.textContent('.source-row__name')).toBe('sunset-over-the-bay.tif');
    expect(await page.textContent('.source-row__meta')).toBe('2.4 MB');
    expect(await page.$('.drop-overlay')).toBeNull();
    if (kind === 'web') {
      expect(await page.textContent('.source-row__path')).toBe('Location hidden by the browser');
      await page.getByText('Your browser hid where this item lives.').waitFor();
      // A real folder (the Library checks that a typed path exists before adding it).
      const harbour = join(mkdtempSync(join(tmpdir(), 'copper-e2e-shell-')), 'Harbour series');
      mkdirSync(harbour);
      await page.fill('#path-input', `${harbour}/`);
      await page.click('.path-form button[type="submit"]');
      await page.waitForFunction(() => document.querySelectorAll('.source-row').length === 2);
      expect(await page.textContent('.source-row:nth-child(2) .source-row__name')).toBe('Harbour series');
      expect(await page.textContent('.source-row:nth-child(2) .source-row__path')).toBe(harbour);
    }
    expect(await page.textContent('button.nav-item[data-view="library"] .nav-item__badge')).toBe(
      kind === 'web' ? '2' : '1',
    );
    await screenshot(page, `${kind}-library-sources-light`);
    await go(page, 'settings');
    await page.click('[data-theme-option="dark"]');
    await go(page, 'library');
    await screenshot(page, `${kind}-library-sources-dark`);
    await go(page, 'settings');
    await page.click('[data-theme-option="system"]');
  });
});

describe('a page opened without the web host’s link', () => {
  it('says it is not connected and how to connect', async (ctx) => {
    const reason = webTarget.unavailable();
    if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
    const session = await webTarget.start();
    ctx.onTestFinished(() => session.close());
    // A new tab has no token: the URL never carried it and sessionStorage is per tab.
    const origin = new URL(session.page.url()).origin;
    const page = await session.page
      .context()
      .browser()!
      .newPage({ viewport: { width: 1200, height: 780 } });
    await page.goto(`${origin}/`);
    await page.waitForSelector('[data-testid="connection-banner"]');
    expect(await page.getAttribute('[data-testid="connection-indicator"]', 'data-tone')).toBe('bad');
    await screenshot(page, 'web-not-connected');
  });
});
