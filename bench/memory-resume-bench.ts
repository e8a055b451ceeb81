// Two promises measured from outside: memory flat in file size (peak RSS of the uploading
// process at 1 GiB and at 10 GiB, each file generated then deleted) and resume cost (bytes
// re-sent after a SIGKILL at about half of a 1 GiB upload, against the parts in flight).
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { defaultUploadOptions } from '../core/upload/options';
import { choosePartSize } from '../core/upload/part-size';
import { adminS3, freshBucket } from '../tests/support/services';
import { dropAndSettle } from './bucket-cleanup';
import { CountingProxy } from './counting-proxy';
import { writeRandomFile, type Dataset } from './datasets';
import { timed } from './measure';
import { Stopwatch } from './timing';
import { BENCH_CLI, copperCommand } from './tools';

const MiB = 1 << 20;

/** Peak RSS of copper uploading one file of one size. */
export interface MemoryPoint {
  readonly bytes: number;
  readonly peakRssMb: number;
  readonly seconds: number;
  /**
   * Where the figure was taken when not by a run of its own: "huge corpus race" (copper's
   * largest peak RSS over that race's rounds on a file of the same size, its median time).
   */
  readonly from?: string;
}

/** Peak RSS of copper uploading one file of each size. */
export interface MemoryLine {
  readonly sizes: readonly MemoryPoint[];
  /** Largest over smallest figure minus one (0.05 = 5% more for the larger file). */
  readonly growth: number;
}

/** What a hard kill mid-upload costs. */
export interface ResumeLine {
  readonly bytes: number;
  readonly killedAtBytes: number;
  readonly resumedBytes: number;
  /** Bytes sent in both runs beyond the file's size (request heads included). */
  readonly resentBytes: number;
  /** The most a resume may re-send: part concurrency × part size. */
  readonly inFlightBytes: number;
  readonly objectVersions: number;
}

async function oneFile(scratch: string, name: string, bytes: number): Promise<Dataset> {
  const dir = join(scratch, name);
  await mkdir(dir, { recursive: true });
  await writeRandomFile(join(dir, `${name}.tif`), bytes, false);
  return { name, dir, files: 1, bytes };
}

/**
 * Uploads one generated file per size with copper; each file is deleted once measured. A size
 * already measured (`known`, e.g. copper's runs in the huge corpus race) is taken from there
 * instead of being uploaded again.
 */
export async function memoryLine(
  sizes: readonly number[],
  env: NodeJS.ProcessEnv,
  scratch: string,
  log: (line: string) => void,
  known: readonly MemoryPoint[] = [],
  watch = new Stopwatch(),
): Promise<MemoryLine> {
  const out: MemoryPoint[] = [];
  for (const bytes of sizes) {
    const had = known.find((k) => k.bytes === bytes);
    if (had) {
      out.push(had);
      log(
        `memory ${(bytes / MiB).toFixed(0)} MiB: peak RSS ${had.peakRssMb.toFixed(0)} MB (from the ${had.from})`,
      );
      continue;
    }
    const d = await watch.time('file written', () => oneFile(scratch, `memory-${bytes / MiB}mib`, bytes));
    try {
      const bucket = await freshBucket('bench');
      const s = await watch.time('timed runs', () => timed(copperCommand(d, bucket, scratch), env, scratch));
      await watch.time('bucket cleanup', () => dropAndSettle(bucket));
      out.push({ bytes, peakRssMb: s.peakRssMb, seconds: s.seconds });
      log(
        `memory ${(bytes / MiB).toFixed(0)} MiB: peak RSS ${s.peakRssMb.toFixed(0)} MB in ${s.seconds.toFixed(1)} s`,
      );
    } finally {
      await rm(d.dir, { recursive: true, force: true });
    }
  }
  const rss = out.map((o) => o.peakRssMb);
  return { sizes: out, growth: rss[rss.length - 1]! / rss[0]! - 1 };
}

/** SIGKILLs `copper upload --wait` once about half the file has been sent, then runs it to the end. */
export async function resumeLine(
  bytes: number,
  env: NodeJS.ProcessEnv,
  endpoint: string,
  scratch: string,
  log: (line: string) => void,
): Promise<ResumeLine> {
  const proxy = await CountingProxy.start(endpoint);
  const d = await oneFile(scratch, 'resume', bytes);
  const bucket = await freshBucket('bench');
  const viaProxy = { ...env, AWS_ENDPOINT_URL: proxy.url, AWS_ENDPOINT_URL_S3: proxy.url };
  const dataDir = join(scratch, `copper-data-${bucket}`);
  const cli = (...args: string[]) =>
    spawn('node', [BENCH_CLI, '--data-dir', dataDir, ...args], {
      env: { ...viaProxy, COPPER_BUCKET: bucket },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const exit = (p: ReturnType<typeof cli>) =>
    new Promise<number | string>((resolve) => p.on('exit', (code, sig) => resolve(code ?? sig ?? -1)));
  try {
    const added = await exit(cli('add', d.dir));
    if (added !== 0) throw new Error(`copper add failed (${added})`);
    proxy.reset();
    const first = cli('upload', '--wait');
    const firstExit = exit(first);
    while (proxy.bytesUp < bytes / 2 && first.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    first.kill('SIGKILL');
    await firstExit;
    const killedAtBytes = proxy.bytesUp;
    proxy.reset();
    const second = await exit(cli('upload', '--wait'));
    if (second !== 0) throw new Error(`copper upload after the kill failed (${second})`);
    const resumedBytes = proxy.bytesUp;
    const s3 = adminS3();
    const key = `resume/resume.tif`;
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    if (head.ContentLength !== bytes)
      throw new Error(`resumed object has ${head.ContentLength} bytes, not ${bytes}`);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    s3.destroy();
    await dropAndSettle(bucket);
    const line: ResumeLine = {
      bytes,
      killedAtBytes,
      resumedBytes,
      resentBytes: Math.max(0, killedAtBytes + resumedBytes - bytes),
      inFlightBytes:
        defaultUploadOptions.partConcurrency * choosePartSize(bytes, defaultUploadOptions.partSizeMin),
      objectVersions: versions.Versions?.length ?? 0,
    };
    log(
      `resume ${(bytes / MiB).toFixed(0)} MiB: killed at ${(killedAtBytes / MiB).toFixed(0)} MiB sent, ` +
        `${(resumedBytes / MiB).toFixed(0)} MiB after; re-sent ${(line.resentBytes / MiB).toFixed(1)} MiB ` +
        `(in flight at most ${(line.inFlightBytes / MiB).toFixed(0)} MiB)`,
    );
    return line;
  } finally {
    await proxy.close();
    await rm(d.dir, { recursive: true, force: true });
  }
}
