// How the benchmark measures a command: wall time, client CPU (user+sys of the whole process
// tree) and peak RSS, from GNU time's wait4 rusage; the S3 server's CPU over the same run
// (radosgw + ceph-osd, from /proc); and the statistics printed over rounds.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** One run of one command. */
export interface Sample {
  readonly seconds: number;
  /** User + system CPU seconds of the command and every child it waited for. */
  readonly cpuSeconds: number;
  /** The largest resident set of any single process in the tree (what GNU time's %M reports). */
  readonly peakRssMb: number;
  /**
   * User + system CPU seconds the S3 server (radosgw and ceph-osd) spent during the run: it
   * shares the cores, so a client that makes it work harder is slower. Undefined when the
   * server's processes cannot be read (an S3_ENDPOINT given from outside).
   */
  readonly serverCpuSeconds?: number;
}

/** Median and range of a series. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

let counter = 0;

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU seconds (user + system) the S3 server's processes have used so far: the ones
 * scripts/services/rgw-start.sh recorded under $RGW_DIR/pids. Undefined when there are none.
 */
export function serverCpuSeconds(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const dir = env.RGW_DIR;
  if (!dir) return undefined;
  try {
    let ticks = 0;
    for (const name of ['rgw', 'osd']) {
      const pid = readFileSync(join(dir, 'pids', `${name}.pid`), 'utf8').trim();
      // Fields after the command name (which is in parentheses and may hold spaces): utime is
      // the 14th field of the line, stime the 15th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return Number.isFinite(ticks) ? ticks / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `sh -c script` under /usr/bin/time. The shell waits for every process it starts, so the
 * CPU figure covers the whole tree (two `copper` invocations, the aws CLI's Python, rclone).
 */
export async function timed(script: string, env: NodeJS.ProcessEnv, scratch: string): Promise<Sample> {
  const out = join(scratch, `time-${process.pid}-${counter++}.txt`);
  const serverBefore = serverCpuSeconds();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, 'sh', '-c', script], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`benchmark command failed (${code}): ${script}`)),
    );
  });
  const serverAfter = serverCpuSeconds();
  const text = (await readFile(out, 'utf8')).trim();
  await rm(out, { force: true });
  const [secs, user, sys, kb] = text.split(/\s+/).slice(-4).map(Number);
  if ([secs, user, sys, kb].some((v) => v === undefined || !Number.isFinite(v)))
    throw new Error(`could not read GNU time's output: ${text}`);
  const server =
    serverBefore !== undefined && serverAfter !== undefined
      ? { serverCpuSeconds: serverAfter - serverBefore }
      : {};
  return { seconds: secs!, cpuSeconds: user! + sys!, peakRssMb: kb! / 1024, ...server };
}

/** Median (mean of the middle two for an even count), min and max. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]! };
}

/** The run order: every tool once per round, the order rotated each round so no tool always goes first. */
export function alternated<T>(tools: readonly T[], rounds: number): { round: number; tool: T }[] {
  const plan: { round: number; tool: T }[] = [];
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < tools.length; i++) plan.push({ round: r, tool: tools[(i + r) % tools.length]! });
  return plan;
}
