// The Library-open line: 20,000 catalog entries persisted in the profile's SQLite, then the core
// restarted (a new core process on the same data folder, as quitting and reopening the app) and
// the page opened afresh and the Library chosen: time from navigation to the first painted frame
// showing the real first cell and the whole count (timed in the page), where that time went, the
// time until every entry is in the renderer, and then frame times while the grid of 20,000
// scrolls one screen per frame. This is the cold open the "< 1 s" is about.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { webTarget } from '../tests/e2e/support/targets';
import { spread, type Spread } from './measure';

/** Milliseconds from navigation start, medians over rounds: where the first paint's time goes. */
export interface LibraryOpenBreakdown {
  /** The document's DOMContentLoaded (HTML, CSS and the main bundle loaded, parsed and run). */
  readonly domContentLoadedMs: number;
  /** The catalog store asked for its first page (the socket had opened). */
  readonly firstPageAskedMs: number;
  /** The first page (300 items, the whole catalog's counts) arrived. */
  readonly firstPageMs: number;
}

/** What the Library-open line reports. */
export interface LibraryPaintLine {
  readonly entries: number;
  /**
   * Navigation start (after a core restart) to the first frame painted with the real first
   * Library cell (its file name) and the whole count in the header, ms; timed in the page.
   */
  readonly firstPaintMs: Spread;
  /** Navigation start to every entry being in the renderer (the grid no longer waiting for pages), ms. */
  readonly allEntriesMs?: Spread;
  readonly breakdown?: LibraryOpenBreakdown;
  readonly scrollFrameMs: { readonly median: number; readonly p95: number; readonly max: number };
  /** Frames over 2 × 16.7 ms. */
  readonly frames: number;
  readonly longFrames: number;
}

/** What one open measured, in the page's own clock (ms since navigation start). */
interface OpenTimes {
  readonly paint: number;
  readonly all: number;
  readonly domContentLoaded: number;
  readonly firstPageAsked: number;
  readonly firstPage: number;
}

// Installed before every navigation, all in the page: chooses the Library in the sidebar the frame
// its button exists (the profile is signed out, so the app lands on Settings; a signed-in artist
// lands on the Library without a click), watches each frame for the first one with the real first
// cell (its file name, not a placeholder) and the whole count, and records the frame after it
// (that frame has been painted); then the moment the grid holds every entry. Playwright's round
// trips (its process also runs the web host) never count.
const WATCH = `(() => {
  const { count, first } = window.__copperPaintWatch ?? {};
  const choose = () => {
    const button = document.querySelector('button.nav-item[data-view="library"]');
    if (button) button.click();
    else requestAnimationFrame(choose);
  };
  requestAnimationFrame(choose);
  const ready = () =>
    document.querySelector('[data-testid="catalog-count"]')?.textContent === count &&
    [...document.querySelectorAll('[data-testid="catalog-cell"] .catalog-cell__name')].some((n) => n.textContent === first);
  window.__copperPaint = new Promise((done) => {
    const check = () => (ready() ? requestAnimationFrame(() => done(performance.now())) : requestAnimationFrame(check));
    requestAnimationFrame(check);
  });
  window.__copperAll = new Promise((done) => {
    const check = () =>
      ready() && document.querySelector('.catalog-grid:not([data-arriving="true"])') ? done(performance.now()) : setTimeout(check, 5);
    check();
  });
})()`;

const TIMES = `Promise.all([window.__copperPaint, window.__copperAll]).then(([paint, all]) => {
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
  const nav = performance.getEntriesByType('navigation')[0];
  return { paint, all, domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN,
    firstPageAsked: mark('catalog:first-page-asked'), firstPage: mark('catalog:first-page') };
})`;

async function openLibrary(page: Page): Promise<OpenTimes> {
  return (await page.evaluate(TIMES)) as OpenTimes;
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

const median = (values: readonly number[]) => spread(values).median;

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
    await page.addInitScript(
      `window.__copperPaintWatch = ${JSON.stringify({ count, first: 'study-00000.txt' })}; ${WATCH}`,
    );
    const opens: OpenTimes[] = [];
    for (let r = 0; r < Math.max(1, rounds); r++) {
      await session.restartCore!();
      opens.push(await openLibrary(page));
    }
    // Every entry is in the renderer by now (openLibrary waited for it): the grid of 20,000 scrolls.
    const frames = await scrollFrames(page);
    const paints = opens.map((o) => o.paint);
    const sorted = [...frames].sort((a, b) => a - b);
    const line: LibraryPaintLine = {
      entries,
      firstPaintMs: spread(paints),
      allEntriesMs: spread(opens.map((o) => o.all)),
      breakdown: {
        domContentLoadedMs: median(opens.map((o) => o.domContentLoaded)),
        firstPageAskedMs: median(opens.map((o) => o.firstPageAsked)),
        firstPageMs: median(opens.map((o) => o.firstPage)),
      },
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
        `(${paints.map((p) => p.toFixed(0)).join(', ')}), all entries in ${line.allEntriesMs!.median.toFixed(0)} ms; scroll frames median ${line.scrollFrameMs.median.toFixed(1)} ms, ` +
        `p95 ${line.scrollFrameMs.p95.toFixed(1)} ms, ${line.longFrames}/${line.frames} over 33 ms`,
    );
    return line;
  } finally {
    await session.close();
  }
}
