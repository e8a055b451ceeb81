import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { testServices } from '../support/services';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'copper.mjs');

export interface CopperRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `copper` command (`node bin/copper.mjs …`) as a child process. */
export function copper(
  args: readonly string[],
  env: Record<string, string | undefined>,
  input?: string,
): Promise<CopperRun> {
  return startCopper(args, env, input).done;
}

/** Starts `copper` and hands back the child (to signal it) and its outcome. */
export function startCopper(
  args: readonly string[],
  env: Record<string, string | undefined>,
  input?: string,
): { child: ChildProcess; done: Promise<CopperRun> } {
  let child!: ChildProcess;
  const done = new Promise<CopperRun>((resolve, reject) => {
    child = spawn(process.execPath, [bin, ...args], {
      // Only what the test gives: no AWS_* or COPPER_* leaks in from the runner's environment.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin!.end(input ?? '');
  });
  return { child, done };
}

/** Direct-mode environment for a bucket on the test RGW. */
export function directEnv(bucket: string, dataDir: string, prefix = ''): Record<string, string> {
  const { s3 } = testServices();
  return {
    COPPER_DATA_DIR: dataDir,
    COPPER_BUCKET: bucket,
    COPPER_PREFIX: prefix,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_REGION: s3.region,
  };
}

/** Parses stdout as exactly one JSON document (fails the test otherwise). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json<T = any>(run: CopperRun): T {
  return JSON.parse(run.stdout) as T;
}
