import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { useQueueFixture } from '../support/queue-fixture';
import { makeFile, multipartUploads, sha256File, sha256Object } from '../support/upload-helpers';
import { copper, directEnv, json } from './cli-support';

const MiB = 1024 * 1024;

interface Summary {
  type: string;
  entries?: { key: string; state: string }[];
}

/**
 * Another process running the profile's queue as the desktop app does (lock-runner-child.ts).
 * `started` resolves at its first part attempt (it holds the runner lock by then); `go()`
 * lifts its throttle, so nothing here depends on how fast the machine is.
 */
function startRunner(config: object): {
  child: ChildProcess;
  started: Promise<void>;
  go: () => void;
  done: Promise<{ code: number | null; summary?: Summary }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/lock-runner-child.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, COPPER_CHILD: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let summary: Summary | undefined;
  let onStart!: () => void;
  const started = new Promise<void>((resolve) => {
    onStart = resolve;
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    if (text === 'started') onStart();
    else if (text.startsWith('{')) summary = JSON.parse(text) as Summary;
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  const done = new Promise<{ code: number | null; summary?: Summary }>((resolve) =>
    child.on('close', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(stderr.slice(-2000));
      onStart();
      resolve({ code, summary });
    }),
  );
  return { child, started, go: () => child.stdin!.write('go\n'), done };
}

describe('one profile, one runner (two real processes)', () => {
  const fx = useQueueFixture('lock');

  // 256 KiB/s: the runner is still on its first file when the test's commands run, until go().
  const runnerConfig = (paths: string[], bandwidthLimit = 256 * 1024) => fx.child({ paths, bandwidthLimit });

  it('a second `copper upload` exits 2 naming the app; status still reads; add still queues, and the app uploads it', async () => {
    const big = await makeFile(fx.dir, 'art/big.tif', 12 * MiB);
    const late = await makeFile(fx.dir, 'art/late.jpg', 3000);
    const app = startRunner(runnerConfig([big]));
    await app.started;
    const env = directEnv(fx.bucket, fx.profileDir);

    const second = await copper(['upload', '--wait'], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(
      `the Copper app (PID ${app.child.pid}) is already uploading from this profile`,
    );
    expect(second.stderr).not.toMatch(/\n\s+at /);

    const status = await copper(['status', '--json'], env);
    expect(status.code).toBe(0);
    // The app's entry is still its own: the second process reset nothing.
    expect(json(status).entries).toEqual([expect.objectContaining({ key: 'big.tif', state: 'uploading' })]);

    const add = await copper(['add', late, '--json'], env);
    expect(add.code).toBe(0);
    expect(json(add).added).toEqual([expect.objectContaining({ key: 'late.jpg', state: 'queued' })]);

    app.go();
    const { code, summary } = await app.done;
    expect(code).toBe(0);
    expect(summary!.entries!.map((e) => [e.key, e.state])).toEqual([
      ['big.tif', 'done'],
      ['late.jpg', 'done'],
    ]);
    expect(await sha256Object(fx.bucket, 'big.tif')).toBe(await sha256File(big));

    // The app has quit: the lock is free again.
    const after = await copper(['upload', '--json'], env);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
  });

  it('a runner killed hard leaves a stale lock that the next `copper upload` takes over', async () => {
    const big = await makeFile(fx.dir, 'art/big.tif', 12 * MiB);
    const app = startRunner(runnerConfig([big]));
    await app.started;
    app.child.kill('SIGKILL');
    await app.done;
    const run = await copper(['upload', '--wait', '--json'], directEnv(fx.bucket, fx.profileDir));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(json(run).entries).toEqual([expect.objectContaining({ key: 'big.tif', state: 'done' })]);
    expect(await sha256Object(fx.bucket, 'big.tif')).toBe(await sha256File(big));
    expect(await multipartUploads(fx.bucket)).toEqual([]);
  });
});
