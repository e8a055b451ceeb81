import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AppContext } from '../../core/app-context';
import { startWebHost, type WebHost } from '../../hosts/web/web-host';
import { webTarget } from './support/targets';
import { repoRoot, screenshot } from './support/artifacts';
import { testAppContext } from '../support/app-calls';
import { scanImageFolder } from '../support/scan-image-folder';
import { freshBucket } from '../support/services';
import { adminProvider, makeFile, versionsOf } from '../support/upload-helpers';

// Settings end to end: the built renderer in Chromium through the web host, the core in this
// process on a fresh bucket of the real RGW. The preferences change what the queue does, the
// web host's page notifies once per batch (after the browser's permission), the title counts
// what is left, and everything survives a restart of the core.

const PREFIX = 'artists/e2e/';

interface Core {
  context: AppContext;
  host: WebHost;
}

async function startCore(dataDir: string, bucket: string): Promise<Core> {
  const context = testAppContext(dataDir, {
    version: '0.0.0-e2e',
    heartbeatMs: 500,
    s3Credentials: adminProvider(bucket, { prefix: PREFIX }),
  });
  const host = await startWebHost({
    handlers: context.handlers,
    hub: context.hub,
    staticDir: join(repoRoot, 'dist/renderer'),
    thumbnails: (id) => context.catalog.readThumbnail(id),
  });
  return { context, host };
}

async function stopCore(core: Core | undefined): Promise<void> {
  await core?.host.close();
  await core?.context.dispose();
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const t of ['light', 'dark'] as const) {
    await page.evaluate((v) => {
      document.documentElement.dataset.theme = v;
    }, t);
    await page.waitForTimeout(150);
    await screenshot(page, `web-settings-${name}-${t}`);
  }
  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'light';
  });
}

async function openSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.click('button.nav-item[data-view="settings"]');
  await page.waitForSelector('[data-testid="settings-uploads"]');
  await page.waitForSelector('[data-testid="pref-parallel"]:not([disabled])');
}

