import { describe, expect, it } from 'vitest';
import { CachedProbe } from '../../server/http/cached-probe';

describe('readiness probe cache', () => {
  it('runs the probe at most once per ttl, shared by concurrent callers, and retries after a throw', async () => {
    let now = 0;
    let runs = 0;
    let fail = false;
    const probe = new CachedProbe(
      async () => {
        runs++;
        if (fail) throw new Error('down');
        return runs;
      },
      5000,
      () => now,
    );
    expect(await Promise.all([probe.get(), probe.get(), probe.get()])).toEqual([1, 1, 1]);
    now = 4999;
    expect(await probe.get()).toBe(1);
    expect(runs).toBe(1);
    now = 5000;
    expect(await probe.get()).toBe(2);
    fail = true;
    now = 20_000;
    await expect(probe.get()).rejects.toThrow('down');
    await expect(probe.get()).rejects.toThrow('down');
    expect(runs).toBe(4); // a failure is not remembered
  });
});
