import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The young generation's ceiling the engine's processes keep (both semi-spaces together). */
export const YOUNG_GENERATION_BYTES = 16 * 1024 * 1024;

/** The young generation's size now (both semi-spaces), in bytes. */
export function newSpaceBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Keeps V8's young generation (new space) at or under `maxBytes` in this process.
 *
 * Why: V8 doubles the new space whenever most of it survives a scavenge, up to 64 MiB per
 * semi-space on a machine with this much memory. Uploading thousands of small files keeps many
 * requests alive across scavenges, and the slower the S3 server answers, the more survive:
 * `npm run bench` at 5,000 × 32 KiB peaked at 126–145 MB RSS in most rounds and at 152–159 MB in
 * the slowest ones, with ~18 MB of live JS heap. Started with `--max-semi-space-size=8` the
 * same runs stayed at 115–130 MB at the same CPU, but that flag is read only when V8 starts (the
 * CLI would have to run itself again; `node bin/copper.mjs` is how it is started).
 * V8 reads `--semi-space-growth-factor` at each growth decision, so after every scavenge this
 * lets the next one double the space only while the doubled size stays under the ceiling. (It
 * adjusts between turns of the event loop, so a burst of scavenges within one turn can pass the
 * ceiling for a while; and V8 12+, in Node 24 and Electron, lends the new space pages beyond its
 * size while an old-generation marking delays the next scavenge. tests/unit/young-generation.test.ts
 * saw Node 24 at the ceiling in most turns and at up to about twice it in a few.)
 * Returns the disposer (growth is allowed again).
 */
export function capYoungGeneration(maxBytes: number = YOUNG_GENERATION_BYTES): () => void {
  let factor = 0;
  const adjust = () => {
    const next = newSpaceBytes() * 2 <= maxBytes ? 2 : 1;
    if (next === factor) return;
    factor = next;
    setFlagsFromString(`--semi-space-growth-factor=${next}`);
  };
  adjust();
  const observer = new PerformanceObserver(adjust);
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    setFlagsFromString('--semi-space-growth-factor=2');
  };
}
