// `npm run bench` (through scripts/bench.sh, which starts a file-backed Ceph RGW): Copper's CLI
// against `aws s3 cp` and `rclone copy` (defaults, and tuned) on four corpora, alternated over
// rounds; the memory line (1 GiB vs 10 GiB), the resume line, the catalog line and the renderer
// line. Writes bench/results/<full|quick>.json and .md and prints the Markdown.
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
import { rendererLine } from './renderer-bench';
import { libraryPaintLine } from './library-paint';
import { contenders, toolEnv } from './tools';
import { raceUploads } from './upload-bench';

const MiB = 1 << 20;
const GiB = 1024 * MiB;
const quick = process.env.BENCH_QUICK === '1';
const list = (name: string) => process.env[name]?.split(',').map((s) => s.trim()) ?? null;
const only = list('BENCH_ONLY');
const wants = (part: string) => !only || only.includes(part);

const plan = quick
  ? {
      rounds: 1,
      corpora: [
        { name: 'huge', count: 1, size: 128 * MiB },
        { name: 'medium', count: 16, size: 8 * MiB },
        { name: 'small', count: 200, size: 256 * 1024 },
        { name: 'tiny', count: 500, size: 32 * 1024 },
      ],
      memory: [128 * MiB, 512 * MiB],
      resume: 128 * MiB,
      jpegs: 20,
      tiffs: 3,
    }
  : {
      rounds: 3,
      corpora: [
        { name: 'huge', count: 1, size: 2 * GiB },
        { name: 'medium', count: 200, size: 8 * MiB },
        { name: 'small', count: 2000, size: 256 * 1024 },
        { name: 'tiny', count: 5000, size: 32 * 1024 },
      ],
      memory: [1 * GiB, 10 * GiB],
      resume: 1 * GiB,
      jpegs: 500,
      tiffs: 50,
    };
const rounds = Number.parseInt(process.env.BENCH_ROUNDS ?? '', 10) || plan.rounds;

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

async function main(): Promise<void> {
  const { s3 } = testServices();
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const scratch = await mkdtemp(join(tmpdir(), 'copper-bench-'));
  const env = toolEnv(s3);
  const loadBefore = load();
  const results: { -readonly [K in keyof BenchResults]: BenchResults[K] } = {
    machine: undefined as unknown as Machine,
    uploads: [],
  };
  try {
    if (wants('uploads')) {
      const pick = list('BENCH_CORPORA');
      const datasets = [];
      log('writing the corpora…');
      for (const c of plan.corpora.filter((c) => !pick || pick.includes(c.name)))
        datasets.push(await makeDataset(scratch, c.name, c.count, c.size));
      const pickTools = list('BENCH_TOOLS');
      const tools = contenders(s3).filter((t) => !pickTools || pickTools.includes(t.name));
      results.uploads = await raceUploads(datasets, tools, rounds, env, scratch, log);
      for (const d of datasets) await rm(d.dir, { recursive: true, force: true });
    }
    if (wants('memory')) results.memory = await memoryLine(plan.memory, env, scratch, log);
    if (wants('resume')) results.resume = await resumeLine(plan.resume, env, s3.endpoint, scratch, log);
    if (wants('catalog')) {
      log('generating images…');
      const sets = [
        await makeImageSet(scratch, 'jpeg', plan.jpegs, 10, 6000, 4000),
        await makeImageSet(scratch, 'tiff16', plan.tiffs, 5, 6000, 4000),
      ];
      results.catalog = await catalogLine(sets, rounds, env, scratch, log);
      for (const s of sets) await rm(s.dir, { recursive: true, force: true });
    }
    if (wants('renderer')) results.renderer = await rendererLine(scratch, 20_000, rounds, log);
    if (wants('library'))
      Object.assign(results, { library: await libraryPaintLine(scratch, 20_000, rounds, log) });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  results.machine = {
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
  const md = markdown(results);
  const dir = join(process.cwd(), 'bench/results');
  await mkdir(dir, { recursive: true });
  const base = join(dir, `${results.machine.mode}${only || process.env.BENCH_CORPORA ? '-partial' : ''}`);
  await writeFile(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
  await writeFile(`${base}.md`, md);
  console.log(md);
  log(`results: ${base}.json and .md`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
