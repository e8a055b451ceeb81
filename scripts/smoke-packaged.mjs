// Launch smoke test of a packaged Copper (the release workflow's last step on each OS): starts
// the app from the installer's output, waits for its window, and asks the core `app.info`
// through the same window.copper bridge the UI uses. Exits 0 when the answer is this build's.
//
//   node scripts/smoke-packaged.mjs [PATH_TO_EXECUTABLE]
//
// Without a path it looks in release/ (electron-builder's unpacked app for this OS and arch).
// Playwright's _electron.launch cannot drive a packaged build: it needs Node's --inspect,
// which the EnableNodeCliInspectArguments fuse turns off. So the app is started as a person
// would, with Chromium's own remote-debugging port, and Playwright attaches over CDP.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
/* global window */ // the callbacks of waitForFunction/evaluate run in the app's window

const root = fileURLToPath(new URL('..', import.meta.url));
const { version, productName } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const TIMEOUT_MS = 90_000;

function findExecutable() {
  const release = join(root, 'release');
  const dirs = existsSync(release) ? readdirSync(release) : [];
  const candidates = dirs.flatMap((d) => [
    join(release, d, `${productName}.app`, 'Contents', 'MacOS', productName), // mac, mac-arm64
    join(release, d, `${productName}.exe`), // win-unpacked
    join(release, d, productName.toLowerCase()), // linux-unpacked
  ]);
  return candidates.find((p) => existsSync(p));
}

const executable = process.argv[2] ?? findExecutable();
if (!executable || !existsSync(executable)) {
  console.error(
    `smoke: no packaged app found (${executable ?? 'nothing under release/'}); run npm run dist first`,
  );
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'copper-smoke-'));
const args = ['--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1'];
// Chromium refuses to run as root with its sandbox (containers).
if (process.getuid?.() === 0) args.push('--no-sandbox');
const app = spawn(executable, args, {
  env: {
    ...process.env,
    COPPER_DATA_DIR: dataDir,
    COPPER_KEYCHAIN_SERVICE: `Copper-smoke-${process.pid}`,
  },
  stdio: ['ignore', 'inherit', 'pipe'],
});
let stderr = '';
const endpoint = new Promise((resolve, reject) => {
  app.stderr.on('data', (d) => {
    process.stderr.write(d);
    stderr += String(d);
    const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
    if (m) resolve(m[1]);
  });
  app.once('error', reject);
  app.once('exit', (code, signal) =>
    reject(new Error(`the app exited before its window opened (${code ?? signal})`)),
  );
});

let failure;
const timer = setTimeout(() => {
  failure = new Error(`no answer within ${TIMEOUT_MS / 1000} s`);
  app.kill();
}, TIMEOUT_MS);
try {
  const browser = await chromium.connectOverCDP(await endpoint);
  const pages = () => browser.contexts().flatMap((c) => c.pages());
  while (!pages().some((p) => p.url().startsWith('app://'))) await new Promise((r) => setTimeout(r, 250));
  const page = pages().find((p) => p.url().startsWith('app://'));
  await page.waitForFunction(() => 'copper' in window, undefined, { timeout: 30_000 });
  const info = await page.evaluate(() => window.copper.invoke('app.info', {}));
  console.log(`smoke: ${executable} answered app.info ${JSON.stringify(info)}`);
  if (info.version !== version)
    throw new Error(`app.info says version ${info.version}, this build is ${version}`);
  if (info.host !== 'electron') throw new Error(`app.info says host ${info.host}, expected electron`);
  await browser.close().catch(() => undefined);
} catch (err) {
  failure ??= err;
} finally {
  clearTimeout(timer);
  if (app.exitCode === null) {
    const exited = new Promise((r) => app.once('exit', r));
    app.kill();
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
}
if (failure) {
  console.error(`smoke: FAILED: ${failure.message}`);
  process.exit(1);
}
console.log('smoke: the packaged app starts, opens its window and answers app.info');
