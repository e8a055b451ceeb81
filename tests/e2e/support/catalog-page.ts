import type { Page } from 'playwright-core';

/** Waits until the Library's catalog has finished reading what was added (its summary says so). */
export async function catalogSettled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="catalog-summary"]')?.getAttribute('data-scanning') === 'false',
    undefined,
    { timeout },
  );
}
