import { describe, expect, it } from 'vitest';
import { BucketComparisons } from '../../renderer/views/library/bucket-comparisons';
import type { BucketComparison } from '../../shared/models/catalog';

/** A comparison per asked path; each call waits until `release()` when held. */
function fakeCore() {
  const calls: { paths: string[]; refresh: boolean }[] = [];
  const published: string[] = [];
  const busy: boolean[] = [];
  let held: (() => void)[] | undefined;
  let failing = false;
  const comparisons = new BucketComparisons({
    async ask(paths, refresh) {
      calls.push({ paths: [...paths], refresh });
      if (held) await new Promise<void>((r) => held!.push(r));
      if (failing) throw new Error('the core went away');
      return paths.map((path) => ({ path, status: 'same' }) as unknown as BucketComparison);
    },
    answered: (answers) => published.push(...answers.map((a) => a.path)),
    checking: (b) => busy.push(b),
  });
  return {
    comparisons,
    calls,
    published,
    busy,
    hold: () => (held = []),
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const r of waiting) r();
    },
    fail: (on: boolean) => (failing = on),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const uploaded = (...pairs: [string, string][]) => new Map(pairs);

describe('BucketComparisons', () => {
  it('asks about each uploaded file once, then only about the new and the changed ones', async () => {
    const core = fakeCore();
    core.comparisons.attach();
    core.comparisons.update(uploaded(['/a', 'v1'], ['/b', 'v1'], ['/c', 'v1']));
    await settle();
    expect(core.calls).toEqual([{ paths: ['/a', '/b', '/c'], refresh: false }]);
    expect(core.published).toEqual(['/a', '/b', '/c']);
    expect(core.busy).toEqual([true, false]);

    // One more file finished and /b has a new version: those two, not the whole Library.
    core.comparisons.update(uploaded(['/a', 'v1'], ['/b', 'v2'], ['/c', 'v1'], ['/d', 'v1']));
    core.comparisons.update(uploaded(['/a', 'v1'], ['/b', 'v2'], ['/c', 'v1'], ['/d', 'v1']));
    await settle();
    expect(core.calls.slice(1)).toEqual([{ paths: ['/b', '/d'], refresh: false }]);

    // Compare with gallery: everything, from S3.
    core.comparisons.refresh();
    await settle();
    expect(core.calls.slice(2)).toEqual([{ paths: ['/a', '/b', '/c', '/d'], refresh: true }]);
  });

  it('keeps an answer that arrives after the queue moved on, and asks about the newcomer next', async () => {
    const core = fakeCore();
    core.comparisons.attach();
    core.hold();
    core.comparisons.update(uploaded(['/a', 'v1']));
    core.comparisons.update(uploaded(['/a', 'v1'], ['/b', 'v1']));
    core.release();
    await settle();
    await settle();
    expect(core.calls).toEqual([
      { paths: ['/a'], refresh: false },
      { paths: ['/b'], refresh: false },
    ]);
    expect(core.published).toEqual(['/a', '/b']);
  });

  it('asks a thousand paths per call', async () => {
    const core = fakeCore();
    core.comparisons.attach();
    core.comparisons.update(
      new Map(Array.from({ length: 2500 }, (_, i) => [`/f${i}`, 'v'] as [string, string])),
    );
    for (let i = 0; i < 5; i++) await settle();
    expect(core.calls.map((c) => c.paths.length)).toEqual([1000, 1000, 500]);
    expect(new Set(core.published).size).toBe(2500);
  });

  it('asks again after a failed call once the connection reopens, and after a view attaches again', async () => {
    const core = fakeCore();
    const detach = core.comparisons.attach();
    core.fail(true);
    core.comparisons.update(uploaded(['/a', 'v1']));
    await settle();
    expect(core.published).toEqual([]);
    core.fail(false);
    core.comparisons.forget(); // the transport closed
    core.comparisons.update(uploaded(['/a', 'v1'])); // and opened again
    await settle();
    expect(core.published).toEqual(['/a']);

    // Detached while a call is out (React's StrictMode does it on mount): the path waits, and
    // is asked about again when a view attaches.
    core.hold();
    core.comparisons.update(uploaded(['/a', 'v1'], ['/b', 'v1']));
    detach();
    core.release();
    await settle();
    expect(core.published).toEqual(['/a']);
    core.comparisons.attach();
    await settle();
    expect(core.published).toEqual(['/a', '/b']);
    expect(core.calls.map((c) => c.paths)).toEqual([['/a'], ['/a'], ['/b'], ['/b']]);
  });
});
