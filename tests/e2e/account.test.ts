import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { describeEachTarget } from './support/each-target';
import { webTarget } from './support/targets';
import { repoRoot, screenshot } from './support/artifacts';
import { freshBucket, testServices } from '../support/services';
import { startTestApi, type TestApi } from '../integration/identity-api';
import { createAppContext } from '../../core/app-context';
import { startWebHost } from '../../hosts/web/web-host';

// Everything real: the Copper API in this process on PostgreSQL + Ceph RGW, the Secret
// Service from scripts/with-services.sh (the core keeps the session token there), and the
// built renderer in Chromium through the web host (and in Electron where its binary exists).

const run = randomBytes(4).toString('hex');
const password = 'correct horse battery staple';
const apiLogs: string[] = [];
let api: TestApi;
let accounts = 0;

beforeAll(async () => {
  api = await startTestApi({
    services: testServices(),
    bucket: await freshBucket('e2e-account'),
    logs: apiLogs,
  });
});
afterAll(async () => {
  await api?.dispose();
});

/**
 * An account of the calling test's own: its sessions, sign-outs and expiry touch no other
 * test, so every test passes alone and in any order.
 */
async function newAccount(role: 'artist' | 'staff', name: string) {
  const n = ++accounts;
  const who = {
    email: `${role}-${n}-${run}@example.com`,
    password,
    role,
    artistId: role === 'artist' ? `ada-${n}-${run}` : null,
    displayName: name,
  } as const;
  await api.createUser(who);
  return who;
}

async function navLabels(page: Page): Promise<string[]> {
  return page.$$eval('.sidebar__nav button.nav-item', (els) =>
    els.map((e) => (e as HTMLElement).dataset.view ?? ''),
  );
}

async function setTheme(page: Page, theme: 'light' | 'dark' | 'system'): Promise<void> {
  await page.click('button.nav-item[data-view="settings"]');
  await page.click(`[data-theme-option="${theme}"]`);
  await settle(page);
}

// Colours ease over 120 ms when the theme flips; let them settle before a screenshot.
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(250);
}

async function fillSignIn(page: Page, who: { email: string }, pass: string): Promise<void> {
  await page.fill('#account-api-url', api.url);
  await page.fill('#account-email', who.email);
  await page.fill('#account-password', pass);
}

