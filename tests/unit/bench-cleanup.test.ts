import { describe, expect, it } from 'vitest';
import { BucketJanitor, DENSE_OBJECT_BYTES, keepBucket } from '../../bench/bucket-cleanup';

const MiB = 1 << 20;
const GiB = 1024 * MiB;

describe('bench bucket cleanup', () => {
  it('keeps only dense buckets (small objects, costly to delete), within the budget', () => {
    const tiny = { bucket: 't', objects: 2000, bytes: 2000 * 32 * 1024 };
    const huge = { bucket: 'h', objects: 1, bytes: 2 * GiB };
    const medium = { bucket: 'm', objects: 100, bytes: 100 * 8 * MiB };
    expect(keepBucket(tiny, 0, 8 * GiB)).toBe(true);
    expect(keepBucket(huge, 0, 8 * GiB)).toBe(false);
    expect(keepBucket(medium, 0, 8 * GiB)).toBe(false);
    expect(keepBucket(tiny, 8 * GiB - tiny.bytes, 8 * GiB)).toBe(true);
    expect(keepBucket(tiny, 8 * GiB - tiny.bytes + 1, 8 * GiB)).toBe(false);
    expect(keepBucket({ bucket: 'e', objects: 0, bytes: 0 }, 0, 0)).toBe(true);
    expect(keepBucket({ bucket: 'x', objects: 10, bytes: 10 * DENSE_OBJECT_BYTES }, 0, 8 * GiB)).toBe(false);
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
    expect(janitor.done(small('a'))).toBe('kept');
    expect(janitor.done({ bucket: 'big', objects: 1, bytes: MiB * 64 })).toBe('dropped');
    expect(janitor.done(small('b'))).toBe('kept');
    expect(janitor.done(small('c'))).toBe('dropped');
    expect(calls).toEqual([]);
    await janitor.flush();
    expect(calls).toEqual(['drop big', 'drop c', 'settle']);
    await janitor.flush();
    expect(calls).toHaveLength(3);
    expect(janitor.keptBytes).toBe(100 * MiB);
  });
});
