// `npm run bench` (through scripts/bench.sh, which starts a file-backed Ceph RGW): Copper's CLI
// against `aws s3 cp` and `rclone copy` (defaults, and tuned) on four corpora, alternated over
// rounds; the memory line (1 GiB vs 10 GiB), the resume line, the catalog line and the renderer
// line. Writes bench/results/<full|quick>.json and .md after every corpus and section (a run cut
// short keeps what it measured) and prints the Markdown at the end.
// BENCH_QUICK=1: a ~3-minute version. BENCH_ONLY=uploads,memory,resume,catalog,renderer and
// BENCH_CORPORA=huge,medium,small,tiny pick parts (results then go to *-partial.*);
// BENCH_ROUNDS overrides the round count.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { testServices } from '../tests/support/services';
import { catalogLine } from './catalog-bench';
import { makeImageSet } from './catalog-images';
import { makeDataset } from './datasets';
import { memoryLine, resumeLine } from './memory-resume-bench';
import { markdown, type BenchResults, type Machine } from './report';
import { libraryPaintLine } from './library-paint';
import { contenders, toolEnv } from './tools';
import { raceUploads } from './upload-bench';

const MiB = 1 << 20;
const GiB = 1024 * MiB;
const quick = process.env.BENCH_QUICK === '1';
const list = (name: string) => process.env[name]?.split(',').map((s) => s.trim()) ?? null;
const only = list('BENCH_ONLY');
const wants = (part: string) => !only || only.includes(part);

/** Each size as [quick, full]. */
const sizes = {
  rounds: [1, 3],
  huge: [128 * MiB, 2 * GiB],
  /** Files in the medium (8 MiB), small (256 KiB) and tiny (32 KiB) corpora. */
  files: [
    [16, 200, 500],
    [200, 2000, 5000],
  ],
  memory: [
    [128 * MiB, 512 * MiB],
    [1 * GiB, 10 * GiB],
  ],
  resume: [128 * MiB, 1 * GiB],
  /** 24-megapixel JPEGs and 16-bit TIFFs for the catalog line. */
  images: [
    [20, 3],
    [500, 50],
  ],
};
const pick = <T>(pair: readonly T[]): T => (quick ? pair[0]! : pair[1]!);
const [mediumFiles, smallFiles, tinyFiles] = pick(sizes.files) as [number, number, number];
const corpora = [
  { name: 'huge', count: 1, size: pick(sizes.huge) },
  { name: 'medium', count: mediumFiles, size: 8 * MiB },
  { name: 'small', count: smallFiles, size: 256 * 1024 },
  { name: 'tiny', count: tinyFiles, size: 32 * 1024 },
];
const rounds = Number.parseInt(process.env.BENCH_ROUNDS ?? '', 10) || pick(sizes.rounds);

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

/** One part of the run: measures into `results`, then the results are written. */
interface Section {
  readonly name: string;
  run(
    results: Results,
    ctx: { scratch: string; env: NodeJS.ProcessEnv; log: (line: string) => void },
  ): Promise<void>;
}

const sections: Section[] = [
  {
    name: 'uploads',
    async run(results, { scratch, env, log }) {
      const { s3 } = testServices();
      const chosen = list('BENCH_CORPORA');
      const datasets = [];
      log('writing the corpora…');
      for (const c of corpora.filter((c) => !chosen || chosen.includes(c.name)))
        datasets.push(await makeDataset(scratch, c.name, c.count, c.size));
      const pickTools = list('BENCH_TOOLS');
      const tools = contenders(s3).filter((t) => !pickTools || pickTools.includes(t.name));
      // Each corpus is written as soon as it is measured.
      await raceUploads(datasets, tools, rounds, env, scratch, log, async (done) => {
        results.uploads = done;
        await save(results);
      });
      for (const d of datasets) await rm(d.dir, { recursive: true, force: true });
    },
  },
  {
    name: 'memory',
    async run(results, { scratch, env, log }) {
      results.memory = await memoryLine([...pick(sizes.memory)], env, scratch, log);
    },
  },
  {
    name: 'resume',
    async run(results, { scratch, env, log }) {
      results.resume = await resumeLine(pick(sizes.resume), env, testServices().s3.endpoint, scratch, log);
    },
  },
  {
    name: 'catalog',
    async run(results, { scratch, env, log }) {
      log('generating images…');
      const [jpegs, tiffs] = pick(sizes.images) as [number, number];
      const sets = [
        await makeImageSet(scratch, 'jpeg', jpegs, 10, 6000, 4000),
        await makeImageSet(scratch, 'tiff16', tiffs, 5, 6000, 4000),
      ];
      results.catalog = await catalogLine(sets, rounds, env, scratch, log);
      for (const s of sets) await rm(s.dir, { recursive: true, force: true });
    },
  },
  {
    name: 'renderer',
    async run(results, { scratch, log }) {
      results.renderer = await libraryPaintLine(scratch, 20_000, rounds, log);
    },
  },
];

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const scratch = await mkdtemp(join(tmpdir(), 'copper-bench-'));
  const env = toolEnv(testServices().s3);
  const results: Results = { machine: machine(), uploads: [] };
  try {
    for (const section of sections.filter((s) => wants(s.name))) {
      await section.run(results, { scratch, env, log });
      await save(results);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  console.log(await save(results));
  log(`results: ${base}.json and .md`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