// Every spec starts on an app of its own (a first run) with an account of its own.
describeEachTarget(
  'signing in',
  (spec) => {
    spec('a first run opens on Settings → Account with the sign-in form', async ({ page, kind }) => {
      await page.waitForSelector('[data-testid="view-settings"] [data-testid="account-sign-in"]');
      expect(await page.textContent('[data-testid="account-status"]')).toBe('Signed out');
      expect(await page.getAttribute('[data-testid="account-chip"]', 'data-status')).toBe('signed-out');
      expect(await page.isDisabled('[data-testid="sign-in-submit"]')).toBe(true);
      await screenshot(page, `${kind}-account-first-run-light`);
      await setTheme(page, 'dark');
      await screenshot(page, `${kind}-account-first-run-dark`);
      await setTheme(page, 'light');
    });

    spec('checks the API address and says when it is not a Copper API', async ({ page, kind }) => {
      await page.fill('#account-api-url', `${api.url}/not-the-api`);
      await page.press('#account-api-url', 'Tab');
      await page.waitForSelector('[data-testid="api-check-status"][data-state="bad"]');
      expect(await page.textContent('[data-testid="api-check-status"]')).toContain(
        'That address isn’t a Copper API',
      );
      await screenshot(page, `${kind}-account-not-copper`);
      await page.fill('#account-api-url', 'http://gallery.example.com');
      await page.press('#account-api-url', 'Tab');
      await page.waitForSelector('[data-testid="api-check-status"][data-state="bad"]');
      expect(await page.textContent('[data-testid="api-check-status"]')).toContain('https://');
      await page.fill('#account-api-url', api.url);
      await page.press('#account-api-url', 'Tab');
      await page.waitForSelector('[data-testid="api-check-status"][data-state="ok"]');
      expect(await page.textContent('[data-testid="api-check-status"]')).toContain('Copper API found');
    });

    spec('a wrong password gets a clear message and signs nobody in', async ({ page, kind }) => {
      const artist = await newAccount('artist', 'Ada Okafor');
      await fillSignIn(page, artist, 'not my password');
      await page.click('[data-testid="sign-in-submit"]');
      await page.waitForSelector('[data-testid="account-error"]');
      expect(await page.getAttribute('[data-testid="account-error"]', 'data-code')).toBe(
        'auth.invalid-credentials',
      );
      expect(await page.textContent('[data-testid="account-error"]')).toContain('Wrong email or password');
      // The password is cleared for a retry; the address and email stay.
      expect(await page.inputValue('#account-password')).toBe('');
      expect(await page.inputValue('#account-email')).toBe(artist.email);
      expect(await page.textContent('[data-testid="account-status"]')).toBe('Signed out');
      await screenshot(page, `${kind}-account-wrong-password`);
    });

    spec(
      'the right password signs an artist in: Library, Queue and their own History',
      async ({ page, kind, dataDir }) => {
        const artist = await newAccount('artist', 'Ada Okafor');
        await fillSignIn(page, artist, artist.password);
        await page.click('[data-testid="sign-in-submit"]');
        await page.waitForSelector('[data-testid="view-library"]');
        expect(await navLabels(page)).toEqual(['library', 'queue', 'history']);
        expect(await page.getAttribute('[data-testid="account-chip"]', 'data-status')).toBe('signed-in');
        expect(await page.textContent('[data-testid="account-chip"]')).toContain(artist.displayName);
        await screenshot(page, `${kind}-account-artist-library`);
        await page.click('button.nav-item[data-view="settings"]');
        await page.waitForSelector('[data-testid="account-signed-in"]');
        expect(await page.textContent('[data-testid="profile-name"]')).toBe(artist.displayName);
        expect(await page.textContent('[data-testid="profile-email"]')).toBe(artist.email);
        expect(await page.textContent('[data-testid="profile-role"]')).toBe('Artist');
        expect(await page.textContent('[data-testid="profile-artist-id"]')).toContain(
          `artists/${artist.artistId}/`,
        );
        expect(await page.textContent('[data-testid="profile-api-url"]')).toBe(api.url);
        expect(await api.activeSessions(artist.email)).toBe(1);
        // The profile is an ordinary settings file; the session token is only in the keychain.
        const saved = readFileSync(join(dataDir, 'account.json'), 'utf8');
        expect(saved).toContain(artist.email);
        expect(saved).not.toContain('cps_');
        await screenshot(page, `${kind}-account-artist-profile-light`);
        await page.click('[data-theme-option="dark"]');
        await settle(page);
        await screenshot(page, `${kind}-account-artist-profile-dark`);
        await page.click('[data-theme-option="light"]');
        // Leave the keychain as we found it.
        await page.click('[data-testid="sign-out"]');
        await page.waitForSelector('[data-testid="account-sign-in"]');
      },
    );

    spec('sign-out revokes the session and returns to the sign-in form', async ({ page, kind }) => {
      const artist = await newAccount('artist', 'Ada Okafor');
      await fillSignIn(page, artist, artist.password);
      await page.click('[data-testid="sign-in-submit"]');
      await page.waitForSelector('[data-testid="view-library"]');
      expect(await api.activeSessions(artist.email)).toBe(1);
      await page.click('button.nav-item[data-view="settings"]');
      await page.waitForSelector('[data-testid="account-signed-in"]');
      await page.click('[data-testid="sign-out"]');
      await page.waitForSelector('[data-testid="account-sign-in"]');
      expect(await page.textContent('[data-testid="account-status"]')).toBe('Signed out');
      expect(await page.getAttribute('[data-testid="account-chip"]', 'data-status')).toBe('signed-out');
      // The form offers the same gallery and email again; never the password.
      expect(await page.inputValue('#account-api-url')).toBe(api.url);
      expect(await page.inputValue('#account-email')).toBe(artist.email);
      expect(await page.inputValue('#account-password')).toBe('');
      expect(await api.activeSessions(artist.email)).toBe(0);
      await screenshot(page, `${kind}-account-signed-out`);
    });

    spec('staff sign in to History, and see every view', async ({ page, kind }) => {
      const staff = await newAccount('staff', 'Grace Lindqvist');
      await fillSignIn(page, staff, staff.password);
      await page.click('[data-testid="sign-in-submit"]');
      await page.waitForSelector('[data-testid="view-history"]');
      expect(await navLabels(page)).toEqual(['library', 'queue', 'history']);
      await screenshot(page, `${kind}-account-staff-history`);
      await page.click('button.nav-item[data-view="settings"]');
      await page.waitForSelector('[data-testid="account-signed-in"]');
      expect(await page.textContent('[data-testid="profile-role"]')).toBe('Gallery staff');
      expect(await page.textContent('[data-testid="profile-artist-id"]')).toContain('staff see every artist');
      await page.click('[data-theme-option="dark"]');
      await settle(page);
      await screenshot(page, `${kind}-account-staff-profile-dark`);
      await page.click('[data-theme-option="system"]');
      // Leave the keychain as we found it.
      await page.click('[data-testid="sign-out"]');
      await page.waitForSelector('[data-testid="account-sign-in"]');
      expect(await api.activeSessions(staff.email)).toBe(0);
    });
  },
  { fresh: true },
);

