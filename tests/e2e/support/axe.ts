import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, screenshot } from './artifacts';
import { transitionsDone } from './history-page';

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[]; failureSummary?: string }[];
}

export type Theme = 'light' | 'dark';

/**
 * Waits until nothing on the page is still moving towards its end state: no colour transition
 * (a theme switch) and no finite animation (a dialog fading in), so colours are read as shown.
 * Endless animations (a spinner) do not count.
 */
async function stillness(page: Page): Promise<void> {
  await transitionsDone(page);
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );
}

/** Shows the page in `theme` (as the theme picker does: data-theme on <html>) once its colours have settled. */
export async function showTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((t) => {
    document.documentElement.dataset.theme = t;
  }, theme);
  await stillness(page);
}

async function loadAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => 'axe' in window)) return;
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly refuses an inline tag.
  await page.evaluate(readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8'));
}

/**
 * axe-core's serious and critical findings on the page as it is now, in each theme (colour
 * contrast differs between them), each as "theme: rule (impact): where [why]". The page is left
 * in the light theme.
 */
export async function axeFindings(
  page: Page,
  themes: readonly Theme[] = ['light', 'dark'],
): Promise<string[]> {
  await loadAxe(page);
  const found: string[] = [];
  for (const theme of themes) {
    await showTheme(page, theme);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(o: object): Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run({ resultTypes: ['violations'] })).violations as Violation[];
    });
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
      found.push(
        `${theme}: ${v.id} (${v.impact}): ${v.nodes
          .map((n) => `${n.target.join(' ')} [${n.failureSummary?.split('\n').at(-1)?.trim() ?? ''}]`)
          .join(', ')}`,
      );
  }
  await showTheme(page, 'light');
  return found;
}

/** The focused element, described for a failure message: tag, then its name (aria-label, test id or text). */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const name = el.getAttribute('aria-label') ?? el.getAttribute('data-testid') ?? el.textContent ?? '';
    return `${el.tagName.toLowerCase()}:${name.trim().slice(0, 60)}`;
  });
}

/** Presses `key` (Tab by default) until the focused element matches `selector` (at most `limit` times); returns the focus path. */
export async function tabUntil(page: Page, selector: string, limit = 60, key = 'Tab'): Promise<string[]> {
  const path: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    path.push(await focused(page));
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return path;
  }
  throw new Error(`${key} never reached ${selector}; focus went ${path.join(' → ')}`);
}

/** Whether the focused element is inside `selector`. */
export function focusInside(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => Boolean(document.activeElement?.closest(sel)), selector);
}

/**
 * Tabs forward then backward through a modal one full round more than it has controls, and
 * returns every place focus went that was outside it (none, when it traps focus).
 */
export async function focusEscapes(page: Page, dialog: string): Promise<string[]> {
  const stops = await page.locator(dialog).evaluate((box) => {
    const sel = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]';
    return [...box.querySelectorAll<HTMLElement>(sel)].filter((el) => el.tabIndex >= 0).length;
  });
  const out: string[] = [];
  for (const key of ['Tab', 'Shift+Tab'])
    for (let i = 0; i < stops + 2; i++) {
      await page.keyboard.press(key);
      if (!(await focusInside(page, dialog))) out.push(`${key} #${i + 1}: ${await focused(page)}`);
    }
  return out;
}

/** Screenshots of the page as it is (a focus ring showing) in light and dark: `<name>-light.png`, `<name>-dark.png`. */
export async function shootThemes(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await showTheme(page, theme);
    await screenshot(page, `${name}-${theme}`);
  }
  await showTheme(page, 'light');
}
