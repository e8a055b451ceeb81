// The renderer line: the built UI in Debian's Chromium through the web host (the e2e target),
// a Library of 20,000 entries: time from navigation to the first painted frame with cells, and
// frame-to-frame times while the grid is scrolled one long screen per frame.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { webTarget } from '../tests/e2e/support/targets';
import { spread, type Spread } from './measure';

/** What the renderer line reports. */
export interface RendererLine {
  readonly entries: number;
  /** Navigation start to the first frame painted with Library cells, ms, over `rounds` reloads. */
  readonly firstPaintMs: Spread;
  /** Frame intervals while scrolling, ms. */
  readonly frameMs: { readonly median: number; readonly p95: number; readonly max: number };
  /** Frames over 2 × 16.7 ms (a visibly dropped frame at 60 Hz). */
  readonly longFrames: number;
  readonly frames: number;
}

/** Null (with the reason logged) where Chromium or the build is missing. */
export async function rendererLine(
  scratch: string,
  entries: number,
  rounds: number,
  log: (line: string) => void,
): Promise<RendererLine | { skipped: string }> {
  const reason = webTarget.unavailable();
  if (reason) {
    log(`renderer line skipped: ${reason}`);
    return { skipped: reason };
  }
  const dir = join(scratch, 'library-20000');
  await mkdir(dir, { recursive: true });
  // Not images: this is about the grid, not libvips.
  for (let i = 0; i < entries; i++)
    await writeFile(join(dir, `sketch-${String(i).padStart(5, '0')}.txt`), 'x');
  const session = await webTarget.start();
  try {
    const { page } = session;
    const library = async () => {
      await page.click('button.nav-item[data-view="library"]');
      await page.waitForSelector('[data-testid="view-library"]');
    };
    const shown = entries.toLocaleString('en-US');
    await page.waitForSelector('.sidebar');
    await library();
    await page.fill('#path-input', dir);
    await page.click('.path-form button[type="submit"]');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="catalog-count"]')?.textContent === n,
      shown,
      { timeout: 120_000 },
    );
    const paints: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await page.reload();
      await page.waitForSelector('.sidebar');
      await library();
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="catalog-count"]')?.textContent === n,
        shown,
        { timeout: 60_000 },
      );
      await page.waitForSelector('[data-testid="catalog-cell"]');
      paints.push(
        await page.evaluate(
          () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))),
        ),
      );
    }
    const frames = await page.evaluate(async () => {
      const grid = document.querySelector<HTMLElement>('.catalog-grid')!;
      const times: number[] = [];
      await new Promise<void>((done) => {
        const step = (t: number) => {
          times.push(t);
          grid.scrollTop += grid.clientHeight;
          if (times.length > 240 || grid.scrollTop + grid.clientHeight >= grid.scrollHeight) done();
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
      return times.slice(1).map((t, i) => t - times[i]!);
    });
    const sorted = [...frames].sort((a, b) => a - b);
    const line: RendererLine = {
      entries,
      firstPaintMs: spread(paints),
      frameMs: {
        median: spread(frames).median,
        p95: sorted[Math.floor(sorted.length * 0.95)] ?? NaN,
        max: sorted[sorted.length - 1] ?? NaN,
      },
      longFrames: frames.filter((f) => f > 33.4).length,
      frames: frames.length,
    };
    log(
      `renderer: first Library paint ${line.firstPaintMs.median.toFixed(0)} ms; scroll frames median ` +
        `${line.frameMs.median.toFixed(1)} ms, p95 ${line.frameMs.p95.toFixed(1)} ms, ${line.longFrames}/${line.frames} over 33 ms`,
    );
    return line;
  } finally {
    await session.close();
  }
}