describe('a session that ends while the app is open', () => {
  it('shows a banner that the queue is intact and leads back to sign-in', async (ctx) => {
    const reason = webTarget.unavailable();
    if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'copper-e2e-expiry-'));
    const context = createAppContext({ dataDir, host: 'web', version: '0.0.0-e2e', heartbeatMs: 500 });
    ctx.onTestFinished(async () => {
      await context.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const host = await startWebHost({
      handlers: context.handlers,
      hub: context.hub,
      staticDir: join(repoRoot, 'dist/renderer'),
    });
    ctx.onTestFinished(() => host.close());
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--headless'],
    });
    ctx.onTestFinished(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1200, height: 780 } });
    const artist = await newAccount('artist', 'Ada Okafor');

    await context.handlers['account.sign-in']({
      apiUrl: api.url,
      email: artist.email,
      password: artist.password,
    });
    await page.goto(host.url);
    await page.waitForSelector('[data-testid="view-library"]');
    expect(await navLabels(page)).toEqual(['library', 'queue', 'history']);

    // The API ends the session (as 30 days passing would); the core learns it on its next call.
    await api.expireSessions(artist.email);
    await expect(context.session.verify()).rejects.toMatchObject({ code: 'auth.session-expired' });
    await page.waitForSelector('[data-testid="session-banner"]');
    expect(await page.textContent('[data-testid="session-banner"]')).toContain('your queue is intact');
    expect(await page.getAttribute('[data-testid="account-chip"]', 'data-status')).toBe('session-expired');
    // The views stay as they were (History is the artist's own too).
    expect(await navLabels(page)).toEqual(['library', 'queue', 'history']);
    await screenshot(page, 'web-account-session-expired-banner');

    await page.click('[data-testid="session-banner"] button');
    await page.waitForSelector('[data-testid="view-settings"] [data-testid="account-expired"]');
    expect(await page.inputValue('#account-email')).toBe(artist.email);
    expect(await page.inputValue('#account-api-url')).toBe(api.url);
    await screenshot(page, 'web-account-session-expired-form');
    await page.fill('#account-password', artist.password);
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="view-library"]');
    expect(await page.$('[data-testid="session-banner"]')).toBeNull();
    await context.session.signOut();
  });
});

describe('a computer without a usable keychain', () => {
  it('refuses to sign in, says why, and writes nothing in its place', async (ctx) => {
    const reason = webTarget.unavailable();
    if (reason) throw new Error(`cannot run ${webTarget.name}: ${reason}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'copper-e2e-nokeychain-'));
    ctx.onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    // `npm run start:web` in a process whose session bus leads nowhere: Linux without a Secret Service.
    const child = spawn(process.execPath, ['--import', 'tsx', 'hosts/web/start.ts', '--data-dir', dataDir], {
      cwd: repoRoot,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/copper-no-bus' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    ctx.onTestFinished(
      () =>
        new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(output);
        if (m) resolve(m[0]);
      };
      child.stdout!.on('data', seen);
      child.stderr!.on('data', seen);
      child.once('exit', (code) =>
        reject(new Error(`the web host exited (${code}) before printing its address:\n${output}`)),
      );
    });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--headless'],
    });
    ctx.onTestFinished(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1200, height: 780 } });
    const artist = await newAccount('artist', 'Ada Okafor');
    await page.goto(url);
    await page.waitForSelector('[data-testid="account-sign-in"]');
    await fillSignIn(page, artist, artist.password);
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="account-error"]');
    expect(await page.getAttribute('[data-testid="account-error"]', 'data-code')).toBe(
      'keychain.unavailable',
    );
    expect(await page.textContent('[data-testid="account-error"]')).toContain(
      'The system keychain isn’t available',
    );
    expect(await page.textContent('[data-testid="account-error"]')).toContain('Secret Service');
    expect(await page.textContent('[data-testid="account-status"]')).toBe('Signed out');
    await screenshot(page, 'web-account-no-keychain');
    // No fallback: no profile, no file holding a session token (they start `cps_`) or the
    // password, and the session the API had already created was revoked again.
    expect(readdirSync(dataDir)).not.toContain('account.json');
    for (const name of readdirSync(dataDir, { recursive: true }) as string[]) {
      const path = join(dataDir, name);
      if (!statSync(path).isFile()) continue;
      const text = readFileSync(path).toString('latin1');
      expect(text, name).not.toContain('cps_');
      expect(text, name).not.toContain(artist.password);
    }
    expect(await api.activeSessions(artist.email)).toBe(0);
  });
});

describe('the API log', () => {
  it('never contains a password', async () => {
    // Its own sign-ins, wrong and right, so the log has something to check whatever ran before.
    const artist = await newAccount('artist', 'Ada Okafor');
    const signIn = (pw: string) =>
      fetch(`${api.url}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: artist.email, password: pw }),
      });
    expect((await signIn('not my password')).status).toBe(401);
    const ok = await signIn(artist.password);
    expect(ok.status).toBe(201);
    const { token } = (await ok.json()) as { token: string };
    expect(apiLogs.join('\n')).toContain('/v1/sessions');
    expect(apiLogs.join('\n')).not.toContain(token);
    expect(apiLogs.join('\n')).not.toContain(password);
    expect(apiLogs.join('\n')).not.toContain('not my password');
  });
});
