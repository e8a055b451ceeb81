import { describe, expect, it } from 'vitest';
import { BucketJanitor, corporaToKeep } from '../../bench/bucket-cleanup';

const MiB = 1 << 20;
const GiB = 1024 * MiB;

describe('bench bucket cleanup', () => {
  const huge = { name: 'huge', files: 1, bytes: GiB };
  const medium = { name: 'medium', files: 50, bytes: 50 * 8 * MiB };
  const small = { name: 'small', files: 1000, bytes: 1000 * 256 * 1024 };
  const tiny = { name: 'tiny', files: 1000, bytes: 1000 * 32 * 1024 };

  it('keeps whole corpora, most objects per byte first, while every run’s bucket fits the budget', () => {
    // 12 runs each: tiny 0.4 GiB, small 2.9 GiB, medium 4.7 GiB, huge 12 GiB.
    expect(corporaToKeep([huge, medium, small, tiny], 12, 10 * GiB)).toEqual(
      new Set(['tiny', 'small', 'medium']),
    );
    expect(corporaToKeep([huge, medium, small, tiny], 12, 4 * GiB)).toEqual(new Set(['tiny', 'small']));
    // The spec's sizes: 200 × 8 MiB no longer fits, 2,000 × 256 KiB and 5,000 × 32 KiB still do.
    const spec = [
      { name: 'huge', files: 1, bytes: 2 * GiB },
      { name: 'medium', files: 200, bytes: 200 * 8 * MiB },
      { name: 'small', files: 2000, bytes: 2000 * 256 * 1024 },
      { name: 'tiny', files: 5000, bytes: 5000 * 32 * 1024 },
    ];
    expect(corporaToKeep(spec, 12, 10 * GiB)).toEqual(new Set(['tiny', 'small']));
    expect(corporaToKeep([huge], 12, 0)).toEqual(new Set());
  });

  it('drops what it does not keep at the next flush, settling the GC once, and counts what it keeps', async () => {
    const calls: string[] = [];
    const janitor = new BucketJanitor(
      100 * MiB,
      async (b) => {
        calls.push(`drop ${b}`);
      },
      async () => {
        calls.push('settle');
      },
    );
    const small = (bucket: string) => ({ bucket, objects: 200, bytes: 50 * MiB });
    expect(janitor.done(small('a'), true)).toBe('kept');
    expect(janitor.done({ bucket: 'big', objects: 1, bytes: MiB * 64 }, false)).toBe('dropped');
    expect(janitor.done(small('b'), true)).toBe('kept');
    // Over the budget: dropped even though asked to keep.
    expect(janitor.done(small('c'), true)).toBe('dropped');
    expect(calls).toEqual([]);
    await janitor.flush();
    expect(calls).toEqual(['drop big', 'drop c', 'settle']);
    await janitor.flush();
    expect(calls).toHaveLength(3);
    expect(janitor.keptBytes).toBe(100 * MiB);
    expect(janitor.budgetLeft).toBe(0);
  });
});
