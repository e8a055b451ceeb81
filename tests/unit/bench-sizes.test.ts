import { describe, expect, it } from 'vitest';
import {
  FULL_SIZES,
  QUICK_SIZES,
  SPEC_SIZES,
  benchSizes,
  describeSizes,
  differencesFromSpec,
  sizeVariables,
  sizesSentence,
} from '../../bench/sizes';

const MiB = 1 << 20;

describe('bench sizes', () => {
  it('takes the mode defaults when no variable is set', () => {
    expect(benchSizes({}, false)).toEqual(FULL_SIZES);
    expect(benchSizes({}, true)).toEqual(QUICK_SIZES);
  });

  it('applies each BENCH_* variable, byte sizes in MiB, the memory list sorted', () => {
    const s = benchSizes(
      {
        BENCH_HUGE_MB: '2048',
        BENCH_MEDIUM_COUNT: '200',
        BENCH_SMALL_COUNT: ' 2000 ',
        BENCH_TINY_COUNT: '5000',
        BENCH_MEMORY_MB: '10240,512',
        BENCH_ROUNDS: '5',
        BENCH_TIFFS: '',
      },
      false,
    );
    expect(s.hugeBytes).toBe(2048 * MiB);
    expect(s.mediumCount).toBe(200);
    expect(s.smallCount).toBe(2000);
    expect(s.tinyCount).toBe(5000);
    expect(s.memoryBytes).toEqual([512 * MiB, 10240 * MiB]);
    expect(s.rounds).toBe(5);
    expect(s.tiffs).toBe(FULL_SIZES.tiffs);
  });

  it('refuses a value that is not a whole number ≥ 1', () => {
    expect(() => benchSizes({ BENCH_TINY_COUNT: 'lots' }, false)).toThrow(/BENCH_TINY_COUNT/);
    expect(() => benchSizes({ BENCH_HUGE_MB: '0' }, false)).toThrow(/BENCH_HUGE_MB/);
    expect(() => benchSizes({ BENCH_MEMORY_MB: '512,1.5' }, false)).toThrow(/BENCH_MEMORY_MB/);
  });

  it('keeps three rounds, every corpus shape and ≥ 1,000 files where the goal asks 1.2× in the full run', () => {
    expect(FULL_SIZES.rounds).toBeGreaterThanOrEqual(3);
    expect(FULL_SIZES.smallCount).toBeGreaterThanOrEqual(1000);
    expect(FULL_SIZES.tinyCount).toBeGreaterThanOrEqual(1000);
    expect(FULL_SIZES.memoryBytes.at(-1)).toBe(10240 * MiB);
  });

  it('the variables it prints give the sizes back', () => {
    for (const s of [SPEC_SIZES, FULL_SIZES, QUICK_SIZES]) {
      const env = Object.fromEntries(
        sizeVariables(s)
          .split(' ')
          .map((kv) => kv.split('=') as [string, string]),
      );
      expect(benchSizes(env, true)).toEqual(s);
    }
  });

  it('says which sizes were run, and when they are not the spec’s, why and how to run the spec’s', () => {
    expect(differencesFromSpec(SPEC_SIZES)).toEqual([]);
    expect(differencesFromSpec(FULL_SIZES)).toContain('hugeBytes');
    expect(describeSizes(FULL_SIZES)).toContain('1 × 1 GiB, 50 × 8 MiB, 1,000 × 256 KiB, 1,000 × 32 KiB');
    const full = sizesSentence(FULL_SIZES, 'full');
    expect(full).toContain("Issue 10's sizes do not fit the full run's 15 minutes");
    expect(full).not.toContain('BENCH_ROUNDS');
    expect(full).toContain(
      'BENCH_HUGE_MB=2048 BENCH_MEDIUM_COUNT=200 BENCH_SMALL_COUNT=2000 BENCH_TINY_COUNT=5000',
    );
    expect(sizesSentence(SPEC_SIZES, 'full')).toContain("These are issue 10's sizes.");
    expect(sizesSentence(QUICK_SIZES, 'quick')).toContain('quick run');
  });
});
