import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { testServices, freshBucket } from '../support/services';
import { freshDatabase } from './api-harness';

// The real entry points, as Heroku runs them: `npm run api` (server/main.ts, PORT from the
// environment) and `npm run api:release` (migrations only), each one Node process with tsx as
// a loader (`node --import tsx`), so SIGTERM reaches the API itself and no relay process.

const root = new URL('../..', import.meta.url).pathname;

function run(
  script: string,
  env: Record<string, string>,
): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(): void;
  stdout(): string;
} {
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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('npm run api / api:release', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await freshDatabase();
    const { s3 } = testServices();
    env = {
      DATABASE_URL: db.url,
      S3_BUCKET: await freshBucket('main'),
      AWS_REGION: s3.region,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
      UPLOAD_ROLE_ARN: s3.roleArn,
      S3_ENDPOINT: s3.endpoint,
    };
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses to start without configuration, naming every missing or malformed variable', async () => {
    const r = await run('server/main.ts', {
      AWS_REGION: 'eu-west-1',
      CREDENTIAL_TTL_SECONDS: '7200',
      S3_ENDPOINT: 'ftp://x',
    }).done;
    expect(r.code).toBe(78);
    for (const name of [
      'DATABASE_URL',
      'S3_BUCKET',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'UPLOAD_ROLE_ARN',
      'CREDENTIAL_TTL_SECONDS',
      'S3_ENDPOINT',
    ]) {
      expect(r.stderr).toContain(name);
    }
    expect(r.stderr).not.toMatch(/AWS_REGION/);
  });

  it('api:release migrates; api listens on PORT and stops cleanly on SIGTERM', async () => {
    const rel = await run('server/release.ts', { DATABASE_URL: db.url }).done;
    expect(rel.code).toBe(0);
    expect(JSON.parse(rel.stdout.trim().split('\n').pop()!)).toMatchObject({
      msg: 'db.migrated',
      versions: [1],
    });
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    expect((await c.query('SELECT version FROM schema_migrations')).rows).toEqual([{ version: 1 }]);
    await c.end();

    const port = await freePort();
    const api = run('server/main.ts', { ...env, PORT: String(port) });
    let health: unknown;
    for (let i = 0; i < 100 && !health; i++) {
      try {
        health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(health).toEqual({
      ok: true,
      service: 'copper-api',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    api.kill();
    const r = await api.done;
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toContain('api.listening');
    expect(lines.map((l) => l.msg)).toContain('api.stopping');
    expect(r.stdout).not.toContain(env.AWS_SECRET_ACCESS_KEY);
  });
});
