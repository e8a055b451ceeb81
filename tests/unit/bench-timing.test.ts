import { describe, expect, it } from 'vitest';
import { Stopwatch, duration, timingSentence } from '../../bench/timing';

describe('bench timing', () => {
  it('adds each part’s time up, on the clock it is given, failures included', async () => {
    let now = 0;
    const watch = new Stopwatch(() => now);
    await watch.time('timed runs', async () => {
      now += 2500;
    });
    await watch.time('bucket cleanup', async () => {
      now += 500;
    });
    await watch.time('timed runs', async () => {
      now += 1000;
    });
    await expect(
      watch.time('bucket cleanup', async () => {
        now += 250;
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    watch.add('corpora written', 4);
    expect(watch.totals()).toEqual({ 'timed runs': 3.5, 'bucket cleanup': 0.75, 'corpora written': 4 });
  });

  it('writes seconds under two minutes, minutes above', () => {
    expect(duration(42.4)).toBe('42 s');
    expect(duration(119)).toBe('119 s');
    expect(duration(816)).toBe('13.6 min');
  });

  it('says what the run took, section by section, leaving out parts under half a second', () => {
    expect(
      timingSentence({
        totalSeconds: 816,
        setupSeconds: 41,
        sections: [
          {
            name: 'uploads',
            seconds: 492,
            parts: { 'timed runs': 450, 'bucket setup': 0.2, 'bucket cleanup': 30 },
          },
          { name: 'renderer', seconds: 38 },
        ],
      }),
    ).toBe(
      'This run took 13.6 min: setup (build, S3 server) 41 s; uploads 8.2 min (timed runs 7.5 min, bucket cleanup 30 s); renderer 38 s.',
    );
    expect(timingSentence({ totalSeconds: 3, sections: [] })).toBe('This run took 3 s.');
  });
});
