// Runs the Copper API's real entry points as child processes (as Heroku runs them), for the
// tests that need separate processes: api-main and api-rate-limits.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { freshBucket, testServices } from '../support/services';

export const root = new URL('../..', import.meta.url).pathname;

export function run(
  script: string,
  env: Record<string, string>,
): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(): void;
  stdout(): string;
} {
  // One Node process with tsx as a loader, as `npm run api` runs it: SIGTERM reaches the API itself.
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { done, kill: () => child.kill('SIGTERM'), stdout: () => stdout };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Polls GET /healthz on 127.0.0.1:port until it answers; its JSON, or undefined after `ms`
 * (generous: tsx compiling the API on a loaded machine can take many seconds).
 */
export async function waitHealthy(port: number, ms = 60_000): Promise<unknown> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    try {
      return await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return undefined;
}

/** The environment `npm run api` gets on Heroku, here for the test RGW, `databaseUrl` and a fresh bucket named after `bucketName`. */
export async function apiEnv(databaseUrl: string, bucketName: string): Promise<Record<string, string>> {
  const { s3 } = testServices();
  return {
    DATABASE_URL: databaseUrl,
    S3_BUCKET: await freshBucket(bucketName),
    AWS_REGION: s3.region,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    UPLOAD_ROLE_ARN: s3.roleArn,
    S3_ENDPOINT: s3.endpoint,
  };
}
