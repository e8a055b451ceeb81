import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './artifacts';
import { webTarget } from './targets';
import { createAppContext, type AppContext } from '../../../core/app-context';
import { startWebHost, type WebHost } from '../../../hosts/web/web-host';

/** History in Chromium through the web host, on a core signed in at the real Copper API. */
export interface HistoryPage {
  readonly page: Page;
  readonly context: AppContext;
  readonly host: WebHost;
  readonly dataDir: string;
  readonly downloads: string;
  /** Page errors, failed requests and 4xx/5xx answers the page saw (the favicon aside). */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Starts a core (its own data folder and keychain entry), signs in as `email` at `apiUrl`,
 * serves the built renderer through the web host and opens it in Debian's Chromium with the
 * clipboard allowed. Throws (does not skip) when Chromium cannot run here.
 */
export async function openHistoryPage(o: {
  readonly name: string;
  readonly apiUrl: string;
  readonly email: string;
  readonly password: string;
  readonly viewport?: { width: number; height: number };
  /** Opens on a first run instead (nobody signed in): the page signs in itself. */
  readonly signedOut?: boolean;
}): Promise<HistoryPage> {
  const reason = webTarget.unavailable();
  if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
  const dataDir = mkdtempSync(join(tmpdir(), `copper-e2e-${o.name}-`));
  const downloads = join(dataDir, 'Downloads');
  const context = createAppContext({
    dataDir,
    host: 'web',
    version: '0.0.0-e2e',
    heartbeatMs: 500,
    downloadsDir: downloads,
    keychainService: `Copper-e2e-${o.name}-${dataDir.slice(-6)}`,
    accountLog: { info: () => {}, warn: () => {} },
  });
  if (!o.signedOut) {
    await context.handlers['account.sign-in']({ apiUrl: o.apiUrl, email: o.email, password: o.password });
    // The core learns a custom bucket endpoint from the first credential and remembers it in the
    // data folder; this call stands in for that earlier run, so the page loads with it.
    await context.handlers['history.list']({});
  }
  const host = await startWebHost({
    handlers: context.handlers,
    hub: context.hub,
    staticDir: join(repoRoot, 'dist/renderer'),
    imageSources: () => context.imageSources(),
    // Version previews are made by the core into the Library's thumbnail cache, served here.
    thumbnails: (id) => context.catalog.readThumbnail(id),
  });
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--headless'],
  });
  const browserContext = await browser.newContext({ viewport: o.viewport ?? { width: 1200, height: 780 } });
  await browserContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  const page = await browserContext.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Every failed request counts (a thumbnail the CSP blocked, a 403 from the bucket), except
  // the favicon Chromium asks for on its own (the app has none) and a font of the app's own that
  // Chromium dropped itself (net::ERR_ABORTED while a navigation replaced the document).
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    const ownFont = r.url().startsWith(`${host.origin}/assets/`) && r.url().endsWith('.woff2');
    if (!(ownFont && why === 'net::ERR_ABORTED')) pageErrors.push(`${r.url()} failed: ${why}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
      pageErrors.push(`${r.url()} answered ${r.status()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
  });
  await page.goto(host.url);
  return {
    page,
    context,
    host,
    dataDir,
    downloads,
    pageErrors,
    close: async () => {
      await browser.close();
      await host.close();
      await context.session.signOut().catch(() => {});
      await context.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every preview with this test id has really loaded from the core's thumbnail route (`width` wide, when given). */
export async function thumbnailsLoaded(
  page: Page,
  count: number,
  testId = 'version-thumbnail',
  width?: number,
): Promise<void> {
  await page.waitForFunction(
    ([n, id, w]) => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>(`img[data-testid="${id}"]`)];
      return (
        imgs.length >= n && imgs.every((i) => i.complete && (w ? i.naturalWidth === w : i.naturalWidth > 0))
      );
    },
    [count, testId, width ?? 0] as const,
    { timeout: 15_000 },
  );
}

/** The version rows shown, newest first. */
export async function versionRows(
  page: Page,
): Promise<Array<{ version: string; current: boolean; marker: boolean }>> {
  return page.$$eval('[data-testid="version-row"]', (els) =>
    els.map((e) => ({
      version: (e as HTMLElement).dataset.version ?? '',
      current: (e as HTMLElement).dataset.current === 'true',
      marker: (e as HTMLElement).dataset.deleteMarker === 'true',
    })),
  );
}

/** Waits until no CSS transition runs (a theme switch fades colours), so a screenshot shows the end state. */
export async function transitionsDone(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running'),
  );
}
