import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, _electron, type Browser, type Page } from 'playwright-core';
import { createAppContext } from '../../../core/app-context';
import { startWebHost } from '../../../hosts/web/web-host';
import { repoRoot } from './artifacts';
import { displayUnavailable, openDisplay } from './display';

/** One running UI the specs drive: the same specs run against every target. */
export interface UiSession {
  readonly page: Page;
  readonly kind: 'web' | 'electron';
  /** The data folder the core was started with (the UI must show this one). */
  readonly dataDir: string;
  readonly version: string;
  close(): Promise<void>;
}

/** A way to run the UI; `unavailable()` says why it cannot run here, or null. */
export interface UiTarget {
  readonly name: string;
  unavailable(): string | null;
  start(): Promise<UiSession>;
}

const CHROMIUM = '/usr/bin/chromium';
const rendererDir = join(repoRoot, 'dist/renderer');
const viewport = { width: 1200, height: 780 };

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

function missingBuild(): string | null {
  return existsSync(join(rendererDir, 'index.html'))
    ? null
    : 'dist/renderer is missing: run `npm run build` first';
}

/** Debian's Chromium against the web host, started in this process on the built renderer. */
export const webTarget: UiTarget = {
  name: 'chromium via the web host',
  unavailable: () => (existsSync(CHROMIUM) ? missingBuild() : `${CHROMIUM} is not installed`),
  async start() {
    const dataDir = mkdtempSync(join(tmpdir(), 'copper-e2e-web-'));
    const version = packageVersion();
    const context = createAppContext({ dataDir, host: 'web', version, heartbeatMs: 500 });
    const host = await startWebHost({
      handlers: context.handlers,
      hub: context.hub,
      staticDir: rendererDir,
      thumbnails: (id) => context.catalog.readThumbnail(id),
    });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--headless',
        ],
      });
      const page = await browser.newPage({ viewport });
      await page.goto(host.url);
      const opened = browser;
      return {
        page,
        kind: 'web',
        dataDir,
        version,
        async close() {
          await opened.close();
          await host.close();
          await context.dispose();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      await browser?.close();
      await host.close();
      await context.dispose();
      throw err;
    }
  },
};

function electronBinary(): { path?: string; reason?: string } {
  // Not require('electron'): when its binary is missing, that require tries to download it.
  // The package records the binary's relative path in path.txt once the binary is there.
  const req = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = dirname(req.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      reason: `the Electron binary is not installed (${pathFile} is missing; its download cannot run here)`,
    };
  const rel = readFileSync(pathFile, 'utf8').trim();
  const full = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel)
    : join(pkgDir, 'dist', rel);
  return existsSync(full) ? { path: full } : { reason: `the Electron binary ${full} does not exist` };
}

/** The packaged-style app through Playwright's `_electron`, where the Electron binary exists. */
export const electronTarget: UiTarget = {
  name: 'electron',
  unavailable() {
    const bin = electronBinary();
    if (!bin.path) return bin.reason ?? 'no electron binary';
    if (!existsSync(join(repoRoot, 'dist/electron/main.cjs')))
      return 'dist/electron/main.cjs is missing: run `npm run build` first';
    return displayUnavailable() ?? missingBuild();
  },
  async start() {
    const dataDir = mkdtempSync(join(tmpdir(), 'copper-e2e-electron-'));
    const display = await openDisplay();
    try {
      const app = await _electron.launch({
        executablePath: electronBinary().path,
        // `electron .` like `npm run start`: package.json's main, and app.getVersion() from
        // package.json. Chromium refuses to run as root with its sandbox (CI containers).
        args: [repoRoot, '--disable-gpu', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
        env: {
          ...process.env,
          ...display.env,
          COPPER_DATA_DIR: dataDir,
          COPPER_HEARTBEAT_MS: '500',
          // A keychain entry of this run only: a sign-in here never touches the person's own.
          COPPER_KEYCHAIN_SERVICE: `Copper-e2e-${randomBytes(4).toString('hex')}`,
        } as Record<string, string>,
      });
      const page = await app.firstWindow();
      await page.setViewportSize(viewport);
      return {
        page,
        kind: 'electron',
        dataDir,
        version: packageVersion(),
        async close() {
          await app.close();
          await display.stop();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      await display.stop();
      rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  },
};
