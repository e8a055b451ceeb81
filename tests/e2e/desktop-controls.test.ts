import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CoreClient } from '../../core/process/core-client';
import { spawnCoreChild } from '../../hosts/web/core-child';
import { startWebHost, type WebHost } from '../../hosts/web/web-host';
import { repoRoot, screenshot } from './support/artifacts';
import { webTarget } from './support/targets';
import { makeFile } from '../support/upload-helpers';
import { freshBucket, testServices } from '../support/services';

// The renderer's desktop-only controls (Add folder…/Add files…, the close preference) without
// the Electron binary: a stand-in for the preload puts `window.copper` on the page, forwarding
// every contract call to the real core (child process) over the web host's socket, and
// answering only what Electron's main process would answer itself — the OS open dialog (the
// paths the test "picks") and the preference store. What the real dialogs look like, only a
// machine with Electron shows.

interface ShimOptions {
  readonly token: string;
  readonly picks: Record<string, string[]>;
}

function preloadStandIn({ token, picks }: ShimOptions): void {
  const ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
  const open = new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let nextId = 1;
  let prefs = { closeWhileUploading: 'ask' };
  ws.addEventListener('message', (m) => {
    const frame = JSON.parse(String(m.data)) as {
      id?: number;
      event?: string;
      ok?: boolean;
      value?: unknown;
      error?: unknown;
      payload?: unknown;
    };
    if (frame.event) for (const l of listeners) l(frame.event, frame.payload);
    else if (frame.id !== undefined) {
      const p = pending.get(frame.id);
      pending.delete(frame.id);
      if (frame.ok) p?.resolve(frame.value);
      else p?.reject(frame.error);
    }
  });
  const calls: string[] = [];
  (window as unknown as { copperCalls: string[] }).copperCalls = calls;
  (window as unknown as { copper: unknown }).copper = {
    async invoke(name: string, request: Record<string, unknown>) {
      calls.push(name);
      if (name === 'dialog.pick-paths') return { paths: picks[String(request.kind)] ?? [] };
      if (name === 'desktop.preferences') return prefs;
      if (name === 'desktop.set-preferences') return (prefs = { ...prefs, ...request });
      await open;
      const id = nextId++;
      ws.send(JSON.stringify({ id, name, payload: request }));
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    on(name: string, listener: (payload: unknown) => void) {
      const l = (n: string, p: unknown) => {
        if (n === name) listener(p);
      };
      listeners.add(l);
      return () => listeners.delete(l);
    },
    pathForFile: () => '',
  };
}

describe('desktop controls in the renderer [chromium, preload stand-in, core in a child process]', () => {
  let dir: string;
  let core: CoreClient;
  let host: WebHost;
  let browser: Browser;
  let page: Page;
  let folder: string;
  let file: string;

  beforeAll(async () => {
    const reason = webTarget.unavailable();
    if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
    dir = mkdtempSync(join(tmpdir(), 'copper-e2e-desktop-'));
    folder = join(dir, 'Harbour series');
    await makeFile(folder, 'dawn.tif', 2048);
    file = await makeFile(dir, 'loose/dusk.jpg', 1024);
    // Direct mode (fixed keys for a fresh bucket) so the queue takes the picked paths without a sign-in.
    const { s3 } = testServices();
    const bucket = await freshBucket('desktop');
    core = new CoreClient({
      spawn: () => spawnCoreChild(),
      config: {
        dataDir: join(dir, 'profile'),
        host: 'web',
        version: '0.0.0-e2e',
        heartbeatMs: 500,
        quiet: true,
        keychainService: `copper-e2e-desktop-${Date.now()}`,
        direct: {
          target: { bucket, region: s3.region, endpoint: s3.endpoint, prefix: 'artists/e2e/' },
          credential: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        },
      },
    });
    await core.start();
    host = await startWebHost({
      handlers: core.handlers,
      hub: core.hub,
      staticDir: join(repoRoot, 'dist/renderer'),
      thumbnails: (id) => core.readThumbnail(id),
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--headless'],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 780 } });
    await page.addInitScript(preloadStandIn, {
      token: host.token,
      picks: { folders: [folder], files: [file] },
    });
    await page.goto(host.origin + '/');
    await page.waitForSelector('.sidebar');
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await core?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Add folder… and Add files… take the picked paths into the Library and the queue', async () => {
    await page.click('button.nav-item[data-view="library"]');
    await page.waitForSelector('[data-testid="add-folder"]');
    for (const t of ['light', 'dark'] as const) {
      await page.evaluate((v) => (document.documentElement.dataset.theme = v), t);
      await screenshot(page, `desktop-add-buttons-empty-${t}`);
    }
    await page.click('[data-testid="add-folder"]');
    await page.click('[data-testid="add-files"]');
    await page.waitForFunction(
      () =>
        document.body.textContent?.includes('Harbour series') &&
        document.body.textContent.includes('dusk.jpg'),
    );
    // Each source goes to queue.add in turn: wait until the core holds both.
    const queued = async () => (await core.handlers['queue.list']({})).entries.map((e) => e.path).sort();
    const expected = [join(folder, 'dawn.tif'), file].sort();
    for (let i = 0; i < 100 && (await queued()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await queued()).toEqual(expected);
    for (const t of ['light', 'dark'] as const) {
      await page.evaluate((v) => (document.documentElement.dataset.theme = v), t);
      await screenshot(page, `desktop-add-buttons-added-${t}`);
    }
  });

  it('Settings offers what closing the window does while uploading', async () => {
    await page.click('button.nav-item[data-view="settings"]');
    await page.waitForSelector('[data-testid="close-while-uploading"]:not([disabled])');
    await page.selectOption('[data-testid="close-while-uploading"]', 'background');
    await page.waitForFunction(() =>
      (window as unknown as { copperCalls: string[] }).copperCalls.includes('desktop.set-preferences'),
    );
    expect(await page.inputValue('[data-testid="close-while-uploading"]')).toBe('background');
    await page.locator('[data-testid="close-while-uploading"]').scrollIntoViewIfNeeded();
    for (const t of ['light', 'dark'] as const) {
      await page.evaluate((v) => (document.documentElement.dataset.theme = v), t);
      await screenshot(page, `desktop-close-preference-${t}`);
    }
  });
});
