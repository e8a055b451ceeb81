import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { axeFindings, focusEscapes, focusInside, shootThemes, tabUntil } from './support/axe';
import { openHistoryPage, type HistoryPage } from './support/history-page';
import { catalogSettled as settled } from './support/catalog-page';
import { adminS3, freshBucket, testServices } from '../support/services';
import { startTestApi, type TestApi } from '../integration/identity-api';

// Every view and every dialog, for an artist and for gallery staff, through axe-core in the
// light and the dark theme (0 serious or critical findings), and a keyboard-only pass (Tab,
// Shift+Tab, arrows, Space, Enter, Escape; no mouse) that signs in, adds a folder, opens
// History, opens and closes each dialog with focus returning to what opened it. All real:
// the Copper API on PostgreSQL, Ceph RGW, the keychain, Debian's Chromium via the web host.

const run = randomBytes(4).toString('hex');
const password = 'correct horse battery staple';
const artistId = `ada-${run}`;
const artist = {
  email: `${artistId}@example.com`,
  password,
  role: 'artist',
  artistId,
  displayName: 'Ada Okafor',
} as const;
const staff = {
  email: `grace-${run}@example.com`,
  password,
  role: 'staff',
  artistId: null,
  displayName: 'Grace Lindqvist',
} as const;
const folder = `artists/${artistId}/harbour-series/`;
const key = `${folder}dune at dusk.png`;

let api: TestApi;
let s3: S3Client;
let work: string;
let artworks: string;

/** A small picture in one colour, `w`×`h`. */
function picture(w: number, h: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width: w, height: h, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

async function put(k: string, body: Buffer): Promise<string> {
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: bucketName,
      Key: k,
      Body: body,
      ContentType: 'image/png',
      Metadata: { 'uploaded-by': artist.email },
    }),
  );
  return out.VersionId!;
}
let bucketName: string;

beforeAll(async () => {
  s3 = adminS3();
  bucketName = await freshBucket('e2e-a11y');
  api = await startTestApi({ services: testServices(), bucket: bucketName, logs: [] });
  await api.createUser(artist);
  await api.createUser(staff);
  // Three versions of one artwork (portrait, then landscape), another artwork, and a deleted one.
  await put(key, await picture(300, 420, '#b4622b'));
  await put(key, await picture(420, 300, '#3b6e8f'));
  await put(key, await picture(420, 300, '#2f5d3a'));
  await put(`${folder}lighthouse.png`, await picture(320, 320, '#d9c7a0'));
  await put(`${folder}old sketch.png`, await picture(200, 200, '#777777'));
  await s3.send(new DeleteObjectCommand({ Bucket: bucketName, Key: `${folder}old sketch.png` }));
  // The artist's folder on disk: portrait, landscape, a long name, and an empty file (held back).
  work = mkdtempSync(join(tmpdir(), 'copper-e2e-a11y-'));
  artworks = join(work, 'Harbour Show');
  mkdirSync(artworks, { recursive: true });
  const files: [string, number, number, string][] = [
    ['portrait study.png', 200, 320, '#8a4b2a'],
    ['landscape.png', 320, 200, '#40627a'],
    ['a very long name for the final print master of the harbour series 9000x6000.png', 240, 240, '#6b7b3a'],
  ];
  for (const [name, w, h, c] of files) writeFileSync(join(artworks, name), await picture(w, h, c));
  writeFileSync(join(artworks, 'empty.png'), '');
});
afterAll(async () => {
  await api?.dispose();
  s3?.destroy();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Focus at the top of the page, as after a fresh load: the next Tab reaches the first control. */
async function fromTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    // A collapsed selection at the top moves Chromium's sequential-focus starting point there.
    window.getSelection()?.collapse(document.body, 0);
  });
}

/**
 * Shift+Tabs back to the sidebar's entry for `view` (the sidebar comes before every view) and
 * presses Enter; the view opens and the sidebar marks it, and only it, as the current page.
 */
