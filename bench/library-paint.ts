// The Library-open line: 20,000 catalog entries persisted in the profile's SQLite, then the core
// restarted (a new core process on the same data folder, as quitting and reopening the app) and
// the page opened afresh: time from navigation to the first painted frame with Library cells,
// and frame times while the grid scrolls one screen per frame. The renderer line measures a
// page reload against a warm core; this one is the cold open the "< 1 s" is about.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { webTarget } from '../tests/e2e/support/targets';
import { spread, type Spread } from './measure';

/** What the Library-open line reports. */
export interface LibraryPaintLine {
  readonly entries: number;
  /** Navigation start (after a core restart) to the first frame painted with Library cells, ms. */
  readonly firstPaintMs: Spread;
  readonly scrollFrameMs: { readonly median: number; readonly p95: number; readonly max: number };
  /** Frames over 2 × 16.7 ms. */
  readonly longFrames: number;
  readonly frames: number;
}

async function openLibrary(page: Page, count: string): Promise<number> {
  await page.waitForSelector('.sidebar');
  await page.click('button.nav-item[data-view="library"]');
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="catalog-count"]')?.textContent === n,
    count,
    { timeout: 60_000 },
  );
  await page.waitForSelector('[data-testid="catalog-cell"]');
  return page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))));
}

// A string, not a function: tsx (esbuild keepNames) would wrap a named inner function in a
// `__name` helper that does not exist in the page.
const SCROLL_FRAMES = `new Promise((done) => {
  const grid = document.querySelector('.catalog-grid');
  const times = [];
  const step = (t) => {
    times.push(t);
    grid.scrollTop += grid.clientHeight;
    if (times.length > 240 || grid.scrollTop + grid.clientHeight >= grid.scrollHeight)
      done(times.slice(1).map((v, i) => v - times[i]));
    else requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate(SCROLL_FRAMES) as Promise<number[]>;
}

/** `{ skipped }` (with the reason logged) where Chromium or the build is missing. */
export async function libraryPaintLine(
  scratch: string,
  entries: number,
  rounds: number,
  log: (line: string) => void,
): Promise<LibraryPaintLine | { skipped: string }> {
  const reason = webTarget.unavailable();
  if (reason) {
    log(`library-open line skipped: ${reason}`);
    return { skipped: reason };
  }
  const dir = join(scratch, 'library-open-20000');
  await mkdir(dir, { recursive: true });
  // Not images: the figure is about the catalog's database and the grid, not libvips.
  for (let i = 0; i < entries; i++)
    await writeFile(join(dir, `study-${String(i).padStart(5, '0')}.txt`), `study ${i}`);
  const session = await webTarget.start();
  try {
    const { page } = session;
    const count = entries.toLocaleString('en-US');
    await page.waitForSelector('.sidebar');
    await page.click('button.nav-item[data-view="library"]');
    await page.fill('#path-input', dir);
    await page.click('.path-form button[type="submit"]');
    // The guard rail asks before adding thousands of files.
    await page.click('[data-testid="path-ask"] button:has-text("Add anyway")', { timeout: 60_000 });
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="catalog-count"]')?.textContent === n,
      count,
      { timeout: 180_000 },
    );
    const paints: number[] = [];
    for (let r = 0; r < Math.max(1, rounds); r++) {
      await session.restartCore!();
      paints.push(await openLibrary(page, count));
    }
    const frames = await scrollFrames(page);
    const sorted = [...frames].sort((a, b) => a - b);
    const line: LibraryPaintLine = {
      entries,
      firstPaintMs: spread(paints),
      scrollFrameMs: {
        median: spread(frames).median,
        p95: sorted[Math.floor(sorted.length * 0.95)] ?? NaN,
        max: sorted[sorted.length - 1] ?? NaN,
      },
      longFrames: frames.filter((f) => f > 33.4).length,
      frames: frames.length,
    };
    log(
      `library open (core restarted, ${count} persisted entries): first paint ${line.firstPaintMs.median.toFixed(0)} ms ` +
        `(${paints.map((p) => p.toFixed(0)).join(', ')}); scroll frames median ${line.scrollFrameMs.median.toFixed(1)} ms, ` +
        `p95 ${line.scrollFrameMs.p95.toFixed(1)} ms, ${line.longFrames}/${line.frames} over 33 ms`,
    );
    return line;
  } finally {
    await session.close();
  }
}