describe('Settings: preferences that act, notifications, title, cache and logs', () => {
  let dir: string;
  let bucket: string;
  let core: Core | undefined;
  let browser: Browser;
  let browserContext: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const reason = webTarget.unavailable();
    if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
    dir = mkdtempSync(join(tmpdir(), 'copper-e2e-settings-'));
    bucket = await freshBucket('e2e-settings');
    core = await startCore(join(dir, 'profile'), bucket);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--headless'],
    });
    browserContext = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    // Records each notification the page makes, then makes it for real (the browser's own API).
    await browserContext.addInitScript(() => {
      const Real = window.Notification;
      const seen: { title: string; body: string }[] = [];
      (window as unknown as { __notices: typeof seen }).__notices = seen;
      class Recorded extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          seen.push({ title, body: options?.body ?? '' });
        }
      }
      window.Notification = Recorded as typeof Notification;
    });
    page = await browserContext.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await stopCore(core);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const notices = () => page.evaluate(() => (window as unknown as { __notices: unknown[] }).__notices);

  it('asks the browser before notifying, and keeps notifications off until it is allowed', async () => {
    await openSettings(page, core!.host.url);
    // No permission granted yet: the browser asks (headless Chromium never answers), and
    // until it is answered notifications stay off.
    await page.click('[data-testid="pref-notify"]');
    await expect
      .poll(() => page.textContent('[data-testid="pref-notify-hint"]'))
      .toContain('Allow notifications in the browser’s question');
    expect(await page.isChecked('[data-testid="pref-notify"]')).toBe(false);
    expect((await core!.context.handlers['prefs.get']({})).notify).toBe(false);
  });

  it('sets parallel files and on-demand uploads, then one notification for the batch once Resume all is pressed', async () => {
    const { context, host } = core!;
    await browserContext.grantPermissions(['notifications'], { origin: host.url.replace(/\/$/, '') });
    await openSettings(page, host.url);
    await page.selectOption('[data-testid="pref-parallel"]', '2');
    await page.click('[data-testid="pref-autostart"]');
    await page.click('[data-testid="pref-notify"]');
    await expect.poll(() => page.isChecked('[data-testid="pref-notify"]')).toBe(true);
    await expect.poll(async () => (await context.handlers['prefs.get']({})).autoStart).toBe(false);
    expect(await context.handlers['prefs.get']({})).toMatchObject({ fileConcurrency: 2, notify: true });
    expect(await page.title()).toBe('Copper');
    await page.locator('[data-testid="settings-uploads"]').scrollIntoViewIfNeeded();
    await shoot(page, 'uploads');

    // Added while "on demand": they wait, paused, and the title counts them.
    const root = join(dir, 'Harbour Series 9000x6000 final proofs for the autumn catalogue');
    await makeFile(root, 'harbour-01 9000x6000.jpg', 300_000);
    await makeFile(root, 'harbour-02 9000x6000.jpg', 200_000);
    await makeFile(root, 'harbour-03 9000x6000.jpg', 100_000);
    const added = await context.handlers['queue.add']({ paths: [root] });
    expect(added.added.map((e) => e.state)).toEqual(['paused', 'paused', 'paused']);
    await expect.poll(() => page.title()).toBe('Copper — 3 to upload');
    await page.click('button.nav-item[data-view="queue"]');
    await page.waitForSelector('[data-testid="queue-resume-all"]');
    await shoot(page, 'on-demand-queue');
    expect(await notices()).toEqual([]);

    await page.click('[data-testid="queue-resume-all"]');
    await expect.poll(() => page.title(), { timeout: 60_000 }).toBe('Copper');
    await expect
      .poll(notices, { timeout: 10_000 })
      .toEqual([{ title: 'Copper: uploads finished', body: '3 files uploaded.' }]);
    expect(
      await versionsOf(bucket, `${PREFIX}${root.split('/').at(-1)}/harbour-02 9000x6000.jpg`),
    ).toHaveLength(1);
  });

  it('shows the thumbnail cache and clears it, and shows where the logs are', async () => {
    const { context, host } = core!;
    await scanImageFolder(context, join(dir, 'images'), 'blue 9000x6000.jpg');
    await openSettings(page, host.url);
    await page.locator('[data-testid="settings-storage"]').scrollIntoViewIfNeeded();
    await expect.poll(() => page.textContent('[data-testid="thumbnail-cache-size"]')).toMatch(/in 2 files/);
    expect(await page.textContent('[data-testid="log-dir"]')).toBe(join(context.dataDir, 'logs'));
    expect(await page.locator('[data-testid="log-open"]').count()).toBe(0); // desktop only
    await shoot(page, 'storage');
    await page.click('[data-testid="thumbnail-cache-clear"]');
    await expect.poll(() => page.textContent('[data-testid="storage-message"]')).toMatch(/^Cleared 2 files/);
    await expect
      .poll(() => page.textContent('[data-testid="thumbnail-cache-size"]'))
      .toMatch(/^0 bytes in 0 files/);
    expect(await page.isDisabled('[data-testid="thumbnail-cache-clear"]')).toBe(true);
  });

  it('keeps every preference across a restart of the core', async () => {
    await stopCore(core);
    core = await startCore(join(dir, 'profile'), bucket);
    await openSettings(page, core.host.url);
    expect(await page.inputValue('[data-testid="pref-parallel"]')).toBe('2');
    expect(await page.isChecked('[data-testid="pref-autostart"]')).toBe(false);
    expect(await page.isChecked('[data-testid="pref-notify"]')).toBe(true);
    // And they act after the restart: a new file waits for Resume all.
    const f = await makeFile(join(dir, 'later'), 'later.jpg', 10);
    const added = await core.context.handlers['queue.add']({ paths: [f] });
    expect(added.added[0]?.state).toBe('paused');
    await expect.poll(() => page.title()).toBe('Copper — 1 to upload');
  });
});
