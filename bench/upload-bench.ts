// The throughput race: every corpus uploaded by every contender, `rounds` times, the order
// rotated each round, each run into a fresh bucket so no tool finds another's objects. Between
// runs (never during one) a bucket is deleted or, when deleting would cost more than it frees,
// left for the end of the run (bucket-cleanup.ts).
import { freshBucket } from '../tests/support/services';
import { BucketJanitor, corporaToKeep } from './bucket-cleanup';
import type { Dataset } from './datasets';
import { alternated, spread, timed, type Sample, type Spread } from './measure';
import { floorApplies, floorInFlight, type FloorSample } from './server-floor';
import { Stopwatch } from './timing';
import type { Tool } from './tools';

/** Every sample of one tool on one corpus, and their spreads. */
export interface ToolResult {
  readonly tool: string;
  readonly samples: readonly Sample[];
  readonly seconds: Spread;
  readonly cpuSeconds: Spread;
  readonly peakRssMb: Spread;
  /** The S3 server's CPU seconds during each run (absent when it could not be read). */
  readonly serverCpuSeconds?: Spread;
  /** Median throughput (bytes over the median time). */
  readonly mibPerSecond: number;
  /** Median CPU seconds per GiB uploaded. */
  readonly cpuSecondsPerGiB: number;
}

/** One corpus's race. */
export interface CorpusResult {
  readonly corpus: string;
  readonly files: number;
  readonly bytes: number;
  readonly tools: readonly ToolResult[];
  /** The server's floor for this corpus (server-floor.ts), when measured. */
  readonly floor?: FloorResult;
}

/** The bare PUT loop's runs over one corpus. */
export interface FloorResult {
  readonly inFlight: number;
  readonly samples: readonly FloorSample[];
  readonly seconds: Spread;
  readonly serverCpuSeconds?: Spread;
}

const MiB = 1 << 20;

/** How a race spends the time between its timed runs, and where it says so. */
export interface RaceOptions {
  /** Deletes or keeps each run's bucket. */
  readonly janitor?: BucketJanitor;
  /** Hears "timed runs", "bucket setup" and "bucket cleanup" seconds. */
  readonly watch?: Stopwatch;
  /**
   * Measures the server's floor for a corpus (server-floor.ts): run once a round, in the
   * rotation with the tools, on the corpora it applies to.
   */
  readonly floor?: (d: Dataset, bucket: string) => Promise<FloorSample>;
}

/** The floor's place in a round's rotation. */
const FLOOR = 'server floor';

/** Races every tool over each dataset; `log` hears each run as it ends. */
export async function raceUploads(
  datasets: readonly Dataset[],
  tools: readonly Tool[],
  rounds: number,
  env: NodeJS.ProcessEnv,
  scratch: string,
  log: (line: string) => void,
  { janitor = new BucketJanitor(), watch = new Stopwatch(), floor }: RaceOptions = {},
): Promise<CorpusResult[]> {
  const out: CorpusResult[] = [];
  const keep = corporaToKeep(datasets, (tools.length + (floor ? 1 : 0)) * rounds, janitor.budgetLeft);
  for (const d of datasets) {
    const samples = new Map<string, Sample[]>(tools.map((t) => [t.name, []]));
    const floors: FloorSample[] = [];
    const withFloor = floor && floorApplies(d);
    const plan = alternated<Tool | typeof FLOOR>(withFloor ? [...tools, FLOOR] : tools, rounds);
    for (const [i, { round, tool }] of plan.entries()) {
      const bucket = await watch.time('bucket setup', () => freshBucket('bench'));
      const at = `${d.name} round ${round + 1}/${rounds}`;
      if (tool === FLOOR) {
        const s = await watch.time('timed runs', () => floor!(d, bucket));
        floors.push(s);
        log(
          `${at} ${FLOOR}: ${s.seconds.toFixed(2)} s, server CPU ${s.serverCpuSeconds?.toFixed(2) ?? '?'} s`,
        );
      } else {
        const s = await watch.time('timed runs', () => timed(tool.command(d, bucket, scratch), env, scratch));
        samples.get(tool.name)!.push(s);
        log(
          `${at} ${tool.name}: ${s.seconds.toFixed(2)} s, ` +
            `${(d.bytes / MiB / s.seconds).toFixed(1)} MiB/s, CPU ${s.cpuSeconds.toFixed(2)} s, ` +
            `server CPU ${s.serverCpuSeconds?.toFixed(2) ?? '?'} s, RSS ${s.peakRssMb.toFixed(0)} MB`,
        );
      }
      janitor.done({ bucket, objects: d.files, bytes: d.bytes }, keep.has(d.name));
      // What this round's runs left to delete goes before the next round (never during a run).
      if (plan[i + 1]?.round !== round) await watch.time('bucket cleanup', () => janitor.flush());
    }
    out.push({
      corpus: d.name,
      files: d.files,
      bytes: d.bytes,
      tools: tools.map((t) => summarize(t.name, samples.get(t.name)!, d.bytes)),
      ...(floors.length ? { floor: summarizeFloor(floors, floorInFlight(d)) } : {}),
    });
  }
  return out;
}

function summarizeFloor(samples: readonly FloorSample[], inFlight: number): FloorResult {
  const server = samples.map((s) => s.serverCpuSeconds).filter((v): v is number => v !== undefined);
  return {
    inFlight,
    samples,
    seconds: spread(samples.map((s) => s.seconds)),
    ...(server.length === samples.length ? { serverCpuSeconds: spread(server) } : {}),
  };
}

function summarize(tool: string, samples: readonly Sample[], bytes: number): ToolResult {
  const seconds = spread(samples.map((s) => s.seconds));
  const cpuSeconds = spread(samples.map((s) => s.cpuSeconds));
  const server = samples.map((s) => s.serverCpuSeconds).filter((v): v is number => v !== undefined);
  return {
    tool,
    samples,
    seconds,
    cpuSeconds,
    peakRssMb: spread(samples.map((s) => s.peakRssMb)),
    ...(server.length === samples.length ? { serverCpuSeconds: spread(server) } : {}),
    mibPerSecond: bytes / MiB / seconds.median,
    cpuSecondsPerGiB: cpuSeconds.median / (bytes / (1024 * MiB)),
  };
}
