// How the benchmark measures a command: wall time, client CPU (user+sys of the whole process
// tree) and peak RSS, from GNU time's wait4 rusage; and the statistics printed over rounds.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** One run of one command. */
export interface Sample {
  readonly seconds: number;
  /** User + system CPU seconds of the command and every child it waited for. */
  readonly cpuSeconds: number;
  /** The largest resident set of any single process in the tree (what GNU time's %M reports). */
  readonly peakRssMb: number;
}

/** Median and range of a series. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

let counter = 0;

/**
 * Runs `sh -c script` under /usr/bin/time. The shell waits for every process it starts, so the
 * CPU figure covers the whole tree (two `copper` invocations, the aws CLI's Python, rclone).
 */
export async function timed(script: string, env: NodeJS.ProcessEnv, scratch: string): Promise<Sample> {
  const out = join(scratch, `time-${process.pid}-${counter++}.txt`);
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
  const text = (await readFile(out, 'utf8')).trim();
  await rm(out, { force: true });
  const [secs, user, sys, kb] = text.split(/\s+/).slice(-4).map(Number);
  if ([secs, user, sys, kb].some((v) => v === undefined || !Number.isFinite(v)))
    throw new Error(`could not read GNU time's output: ${text}`);
  return { seconds: secs!, cpuSeconds: user! + sys!, peakRssMb: kb! / 1024 };
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
