import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_BYTES } from '../../core/common/young-generation';

/** The new space's size at each turn of a child's event loop, sorted. */
const newSpaceSizes = (mode: 'capped' | 'free'): number[] =>
  (
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', 'tests/support/young-generation-child.ts', mode], {
        encoding: 'utf8',
      }),
    ) as number[]
  ).sort((a, b) => a - b);

const median = (sorted: readonly number[]): number => sorted[Math.floor(sorted.length / 2)] ?? 0;
const largest = (sorted: readonly number[]): number => sorted[sorted.length - 1] ?? 0;

describe('the young-generation cap of the engine processes', () => {
  it('keeps the new space at its ceiling where V8 alone grows it eightfold', () => {
    const free = newSpaceSizes('free');
    const capped = newSpaceSizes('capped');
    // Without the cap V8 grows it far past the ceiling and keeps it there (the test would prove
    // nothing otherwise).
    expect(largest(free)).toBeGreaterThanOrEqual(4 * YOUNG_GENERATION_BYTES);
    expect(median(free)).toBeGreaterThanOrEqual(4 * YOUNG_GENERATION_BYTES);
    // With it the new space sits at the ceiling. It passes it only for a few turns: V8 12+
    // (Node 24, Electron) lends the new space pages beyond its size while an old-generation
    // marking delays the next scavenge, and the cap adjusts between turns, not within one.
    // Node 24 was seen at 1.3-2.1x the ceiling in those turns.
    expect(median(capped)).toBeLessThanOrEqual(YOUNG_GENERATION_BYTES);
    expect(largest(capped)).toBeLessThanOrEqual(3 * YOUNG_GENERATION_BYTES);
  });
});
