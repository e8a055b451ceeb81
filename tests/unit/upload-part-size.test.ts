import { describe, expect, it } from 'vitest';
import {
  MAX_OBJECT_SIZE,
  MAX_PARTS,
  choosePartSize,
  partCount,
  partRange,
} from '../../core/upload/part-size';
import { backoffDelay } from '../../core/upload/retry';
import { multipartEtag, bareEtag } from '../../core/upload/file-access';
import { resolveUploadOptions } from '../../core/upload/options';
import { createHash } from 'node:crypto';

const MiB = 1024 * 1024;

describe('part sizing', () => {
  it('uses the minimum for ordinary files', () => {
    expect(choosePartSize(100 * MiB, 8 * MiB)).toBe(8 * MiB);
    expect(partCount(100 * MiB, 8 * MiB)).toBe(13);
  });

  it('grows in whole MiB so 10,000 parts always cover the file, up to 5 TiB', () => {
    for (const size of [80 * 1024 * MiB, 1024 ** 4, MAX_OBJECT_SIZE - 1, MAX_OBJECT_SIZE]) {
      const part = choosePartSize(size, 8 * MiB);
      expect(part % MiB).toBe(0);
      expect(partCount(size, part)).toBeLessThanOrEqual(MAX_PARTS);
      expect(part).toBeGreaterThanOrEqual(8 * MiB);
    }
  });

  it('refuses files over 5 TiB', () => {
    expect(() => choosePartSize(MAX_OBJECT_SIZE + 1, 8 * MiB)).toThrow(/5 TiB/);
  });

  it('gives byte ranges that tile the file exactly', () => {
    const size = 3 * 5 * MiB + 17;
    const ranges = Array.from({ length: partCount(size, 5 * MiB) }, (_, i) =>
      partRange(i + 1, size, 5 * MiB),
    );
    expect(ranges[0]).toEqual({ start: 0, end: 5 * MiB });
    expect(ranges.at(-1)).toEqual({ start: 15 * MiB, end: size });
    expect(ranges.reduce((a, r) => a + r.end - r.start, 0)).toBe(size);
    expect(partCount(0, 5 * MiB)).toBe(1);
  });

  it('keeps production minimums: parts of at least 5 MiB, threshold at least one part', () => {
    expect(resolveUploadOptions().partSizeMin).toBe(8 * MiB);
    expect(() => resolveUploadOptions({ partSizeMin: MiB })).toThrow(RangeError);
    expect(() => resolveUploadOptions({ partSizeMin: 8 * MiB, multipartThreshold: MiB })).toThrow(RangeError);
  });
});

describe('backoff', () => {
  it('doubles per attempt with jitter between half and all of the ceiling, capped', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(4, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(4, 100, 10_000, () => 0)).toBe(400);
    expect(backoffDelay(30, 100, 10_000, () => 1)).toBe(10_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(3, 100, 10_000)));
    expect(spread.size).toBeGreaterThan(5);
  });
});

describe('ETags', () => {
  it('computes the multipart ETag as S3 does: md5 of the binary part md5s, dash, count', () => {
    const parts = [Buffer.from('a'.repeat(10)), Buffer.from('b'.repeat(3))].map((b) =>
      createHash('md5').update(b).digest(),
    );
    const expected = createHash('md5').update(Buffer.concat(parts)).digest('hex');
    expect(multipartEtag(parts)).toBe(`${expected}-2`);
    expect(bareEtag('"abc-2"')).toBe('abc-2');
    expect(bareEtag('W/"abc"')).toBe('abc');
  });
});
