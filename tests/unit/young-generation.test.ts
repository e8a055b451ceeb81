import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_BYTES } from '../../core/common/young-generation';

const largestNewSpace = (mode: 'capped' | 'free'): number =>
  Number(
    execFileSync(process.execPath, ['--import', 'tsx', 'tests/support/young-generation-child.ts', mode], {
      encoding: 'utf8',
    }),
  );

describe('the young-generation cap of the engine processes', () => {
  it('keeps the new space near its ceiling where V8 alone grows it eightfold', () => {
    const free = largestNewSpace('free');
    const capped = largestNewSpace('capped');
    // Without the cap V8 grows it far past the ceiling (the test would prove nothing otherwise).
    expect(free).toBeGreaterThanOrEqual(4 * YOUNG_GENERATION_BYTES);
    // Between two turns of the event loop V8 may resize it once more before the cap adjusts.
    expect(capped).toBeLessThanOrEqual(2 * YOUNG_GENERATION_BYTES);
  });
});
