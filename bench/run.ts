// `npm run bench` (through scripts/bench.sh, which starts a file-backed Ceph RGW): uploads the
// same datasets with Copper's CLI, `aws s3 cp` and `rclone copy`, each into a fresh bucket,
// and prints wall time, throughput, peak RSS and Copper's speed ratio against each tool.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshBucket, testServices } from '../tests/support/services';
import { makeDataset, type Dataset } from './datasets';

interface Measurement {
  readonly tool: string;
  readonly dataset: string;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly bytes: number;
}

const MiB = 1 << 20;
const envInt = (name: string, dflt: number): number => Number.parseInt(process.env[name] ?? '', 10) || dflt;

/** Runs `sh -c script` under /usr/bin/time; returns elapsed seconds and the largest process's peak RSS. */
async function timed(
  script: string,
  env: NodeJS.ProcessEnv,
  scratch: string,
): Promise<{ seconds: number; peakRssMb: number }> {
  const out = join(scratch, `time-${Date.now()}.txt`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %M', '-o', out, 'sh', '-c', script], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`benchmark command failed (${code}): ${script}`)),
    );
  });
  const [secs, kb] = (await readFile(out, 'utf8')).trim().split(/\s+/).slice(-2).map(Number);
  return { seconds: secs ?? NaN, peakRssMb: (kb ?? 0) / 1024 };
}

async function main(): Promise<void> {
  const { s3 } = testServices();
  const scratch = await mkdtemp(join(tmpdir(), 'copper-bench-'));
  // AWS_CA_BUNDLE (set on some machines) makes rclone and the aws CLI fail on a plain-http endpoint.
  const { AWS_CA_BUNDLE: _ignored, ...inherited } = process.env;
  const baseEnv = {
    ...inherited,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_REGION: s3.region,
    AWS_DEFAULT_REGION: s3.region,
    AWS_ENDPOINT_URL: s3.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: 'Ceph',
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: s3.accessKeyId,
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: s3.secretAccessKey,
    RCLONE_CONFIG_BENCH_ENDPOINT: s3.endpoint,
    RCLONE_CONFIG_BENCH_REGION: s3.region,
  };
  const datasets: Dataset[] = [];
  try {
    process.stderr.write('bench: writing datasets…\n');
    datasets.push(await makeDataset(scratch, 'huge', 1, envInt('BENCH_HUGE_MB', 2048) * MiB));
    datasets.push(await makeDataset(scratch, 'medium', envInt('BENCH_MEDIUM_COUNT', 200), 8 * MiB));
    datasets.push(await makeDataset(scratch, 'small', envInt('BENCH_SMALL_COUNT', 2000), 32 * 1024));

    const tools: Record<string, (d: Dataset, bucket: string) => string> = {
      copper: (d, bucket) => {
        const dataDir = join(scratch, `copper-data-${bucket}`);
        const cli = `node ${JSON.stringify(join(process.cwd(), 'bin/copper.mjs'))} --data-dir ${JSON.stringify(dataDir)}`;
        return `COPPER_BUCKET=${bucket} ${cli} add ${JSON.stringify(d.dir)} >/dev/null && COPPER_BUCKET=${bucket} ${cli} upload --wait >/dev/null`;
      },
      'aws s3 cp': (d, bucket) =>
        `/usr/bin/aws --endpoint-url ${s3.endpoint} s3 cp --recursive --only-show-errors ${JSON.stringify(d.dir)} s3://${bucket}/${d.name}/`,
      rclone: (d, bucket) =>
        `rclone copy --s3-no-check-bucket ${JSON.stringify(d.dir)} bench:${bucket}/${d.name}/`,
    };
    const results: Measurement[] = [];
    for (const d of datasets) {
      for (const [tool, command] of Object.entries(tools)) {
        const bucket = await freshBucket('bench');
        process.stderr.write(
          `bench: ${tool} · ${d.name} (${d.files} files, ${(d.bytes / MiB).toFixed(0)} MiB)…\n`,
        );
        const m = await timed(command(d, bucket), baseEnv, scratch);
        results.push({ tool, dataset: d.name, bytes: d.bytes, ...m });
      }
    }
    printTable(results);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function printTable(results: readonly Measurement[]): void {
  const rows = results.map((r) => {
    const copper = results.find((c) => c.tool === 'copper' && c.dataset === r.dataset);
    const ratio = copper && r.tool !== 'copper' ? (r.seconds / copper.seconds).toFixed(2) + '×' : '';
    return [
      r.dataset,
      r.tool,
      r.seconds.toFixed(2),
      (r.bytes / MiB / r.seconds).toFixed(1),
      r.peakRssMb.toFixed(0),
      ratio,
    ];
  });
  const head = [
    'dataset',
    'tool',
    'seconds',
    'MiB/s',
    'peak RSS MB',
    'Copper speed ratio (their time / ours)',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log('\n' + line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('\nA ratio above 1.00× means Copper was faster than that tool on that dataset.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
