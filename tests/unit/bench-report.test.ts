import { describe, expect, it } from 'vitest';
import { goals, markdown, type BenchResults } from '../../bench/report';
import type { CorpusResult, ToolResult } from '../../bench/upload-bench';

const s = (median: number) => ({ median, min: median, max: median });
const tool = (name: string, seconds: number): ToolResult => ({
  tool: name,
  samples: [],
  seconds: s(seconds),
  cpuSeconds: s(1),
  peakRssMb: s(100),
  mibPerSecond: 1,
  cpuSecondsPerGiB: 1,
});
const tiny = (floor?: number): CorpusResult => ({
  corpus: 'tiny',
  files: 5000,
  bytes: 5000 * 32 * 1024,
  tools: [tool('copper', 23.4), tool('rclone tuned', 23.5)],
  ...(floor === undefined ? {} : { floor: { inFlight: 16, samples: [], seconds: s(floor) } }),
});

describe('the benchmark report', () => {
  it('says when a goal asks for a time under the server floor', () => {
    // 1.2× rclone tuned's 23.5 s is 19.6 s: under a 22 s floor no client gets there.
    expect(goals([tiny(22)])[0]).toMatchObject({ met: false, floor: 22, reachable: false });
    expect(goals([tiny(15)])[0]).toMatchObject({ met: false, floor: 15, reachable: true });
    expect(goals([tiny()])[0]!.reachable).toBeUndefined();
  });

  it('prints the floor beside the corpus and in the goals table', () => {
    const r: BenchResults = {
      machine: {
        date: '2026-12-03',
        mode: 'quick',
        rounds: 1,
        cpu: 'cpu',
        cores: 2,
        memoryGiB: 24,
        os: 'Linux',
        node: 'v24',
        awsCli: 'aws',
        rclone: 'rclone',
        s3: 'RGW',
        loadBefore: '0',
        loadAfter: '0',
      },
      uploads: [tiny(22)],
    };
    const md = markdown(r);
    expect(md).toContain('Server floor (the same 5,000 PUTs from memory, 16 in flight, nothing else): 22.00');
    expect(md).toContain('took 1.06× the floor');
    expect(md).toMatch(
      /\| tiny \| rclone tuned \| 1\.00× \| ≥ 1\.2× \| \*\*no\*\* \| 22\.00 \| no: below the floor \|/,
    );
  });
});
