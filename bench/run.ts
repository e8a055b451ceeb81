// `npm run bench` (through scripts/bench.sh, which starts a file-backed Ceph RGW): Copper's CLI
// against `aws s3 cp` and `rclone copy` (defaults, and tuned) on four corpora, alternated over
// rounds; the memory line (1 GiB vs 10 GiB), the resume line, the catalog line and the renderer
// line. Writes bench/results/<full|quick>.json and .md after every corpus and section (a run cut
// short keeps what it measured), with each section's wall time, and prints the Markdown at the end.
// BENCH_QUICK=1: a ~3-minute version. BENCH_ONLY=uploads,memory,resume,catalog,renderer and
// BENCH_CORPORA=huge,medium,small,tiny pick parts (results then go to *-partial.*);
// BENCH_TOOLS picks contenders ("server floor" is the bare PUT loop, server-floor.ts). Sizes: bench/sizes.ts (the full run's are smaller than issue
// 10's so it fits 15 minutes here; BENCH_HUGE_MB, BENCH_MEDIUM_COUNT, BENCH_SMALL_COUNT,
// BENCH_TINY_COUNT, BENCH_MEMORY_MB, BENCH_RESUME_MB, BENCH_JPEGS, BENCH_TIFFS,
// BENCH_LIBRARY_ENTRIES and BENCH_ROUNDS override them).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { testServices } from '../tests/support/services';
import { catalogLine } from './catalog-bench';
import { makeImageSet } from './catalog-images';
import { makeDataset, type Dataset } from './datasets';
import { withFreshS3 } from './fresh-s3';
import { memoryLine, resumeLine, type MemoryPoint } from './memory-resume-bench';
import { markdown, type BenchResults, type Machine } from './report';
import { libraryPaintLine } from './library-paint';
import { benchSizes, FILE_BYTES } from './sizes';
import { Stopwatch, type SectionTime } from './timing';
import { contenders, toolEnv } from './tools';
import { raceUploads } from './upload-bench';
import { bareLoop } from './server-floor';

const GiB = 1 << 30;
const quick = process.env.BENCH_QUICK === '1';
const list = (name: string) => process.env[name]?.split(',').map((s) => s.trim()) ?? null;
const only = list('BENCH_ONLY');
const wants = (part: string) => !only || only.includes(part);

const sizes = benchSizes(process.env, quick);
const corpora = [
  { name: 'huge', count: 1, size: sizes.hugeBytes },
  { name: 'medium', count: sizes.mediumCount, size: FILE_BYTES.medium },
  { name: 'small', count: sizes.smallCount, size: FILE_BYTES.small },
  { name: 'tiny', count: sizes.tinyCount, size: FILE_BYTES.tiny },
];
const rounds = sizes.rounds;
/** Distinct generated pictures per image set (the rest are links to them). */
const DISTINCT = { jpeg: 10, tiff16: 5 };

/** When `npm run bench` started (scripts/bench.sh sets it), else when this process did. */
const startedAt = Number(process.env.BENCH_STARTED_AT) || Date.now() - performance.now();
const runStartedAt = Date.now();

function version(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]!
      .trim();
  } catch {
    return `${cmd}: not found`;
  }
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

const loadBefore = load();

/** The machine as it is now (the load at the end is the load when the results were last written). */
function machine(): Machine {
  return {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    rounds,
    sizes,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / GiB),
    os: `${type()} ${release()}`,
    node: process.version,
    awsCli: version('/usr/bin/aws', ['--version']),
    rclone: version('rclone', ['version']),
    s3: `Ceph RGW (${process.env.RGW_OBJECTSTORE ?? 'default'} object store) on loopback`,
    loadBefore,
    loadAfter: load(),
  };
}

type Results = { -readonly [K in keyof BenchResults]: BenchResults[K] };
const partial = only || process.env.BENCH_CORPORA ? '-partial' : '';
const base = join(process.cwd(), 'bench/results', `${quick ? 'quick' : 'full'}${partial}`);