async function openView(page: Page, view: string): Promise<void> {
  await tabUntil(page, `button.nav-item[data-view="${view}"]`, 80, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid="view-${view}"]`);
  expect(
    await page.$$eval('[aria-current="page"]', (els) => els.map((e) => e.getAttribute('data-view'))),
  ).toEqual([view]);
}

/**
 * What is wrong with the headings: a view has one h1 (its title) and skips no level; a dialog
 * (`within`) opens with the heading that names it and skips no level below it.
 */
async function headings(page: Page, within?: string): Promise<string[]> {
  return page.evaluate((scope) => {
    const box = scope ? document.querySelector(scope)! : document.body;
    const els = [...box.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')].filter(
      (e) => !e.closest('[inert]'),
    );
    const levels = els.map((e) => Number(e.getAttribute('aria-level') ?? e.tagName.slice(1)));
    const problems: string[] = [];
    if (scope) {
      if (els[0]?.id !== box.getAttribute('aria-labelledby'))
        problems.push('the dialog is not named by its first heading');
    } else if (levels.filter((l) => l === 1).length !== 1)
      problems.push(`${levels.filter((l) => l === 1).length} h1`);
    let last = scope ? (levels[0] ?? 1) - 1 : 0;
    for (const l of levels) {
      if (l > last + 1) problems.push(`h${last} then h${l}`);
      last = l;
    }
    return problems;
  }, within);
}

/**
 * Checks an open modal: axe finds nothing serious in either theme, Tab and Shift+Tab never leave
 * it, the page behind it is inert, Escape closes it and focus returns to `opener`.
 */
async function checkDialog(page: Page, dialog: string, opener: string, shot?: string): Promise<void> {
  await page.waitForSelector(dialog);
  expect(await focusInside(page, dialog), `focus moved into ${dialog}`).toBe(true);
  expect(await page.evaluate(() => document.getElementById('root')?.inert)).toBe(true);
  expect(await axeFindings(page), dialog).toEqual([]);
  expect(await headings(page, dialog), dialog).toEqual([]);
  expect(await focusEscapes(page, dialog), dialog).toEqual([]);
  if (shot) await shootThemes(page, shot);
  await page.keyboard.press('Escape');
  await page.waitForSelector(dialog, { state: 'detached' });
  expect(await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, opener), opener).toBe(
    true,
  );
}

describe('an artist, keyboard only, through axe [chromium via the web host]', () => {
  let ui: HistoryPage;
  let page: Page;
  beforeAll(async () => {
    ui = await openHistoryPage({ name: 'a11y-artist', apiUrl: api.url, ...artist, signedOut: true });
    page = ui.page;
    await page.waitForSelector('[data-testid="view-settings"] [data-testid="account-sign-in"]');
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('signed out, every view passes axe (Library, Queue, History ask to sign in)', async () => {
    for (const view of ['library', 'queue', 'history']) {
      await openView(page, view);
      expect(await axeFindings(page), view).toEqual([]);
      expect(await headings(page), view).toEqual([]);
    }
    await shootThemes(page, 'web-a11y-signed-out-history-nav-focus');
    await openView(page, 'settings');
    await page.waitForSelector('[data-testid="account-sign-in"]');
  });

  it('signs in on Settings with the keyboard; the sign-in form has no serious axe finding', async () => {
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    await tabUntil(page, '#account-api-url', 20);
    await page.keyboard.type(api.url);
    await page.keyboard.press('Tab');
    await page.waitForSelector('[data-testid="api-check-status"][data-state="ok"]');
    await shootThemes(page, 'web-a11y-sign-in-focus');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('account-email');
    await page.keyboard.type(artist.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="view-library"]', { timeout: 20_000 });
  });

  it('the empty Library, a bad path and a question about a system folder', async () => {
    await page.waitForSelector('[data-testid="drop-zone"]');
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    await fromTop(page);
    await tabUntil(page, '#path-input');
    await page.keyboard.type(join(work, 'not there'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('#path-hint');
    expect(await page.getAttribute('#path-input', 'aria-invalid')).toBe('true');
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('/etc');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="path-ask"]');
    expect(await axeFindings(page)).toEqual([]);
    await tabUntil(page, '[data-testid="path-ask"] button.button--ghost', 4);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="path-ask"]', { state: 'detached' });
  });

  it('adds a folder with the keyboard; the full Library has no serious axe finding', async () => {
    await page.focus('#path-input');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(artworks);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="catalog"]');
    await settled(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="catalog-cell"]').length === 4);
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    await fromTop(page);
    await tabUntil(page, '[data-testid="catalog-search"]');
    await shootThemes(page, 'web-a11y-library-focus');
  });

  it('the Queue with items: arrows move its filter, no serious axe finding', async () => {
    await openView(page, 'queue');
    await page.waitForSelector('[data-testid="queue-row"]');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="queue-row"]')].every((r) =>
          ['done', 'failed'].includes(r.getAttribute('data-state') ?? ''),
        ),
      undefined,
      { timeout: 30_000 },
    );
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    // One Tab stop for the whole filter: the checked option; arrows move the choice.
    await tabUntil(page, '[data-filter][role="radio"]');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-filter'))).toBe('all');
    expect(
      await page.$$eval('[data-filter][role="radio"]', (els) => els.map((e) => (e as HTMLElement).tabIndex)),
    ).toEqual([0, -1, -1, -1]);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-filter'))).toBe('active');
    expect(await page.getAttribute('[data-filter="active"]', 'aria-checked')).toBe('true');
    await page.keyboard.press('End');
    expect(await page.getAttribute('[data-filter="done"]', 'aria-checked')).toBe('true');
    await shootThemes(page, 'web-a11y-queue-filter-focus');
    await page.keyboard.press('Home');
    expect(await page.getAttribute('[data-filter="all"]', 'aria-checked')).toBe('true');
    // Tab leaves the group (it does not walk through each option).
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('radio');
  });

  it('History, their own folder only: an artwork open and its Share dialog pass axe, no restore offered', async () => {
    await openView(page, 'history');
    const series = `[data-kind="folder"][data-prefix="${folder}"]`;
    await page.waitForSelector(series);
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    await tabUntil(page, series);
    await page.keyboard.press('Enter');
    const artwork = `[data-kind="artwork"][data-key="${key}"]`;
    await page.waitForSelector(artwork);
    if (!(await page.evaluate((sel) => document.activeElement?.matches(sel), artwork)))
      await tabUntil(page, artwork, 5);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="version-row"]').length === 3);
    expect(await page.locator('[data-action="restore"]').count()).toBe(0);
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    await shootThemes(page, 'web-a11y-artist-history');
    const share = '[data-testid="version-row"]:nth-child(3) [data-action="share"]';
    await tabUntil(page, share);
    await page.keyboard.press('Enter');
    await checkDialog(page, '[data-testid="share-dialog"]', share, 'web-a11y-artist-share');
  });

  it('Settings signed in: the theme picker moves with the arrows, no serious axe finding', async () => {
    await openView(page, 'settings');
    await page.waitForSelector('[data-testid="account-signed-in"]');
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    await tabUntil(page, '[data-theme-option][role="radio"]');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-theme-option'))).toBe(
      'system',
    );
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('[data-theme-option="light"]', 'aria-checked')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-theme-option'))).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getAttribute('[data-theme-option="system"]', 'aria-checked')).toBe('true');
    expect(ui.pageErrors).toEqual([]);
  });
});

describe('gallery staff, keyboard only, through axe [chromium via the web host]', () => {
  let ui: HistoryPage;
  let page: Page;
  const row = (n: number) => `[data-testid="version-row"]:nth-child(${n})`;
  beforeAll(async () => {
    ui = await openHistoryPage({ name: 'a11y-staff', apiUrl: api.url, ...staff });
    page = ui.page;
    await page.waitForSelector('.sidebar');
  });
  afterAll(async () => {
    await ui?.close();
  });
  // A spec that failed with a dialog open leaves it closed for the next one.
  afterEach(async () => {
    for (let i = 0; i < 3 && (await page.$('[role="dialog"]')); i++) await page.keyboard.press('Escape');
  });

  it('adds a folder to the Library with the keyboard', async () => {
    await openView(page, 'library');
    await tabUntil(page, '#path-input');
    await page.keyboard.type(artworks);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="catalog"]');
    await settled(page);
    expect(await axeFindings(page)).toEqual([]);
  });

  it('opens History, walks into a folder and opens an artwork, with no serious axe finding', async () => {
    await openView(page, 'history');
    await page.waitForSelector('[data-testid="artwork-list"] [data-kind="folder"]');
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    await tabUntil(page, `[data-kind="folder"][data-prefix="artists/${artistId}/"]`);
    await page.keyboard.press('Enter');
    // Opening a folder puts focus on its first entry (the artist's own upload, "Harbour Show",
    // sorts first when the artist's spec ran), so the keyboard carries on from there.
    await page.waitForFunction(
      (opener) =>
        document.activeElement?.matches('.artwork-list li:first-child button') &&
        document.activeElement.getAttribute('data-prefix') !== opener,
      `artists/${artistId}/`,
    );
    const series = `[data-kind="folder"][data-prefix="${folder}"]`;
    if (!(await page.evaluate((sel) => document.activeElement?.matches(sel), series)))
      await tabUntil(page, series, 3);
    await page.keyboard.press('Enter');
    await page.waitForFunction((k) => document.activeElement?.getAttribute('data-key') === k, key);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="version-row"]');
    expect(await page.getAttribute(`[data-key="${key}"][data-kind="artwork"]`, 'aria-current')).toBe('true');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="version-row"]').length === 3);
    // Each row's buttons say which version of which file they act on.
    const names = await page.$$eval(`${row(3)} button, ${row(3)} input`, (els) =>
      els.map((e) => e.getAttribute('aria-label')),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Compare version 1 of dune at dusk\.png \(.+\)$/),
        expect.stringMatching(/^Restore version 1 of dune at dusk\.png \(.+\)$/),
        expect.stringMatching(/^Download version 1 of dune at dusk\.png \(.+\)$/),
        expect.stringMatching(/^Share link for version 1 of dune at dusk\.png \(.+\)…$/),
      ]),
    );
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    await shootThemes(page, 'web-a11y-history-panel');
  });

  it('ticks two versions and opens Compare with the keyboard; Escape returns focus to Compare', async () => {
    await tabUntil(page, `${row(1)} [data-action="compare"]`);
    await page.keyboard.press('Space');
    await tabUntil(page, `${row(3)} [data-action="compare"]`);
    await page.keyboard.press('Space');
    expect(await page.isEnabled('[data-testid="compare-open"]')).toBe(true);
    await tabUntil(page, '[data-testid="compare-open"]', 40, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="compare-dialog"]');
    // Focus starts on the chosen mode; the arrows switch modes.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-mode'))).toBe('side');
    await page.waitForSelector('[data-testid="compare-image"]');
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[data-testid="compare-swipe"]');
    expect(await page.getAttribute('[data-mode="swipe"]', 'aria-checked')).toBe('true');
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[data-testid="compare-zoom-pick"]');
    // The 100 % region is picked with the keyboard too: Enter cuts it at the centre, an arrow moves it
    // (a tenth of the picture to the right: from 0, 0 to 12, 0).
    await tabUntil(page, '[data-testid="compare-zoom-pick"]', 3);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-tile"]').length === 2);
    const centre = await page.textContent('.compare__tile figcaption');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      (c) => document.querySelector('.compare__tile figcaption')?.textContent !== c,
      centre,
    );
    expect(await axeFindings(page)).toEqual([]);
    await tabUntil(page, '[data-mode="zoom"]', 5, 'Shift+Tab');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector('[data-testid="compare-side-by-side"]');
    await checkDialog(
      page,
      '[data-testid="compare-dialog"]',
      '[data-testid="compare-open"]',
      'web-a11y-compare-focus',
    );
  });

  it('Restore, Share and Label: each traps focus, passes axe, and gives focus back on Escape', async () => {
    for (const [action, dialog] of [
      ['restore', 'restore-dialog'],
      ['share', 'share-dialog'],
      ['label', 'label-dialog'],
    ] as const) {
      const opener = `${row(3)} [data-action="${action}"]`;
      await tabUntil(page, opener);
      await page.keyboard.press('Enter');
      await checkDialog(page, `[data-testid="${dialog}"]`, opener, `web-a11y-${dialog}`);
    }
  });

  it('the share lifetime is a radio group the arrows move; a link made with the keyboard passes axe', async () => {
    await page.focus(`${row(3)} [data-action="share"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="share-dialog"]');
    await tabUntil(page, '[data-seconds][role="radio"]', 10);
    const before = await page.evaluate(() => document.activeElement?.getAttribute('data-seconds'));
    expect(await page.getAttribute(`[data-seconds="${before}"]`, 'aria-checked')).toBe('true');
    await page.keyboard.press('ArrowRight');
    const after = await page.evaluate(() => document.activeElement?.getAttribute('data-seconds'));
    expect(after).not.toBe(before);
    expect(await page.getAttribute(`[data-seconds="${after}"]`, 'aria-checked')).toBe('true');
    // Create a link with the keyboard: the link and the artwork's list of links pass axe too.
    await tabUntil(page, '[data-testid="share-create"]', 10);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="share-result"]');
    await page.waitForSelector('[data-testid="share-row"] [data-action="revoke"]');
    const revoke = await page.getAttribute('[data-testid="share-row"] [data-action="revoke"]', 'aria-label');
    expect(revoke).toMatch(/^Revoke the link to version \S+, made by /);
    expect(revoke?.endsWith(`made by ${staff.email}`)).toBe(true);
    expect(await focusInside(page, '[data-testid="share-dialog"]')).toBe(true);
    expect(await axeFindings(page)).toEqual([]);
    expect(await focusEscapes(page, '[data-testid="share-dialog"]')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="share-dialog"]', { state: 'detached' });
  });

  it('As of… and Show deleted: axe in both themes, focus trapped and given back', async () => {
    await fromTop(page);
    await tabUntil(page, '[data-testid="show-deleted"]');
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-kind="deleted"]');
    expect(await axeFindings(page)).toEqual([]);
    await tabUntil(page, '[data-testid="history-as-of"]', 4);
    await page.keyboard.press('Enter');
    // Focus starts in the moment field (a day ago); Enter shows the folder as it was then.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'as-of-moment');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="as-of-list"] [data-testid="as-of-row"]');
    await checkDialog(
      page,
      '[data-testid="as-of-dialog"]',
      '[data-testid="history-as-of"]',
      'web-a11y-as-of',
    );
  });

  it('Settings for staff: no serious axe finding, and the page saw no error', async () => {
    await openView(page, 'settings');
    await page.waitForSelector('[data-testid="account-signed-in"][data-role="staff"]');
    expect(await axeFindings(page)).toEqual([]);
    expect(await headings(page)).toEqual([]);
    expect(ui.pageErrors).toEqual([]);
  });
});
