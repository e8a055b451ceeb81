import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copper, directEnv, json } from './cli-support';
import { runCli } from '../../hosts/cli/run-cli';
import type { CliIo } from '../../hosts/cli/cli-io';

/** runCli in this process with buffers for streams; usage errors never reach a service. */
async function inProcess(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (t: string) => {
        stdout += t;
      },
    },
    stderr: {
      write: (t: string) => {
        stderr += t;
      },
    },
    stdinIsTTY: false,
    readStdin: async () => '',
  };
  const unused = (): never => {
    throw new Error('a usage error must not open services');
  };
  const code = await runCli(args, env, io, { identity: unused, openQueue: unused, readQueue: unused });
  return { code, stdout, stderr };
}

// Usage and configuration errors exit 2 with a clear message, before anything is attempted.
describe('copper CLI: usage and configuration', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'copper-cli-usage-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('help exits 0 and lists every command', async () => {
    const run = await copper(['--help'], {});
    expect(run.code).toBe(0);
    for (const c of [
      'login',
      'logout',
      'add',
      'upload',
      'status',
      'versions',
      'restore',
      'link',
      'share',
      'label',
    ])
      expect(run.stdout).toContain(`copper ${c}`);
    const one = await copper(['link', '--help'], {});
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('copper link KEY [--version ID] [--expires 1h]');
  });

  it('the real process exits 2 on a usage error, with the reason on stderr', async () => {
    const [unknown, missing] = await Promise.all([
      copper(['frobnicate'], {}),
      copper(['versions', '--json'], {}),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stdout).toBe('');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('versions needs KEY');
    expect(json(missing)).toEqual({
      error: { code: 'cli.usage', message: expect.stringContaining('versions needs KEY'), retryable: false },
    });
  });

  // The same parser in-process (runCli is what bin/copper.mjs runs): every usage error → 2.
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /Usage: copper/],
    [['versions'], /versions needs KEY/],
    [['status', 'extra'], /status takes no arguments/],
    [['upload', '--fast'], /Unknown option '--fast'/],
    [['restore', 'k.jpg'], /restore needs --version ID/],
    [['link', 'k.jpg', '--expires', '2 weeks'], /not a duration/],
    [['link', 'k.jpg', '--expires', '30s'], /between 60 seconds and 7 days/],
    [['link', 'k.jpg', '--expires', '8d'], /between 60 seconds and 7 days/],
    [['login', '--email', 'a@b.c'], /login needs --api URL and --email E/],
  ])('copper %j → exit 2 with a reason', async (args, message) => {
    const run = await inProcess(args as string[], directEnv('no-bucket-needed', dataDir));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message as RegExp);
    expect(run.stdout.trim() === '' || !run.stdout.includes('error')).toBe(true);
  });

  it('configuration errors exit 2: direct mode without keys, a bad endpoint, not signed in', async () => {
    const noKeys = await copper(['versions', 'a.jpg'], { COPPER_DATA_DIR: dataDir, COPPER_BUCKET: 'b' });
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');

    const badEndpoint = await copper(['versions', 'a.jpg'], {
      ...directEnv('b', dataDir),
      AWS_ENDPOINT_URL_S3: 'ftp://x',
    });
    expect(badEndpoint.code).toBe(2);
    expect(badEndpoint.stderr).toContain('not an http(s) URL');

    const signedOut = await copper(['versions', 'a.jpg', '--json'], { COPPER_DATA_DIR: dataDir });
    expect(signedOut.code).toBe(2);
    expect(signedOut.stderr).toContain('not signed in');
    // --json: exactly one document on stdout, even for an error.
    expect(json(signedOut)).toEqual({
      error: { code: 'auth.signed-out', message: expect.stringContaining('copper login'), retryable: false },
    });
  });

  it('--data-dir wins over COPPER_DATA_DIR and may come before or after the command', async () => {
    const other = join(dataDir, 'other');
    const before = await copper(['--data-dir', other, 'status', '--json'], {
      COPPER_DATA_DIR: join(dataDir, 'env'),
    });
    const after = await copper(['status', '--json', `--data-dir=${other}`], {});
    expect(before.code).toBe(0);
    expect(after.code).toBe(0);
    expect(json(before)).toEqual({ entries: [], counts: expect.objectContaining({ queued: 0, done: 0 }) });
    expect(json(after)).toEqual(json(before));
  });
});