/** Writes what has been measured so far, JSON and Markdown; returns the Markdown. */
async function save(results: Results): Promise<string> {
  results.machine = machine();
  const md = markdown(results);
  await mkdir(join(base, '..'), { recursive: true });
  await writeFile(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
  await writeFile(`${base}.md`, md);
  return md;
}

/** What every section is given; `watch` hears the parts of its time worth naming. */
interface SectionContext {
  readonly scratch: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  readonly watch: Stopwatch;
  /** Writes the results so far (with the run's timing up to now). */
  readonly save: () => Promise<unknown>;
}

/** One part of the run: measures into `results`, then the results are written. */
interface Section {
  readonly name: string;
  run(results: Results, ctx: SectionContext): Promise<void>;
}

/** Copper's peak RSS in the huge corpus race, as a memory-line point (its largest over the rounds). */
function fromHugeRace(results: Results): MemoryPoint[] {
  const huge = results.uploads.find((c) => c.corpus === 'huge');
  const copper = huge?.tools.find((t) => t.tool === 'copper');
  if (!huge || !copper) return [];
  return [
    {
      bytes: huge.bytes,
      peakRssMb: copper.peakRssMb.max,
      seconds: copper.seconds.median,
      from: `huge corpus race (largest of ${copper.samples.length} run${copper.samples.length === 1 ? '' : 's'})`,
    },
  ];
}

const sections: Section[] = [
  {
    name: 'uploads',
    async run(results, { scratch, log, watch, save }) {
      const chosen = list('BENCH_CORPORA');
      const datasets: Dataset[] = [];
      log('writing the corpora…');
      await watch.time('corpora written', async () => {
        for (const c of corpora.filter((c) => !chosen || chosen.includes(c.name)))
          datasets.push(await makeDataset(scratch, c.name, c.count, c.size));
      });
      const pickTools = list('BENCH_TOOLS');
      const withFloor = !pickTools || pickTools.includes('server floor');
      results.uploads = [];
      // Each corpus on a new S3 server (fresh-s3.ts), and written as soon as it is measured.
      for (const d of datasets) {
        const measured = await withFreshS3(scratch, () => {
          const { s3 } = testServices();
          const tools = contenders(s3).filter((t) => !pickTools || pickTools.includes(t.name));
          return raceUploads([d], tools, rounds, toolEnv(s3), scratch, log, {
            watch,
            ...(withFloor
              ? { floor: (corpus: Dataset, bucket: string) => bareLoop(s3, corpus, bucket) }
              : {}),
          });
        });
        results.uploads = [...results.uploads, ...measured];
        await save();
        await rm(d.dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'memory',
    async run(results, { scratch, env, log, watch }) {
      results.memory = await memoryLine(sizes.memoryBytes, env, scratch, log, fromHugeRace(results), watch);
    },
  },
  {
    name: 'resume',
    async run(results, { scratch, env, log }) {
      results.resume = await resumeLine(sizes.resumeBytes, env, testServices().s3.endpoint, scratch, log);
    },
  },
  {
    name: 'catalog',
    async run(results, { scratch, env, log, watch }) {
      log('generating images…');
      const sets = await watch.time('images made', async () => [
        await makeImageSet(scratch, 'jpeg', sizes.jpegs, DISTINCT.jpeg, 6000, 4000, log),
        await makeImageSet(scratch, 'tiff16', sizes.tiffs, DISTINCT.tiff16, 6000, 4000, log),
      ]);
      results.catalog = await watch.time('timed runs', () => catalogLine(sets, rounds, env, scratch, log));
      for (const s of sets) await rm(s.dir, { recursive: true, force: true });
    },
  },
  {
    name: 'renderer',
    async run(results, { scratch, log }) {
      results.renderer = await libraryPaintLine(scratch, sizes.libraryEntries, rounds, log);
    },
  },
];

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const scratch = await mkdtemp(join(tmpdir(), 'copper-bench-'));
  const env = toolEnv(testServices().s3);
  const results: Results = { machine: machine(), uploads: [] };
  const times: SectionTime[] = [];
  const setupSeconds = Math.max(0, (runStartedAt - startedAt) / 1000);
  /** The run's timing with `current` (the section under way, so far) at the end. */
  const timing = (current?: SectionTime) => ({
    totalSeconds: (Date.now() - startedAt) / 1000,
    ...(process.env.BENCH_STARTED_AT ? { setupSeconds } : {}),
    sections: current ? [...times, current] : [...times],
  });
  try {
    for (const section of sections.filter((s) => wants(s.name))) {
      const watch = new Stopwatch();
      const began = performance.now();
      const soFar = (): SectionTime => ({
        name: section.name,
        seconds: (performance.now() - began) / 1000,
        parts: watch.totals(),
      });
      const saveSoFar = () => {
        results.timing = timing(soFar());
        return save(results);
      };
      await section.run(results, { scratch, env, log, watch, save: saveSoFar });
      times.push(soFar());
      results.timing = timing();
      await save(results);
      log(`${section.name} took ${times.at(-1)!.seconds.toFixed(0)} s`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  results.timing = timing();
  console.log(await save(results));
  log(`results: ${base}.json and .md`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
