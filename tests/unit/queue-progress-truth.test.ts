import { describe, expect, it } from 'vitest';
import { ByteRate } from '../../shared/byte-rate';
import { outcomeWords, percentOf, summarizeQueue } from '../../shared/models/queue-summary';
import { queueTotals } from '../../shared/models/queue-totals';
import { queueEntry } from '../support/queue-entry';

const entry = queueEntry;

const uploaded = (id: number, size = 100) =>
  entry(id, { state: 'done', reason: 'uploaded', size, bytesDone: size });
const unchanged = (id: number, size = 100) =>
  entry(id, { state: 'done', reason: 'unchanged', size, bytesDone: size });
const held = (id: number, size = 0) =>
  entry(id, { state: 'failed', code: 'held-back', message: 'empty', retryable: false, size });
const failed = (id: number) =>
  entry(id, { state: 'failed', code: 'upload-failed', message: 'x', retryable: true });

describe('summarizeQueue and its words', () => {
  it('is complete and 100 % only when every file is uploaded or unchanged', () => {
    const s = summarizeQueue([uploaded(1), uploaded(2), unchanged(3)]);
    expect(s).toMatchObject({ complete: true, fraction: 1, bytesSent: 200, bytesToSend: 200 });
    expect(percentOf(s)).toBe(100);
    expect(outcomeWords(s)).toBe('2 uploaded, 1 unchanged');
    expect(outcomeWords(summarizeQueue([uploaded(1), uploaded(2)]))).toBe('All 2 files uploaded');
    expect(outcomeWords(summarizeQueue([unchanged(1)]))).toBe('All 1 file unchanged, nothing sent');
  });

  it('never reaches a full 100 % with a held-back (even empty) or failed file', () => {
    const heldEmpty = summarizeQueue([uploaded(1), held(2, 0)]);
    expect(heldEmpty.complete).toBe(false);
    expect(heldEmpty.fraction).toBeLessThan(1);
    expect(percentOf(heldEmpty)).toBe(99);
    expect(outcomeWords(heldEmpty)).toBe('1 uploaded, 1 held back');
    const withFailed = summarizeQueue([uploaded(1), failed(2), held(3, 50), unchanged(4)]);
    expect(withFailed).toMatchObject({ bytesSent: 100, bytesToSend: 250, complete: false });
    expect(percentOf(withFailed)).toBe(40);
    expect(outcomeWords(withFailed)).toBe('1 uploaded, 1 unchanged, 1 held back, 1 failed');
    expect(outcomeWords(summarizeQueue([failed(1)]))).toBe('0 uploaded, 1 failed');
  });

  it('counts 12 uploaded and 1,988 unchanged apart', () => {
    const list = [
      ...Array.from({ length: 12 }, (_, i) => uploaded(i + 1)),
      ...Array.from({ length: 1988 }, (_, i) => unchanged(i + 100)),
    ];
    expect(outcomeWords(summarizeQueue(list))).toBe(`12 uploaded, ${(1988).toLocaleString()} unchanged`);
  });

  it('does not count a re-check as bytes to send, and counts live bytes of the rest', () => {
    const s = summarizeQueue(
      [
        entry(1, { state: 'uploading', recheck: true, size: 5_000_000 }),
        entry(2, { state: 'queued', recheck: true, size: 5_000_000 }),
        entry(3, { state: 'uploading', size: 1000 }),
        entry(4, { state: 'paused', size: 1000, bytesDone: 400 }),
      ],
      (e) => (e.id === 3 ? 250 : e.bytesDone),
    );
    expect(s).toMatchObject({
      checking: 2,
      checkingNow: 1,
      active: 3,
      paused: 1,
      bytesSent: 650,
      bytesToSend: 2000,
    });
    expect(s.complete).toBe(false);
    // The totals the desktop's taskbar bar reads leave re-checks out too.
    expect(queueTotals([entry(1, { recheck: true, size: 5000 }), entry(2, { size: 300 })])).toMatchObject({
      active: 2,
      bytesTotal: 300,
    });
  });
});

describe('ByteRate', () => {
  it('measures bytes that moved over the window, unknown for the first second', () => {
    const r = new ByteRate(5_000, 1_000);
    r.observe(0, [{ id: 1, bytes: 0 }]);
    r.observe(500, [{ id: 1, bytes: 500_000 }]);
    expect(r.rate(500)).toBe(0);
    for (let t = 1000; t <= 10_000; t += 500) r.observe(t, [{ id: 1, bytes: t * 1000 }]);
    expect(r.rate(10_000)).toBeCloseTo(1_000_000, -3);
    expect(r.rate(10_000, 1)).toBeCloseTo(1_000_000, -3);
  });

  it('starts its clock when bytes move: seconds spent comparing are not averaged in', () => {
    const r = new ByteRate(5_000, 1_000);
    // Three seconds of comparing (in flight, nothing moving), then 1 MB/s.
    for (let t = 0; t <= 3000; t += 100) r.observe(t, [{ id: 1, bytes: 0 }]);
    for (let t = 3100; t <= 4500; t += 100) r.observe(t, [{ id: 1, bytes: (t - 3000) * 1000 }]);
    expect(r.rate(4500)).toBeCloseTo(1_000_000, -3);
    expect(r.rate(4500, 1)).toBeCloseTo(1_000_000, -3);
  });

  it('has no spike after a resume from the bytes S3 holds, nor for a file found unchanged', () => {
    const r = new ByteRate(5_000, 1_000);
    for (let t = 0; t <= 3000; t += 100) r.observe(t, [{ id: 1, bytes: t * 100 }]);
    r.observe(3100, []); // paused
    expect(r.rate(3100)).toBe(0);
    // Resumed: the first count is 8 MB already on S3 (a baseline, not a transfer).
    r.observe(60_000, [{ id: 1, bytes: 8_000_000 }]);
    for (let t = 60_100; t <= 62_000; t += 100)
      r.observe(t, [{ id: 1, bytes: 8_000_000 + (t - 60_000) * 100 }]);
    expect(r.rate(62_000)).toBeCloseTo(100_000, -3);
    // A 5 GB file "jumps" to its size when found unchanged: taken back, the rate is what it was.
    r.observe(62_100, [
      { id: 1, bytes: 8_000_000 + 2100 * 100 },
      { id: 2, bytes: 0 },
    ]);
    r.observe(62_200, [
      { id: 1, bytes: 8_000_000 + 2200 * 100 },
      { id: 2, bytes: 5e9 },
    ]);
    expect(r.rate(62_200)).toBeGreaterThan(1e9);
    r.retract(2);
    expect(r.rate(62_200)).toBeCloseTo(100_000, -3);
    // A count going down (a dropped part) is a new baseline, never negative bytes.
    r.observe(62_300, [{ id: 1, bytes: 1000 }]);
    r.observe(62_400, [{ id: 1, bytes: 11_000 }]);
    expect(r.rate(62_400)).toBeGreaterThan(0);
  });
});
