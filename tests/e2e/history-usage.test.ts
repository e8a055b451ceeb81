import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { screenshot } from './support/artifacts';
import { openHistoryPage, type HistoryPage } from './support/history-page';
import { adminS3, freshBucket, testServices } from '../support/services';
import { startTestApi, type TestApi } from '../integration/identity-api';
import { put } from '../integration/bucket-support';
import { formatBytes } from '../../shared/format-bytes';
import { testAccount } from '../support/test-accounts';

// History's Storage strip in Chromium via the web host, on a staff session from the real API:
// the figures are the bytes written to the real RGW, and Refresh recomputes after a new version.

const run = randomBytes(4).toString('hex');
const staff = testAccount('staff', 'Grace', run);
const ada = testAccount('artist', 'Ada', run);
const artistId = ada.artistId;
const folder = `artists/${artistId}/`;
const longKey = `${folder}a very long artwork title for the spring exhibition catalogue, final print master.png`;

const png = (w: number, h: number, colour: string) =>
  sharp({ create: { width: w, height: h, channels: 3, background: colour } })
    .png()
    .toBuffer();

/** Lets the colour-scheme transitions finish before a screenshot (a picture, not an assertion). */
const settle = (page: Page) => page.waitForTimeout(400);

describe('History storage summary in Chromium', () => {
  let api: TestApi;
  let s3: S3Client;
  let bucket: string;
  let ui: HistoryPage;
  let page: Page;
  const sizes = { current: 0, older: 0, adaCurrent: 0 };

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('e2e-usage');
    api = await startTestApi({ services: testServices(), bucket, logs: [] });
    for (const u of [staff, ada]) await api.createUser(u);
    const [portrait1, portrait2, landscape, gone] = await Promise.all([
      png(300, 420, '#7a5c3e'),
      png(300, 420, '#3e5c7a'),
      png(480, 300, '#c9a227'),
      png(200, 200, '#888888'),
    ]);
    await put(s3, bucket, longKey, portrait1);
    await put(s3, bucket, longKey, portrait2);
    await put(s3, bucket, `${folder}harbour.png`, landscape);
    await put(s3, bucket, `${folder}old.png`, gone);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${folder}old.png` }));
    await put(s3, bucket, 'artists/bo-tanaka/still life.png', landscape);
    sizes.adaCurrent = portrait2.length + landscape.length;
    sizes.current = sizes.adaCurrent + landscape.length;
    sizes.older = portrait1.length + gone.length;
    ui = await openHistoryPage({
      name: 'usage',
      apiUrl: api.url,
      email: staff.email,
      password: staff.password,
    });
    page = ui.page;
  });
  afterAll(async () => {
    await ui?.close();
    await api?.dispose();
    s3?.destroy();
  });

  const figure = (id: string) => page.textContent(`[data-testid="${id}"]`);

  it('shows every artist’s current and older bytes, then one folder’s, in light and dark', async () => {
    await page.click('button.nav-item[data-view="history"]');
    await page.waitForSelector('[data-testid="storage-total"]');
    expect(await figure('storage-total-current')).toBe(formatBytes(sizes.current));
    expect(await figure('storage-total-older')).toBe(formatBytes(sizes.older));
    expect(await figure('storage-summary')).toContain('2 artists');
    await screenshot(page, 'web-usage-1-all-light');

    await page.click(`[data-kind="folder"][data-prefix="${folder}"]`);
    await page.waitForSelector(`[data-kind="artwork"][data-key="${longKey}"]`);
    await page.click(`[data-kind="artwork"][data-key="${longKey}"]`);
    await page.waitForSelector('[data-testid="storage-artwork"]');
    expect(await figure('storage-total-current')).toBe(formatBytes(sizes.adaCurrent));
    expect(await figure('storage-total-older')).toBe(formatBytes(sizes.older));
    expect(await figure('storage-artwork')).toContain('2 versions');
    await screenshot(page, 'web-usage-2-folder-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await settle(page);
    await screenshot(page, 'web-usage-3-folder-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('keeps the counted figures until Refresh, which counts a new version', async () => {
    const extra = await png(640, 400, '#224466');
    await put(s3, bucket, `${folder}harbour.png`, extra);
    const before = await figure('storage-total-older');
    await page.click('[data-testid="storage-refresh"]');
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid="storage-total-older"]')?.textContent !== b,
      before,
    );
    expect(await figure('storage-summary')).toContain('Just counted');
    await page.setViewportSize({ width: 820, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await settle(page);
    await screenshot(page, 'web-usage-4-narrow-dark');
  });
});
