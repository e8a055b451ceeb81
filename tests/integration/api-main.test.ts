import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabase } from './api-harness';
import { apiEnv, freePort, run, waitHealthy } from './api-process';

// The real entry points, as Heroku runs them: `npm run api` (server/main.ts, PORT from the
// environment) and `npm run api:release` (migrations only), each one Node process with tsx as
// a loader (`node --import tsx`), so SIGTERM reaches the API itself and no relay process.

describe('npm run api / api:release', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await freshDatabase();
    env = await apiEnv(db.url, 'main');
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
      versions: [1, 2, 3],
    });
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    expect((await c.query('SELECT version FROM schema_migrations')).rows).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
    ]);
    await c.end();

    const port = await freePort();
    const api = run('server/main.ts', { ...env, PORT: String(port) });
    const health = await waitHealthy(port);
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
