import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppContext } from '../../../core/app-context';
import { startWebHost, type WebHost } from '../../../hosts/web/web-host';
import { webTarget } from './targets';
import { repoRoot, screenshot } from './artifacts';
import { testAppContext } from '../../support/app-calls';
import { adminProvider, fastTestOptions } from '../../support/upload-helpers';

/** The queue specs' app: the built renderer in Chromium through the web host, the core in this process. */
export interface Ui {
  page: Page;
  context: AppContext;
  host: WebHost;
  browser: Browser;
  dataDir: string;
}

/**
 * Opens the app on `dataDir`, with a credential provider for `withCredentials` (a bucket on the
 * real RGW, uploads under `prefix`) or none (signed out).
 */
export async function openUi(dataDir: string, withCredentials: string | null, prefix: string): Promise<Ui> {
  const reason = webTarget.unavailable();
  if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
  const context = testAppContext(dataDir, {
    version: '0.0.0-e2e',
    heartbeatMs: 500,
    keychainService: `copper-e2e-queue-${Date.now()}`,
    ...(withCredentials ? { s3Credentials: adminProvider(withCredentials, { prefix }) } : {}),
    // The probe waits for the OS's "online" (setOnline(true)) rather than finding S3 by itself
    // within a second, so the offline state stays long enough to be seen.
    uploadOptions: { ...fastTestOptions, probeBaseDelayMs: 60_000, probeMaxDelayMs: 60_000 },
  });
  return { ...(await showInChromium(context)), context, dataDir };
}

/** Serves the built renderer for an in-process core through the web host and opens it in Chromium. */
export async function showInChromium(
  context: AppContext,
): Promise<{ page: Page; host: WebHost; browser: Browser }> {
  const host = await startWebHost({
    handlers: context.handlers,
    hub: context.hub,
    staticDir: join(repoRoot, 'dist/renderer'),
    thumbnails: (id) => context.catalog.readThumbnail(id),
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--headless'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 780 } });
  await page.goto(host.url);
  await page.waitForSelector('.sidebar');
  return { page, host, browser };
}

export async function closeUi(ui: Ui | undefined): Promise<void> {
  if (!ui) return;
  await ui.browser.close();
  await ui.host.close();
  await ui.context.dispose();
}

export async function go(page: Page, view: 'library' | 'queue'): Promise<void> {
  await page.click(`button.nav-item[data-view="${view}"]`);
  await page.waitForSelector(`[data-testid="view-${view}"]`);
}

async function theme(page: Page, t: 'light' | 'dark'): Promise<void> {
  await page.evaluate((v) => {
    document.documentElement.dataset.theme = v;
  }, t);
  await page.waitForTimeout(200);
}

/** Screenshots `web-queue-<name>-light` and `-dark`. */
export async function shoot(page: Page, name: string): Promise<void> {
  await screenshot(page, `web-queue-${name}-light`);
  await theme(page, 'dark');
  await screenshot(page, `web-queue-${name}-dark`);
  await theme(page, 'light');
}
