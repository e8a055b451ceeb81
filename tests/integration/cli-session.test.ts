import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { adminS3 } from '../support/services';
import { startTestApi, type TestApi } from './api-harness';
import { put } from './bucket-support';
import { copper, json } from './cli-support';

// Session mode end to end: the real Copper API (PostgreSQL + RGW STS), the OS keychain (the
// Secret Service from with-services.sh), scoped credentials enforced by S3.
describe('copper CLI: login, session mode, logout', () => {
  let api: TestApi;
  let s3: S3Client;
  let dir: string;
  const password = 'a long enough test password';
  let artistEnv: Record<string, string>;
  let staffEnv: Record<string, string>;

  beforeAll(async () => {
    api = await startTestApi();
    s3 = adminS3();
    await api.addUser('ann@gallery.test', password, 'artist', 'ann', 'Ann');
    await api.addUser('staff@gallery.test', password, 'staff', null, 'Sam');
    dir = await mkdtemp(join(tmpdir(), 'copper-cli-session-'));
    artistEnv = { COPPER_DATA_DIR: join(dir, 'ann-profile') };
    staffEnv = { COPPER_DATA_DIR: join(dir, 'staff-profile') };
  });
  afterAll(async () => {
    s3?.destroy();
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('an artist signs in (password from COPPER_PASSWORD), uploads under their own prefix, and cannot read others', async () => {
    const login = await copper(['login', '--api', api.url, '--email', 'ann@gallery.test', '--json'], {
      ...artistEnv,
      COPPER_PASSWORD: password,
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(json(login)).toMatchObject({
      signedIn: true,
      profile: { email: 'ann@gallery.test', role: 'artist', artistId: 'ann' },
    });
    // The token is in the keychain only: the profile folder holds no secret.
    for (const f of await readdir(artistEnv.COPPER_DATA_DIR!)) {
      const text = await readFile(join(artistEnv.COPPER_DATA_DIR!, f)).catch(() => Buffer.alloc(0));
      expect(text.toString('latin1')).not.toContain(password);
    }

    const folder = join(dir, 'Winter');
    await mkdir(folder);
    const bytes = randomBytes(20_000);
    await writeFile(join(folder, 'snow.jpg'), bytes);
    expect((await copper(['add', folder], artistEnv)).code).toBe(0);
    const upload = await copper(['upload', '--wait', '--json'], artistEnv);
    // (The engine's startup sweep may note on stderr that an artist may not list multipart
    // uploads — the API grants no ListMultipartUploads by design; no file may fail.)
    expect(upload.stderr).not.toMatch(/^(failed|not uploaded):/m);
    expect(upload.code).toBe(0);
    expect(json(upload).entries).toEqual([
      expect.objectContaining({ key: 'artists/ann/Winter/snow.jpg', state: 'done' }),
    ]);
    const stored = await s3.send(
      new GetObjectCommand({ Bucket: api.bucket, Key: 'artists/ann/Winter/snow.jpg' }),
    );
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(bytes)).toBe(true);

    await put(s3, api.bucket, 'artists/bob/secret.jpg', 'bob only');
    const denied = await copper(['versions', 'artists/bob/secret.jpg'], artistEnv);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/denied/i);
  });

  it("staff sign in (password on stdin), browse any artist's history, restore, and share a link signed by the API", async () => {
    const login = await copper(
      ['login', '--api', api.url, '--email', 'staff@gallery.test'],
      staffEnv,
      `${password}\n`,
    );
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('staff@gallery.test');

    const key = 'artists/ann/Winter/snow.jpg';
    const newer = await put(s3, api.bucket, key, 'a newer version');
    const versions = json(await copper(['versions', key, '--json'], staffEnv));
    expect(versions.versions).toHaveLength(2);
    expect(versions.versions[0].versionId).toBe(newer);
    const original = versions.versions[1].versionId as string;

    const restore = await copper(['restore', key, '--version', original, '--json'], staffEnv);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(json(restore)).toMatchObject({ key, restoredFrom: original });

    const link = await copper(['link', key, '--version', newer, '--expires', '3d', '--json'], staffEnv);
    expect(link.code).toBe(0);
    const { url, expiresAt } = json(link);
    expect(await (await fetch(url)).text()).toBe('a newer version');
    // Signed by the API with the gallery's keys, so a 3-day link outlives the 1-hour S3 session.
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 2 * 86400_000);
  });

  it('logout forgets the session; then commands that need it exit 2, and logout again is harmless', async () => {
    const out = await copper(['logout'], staffEnv);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Signed out staff@gallery.test');
    const after = await copper(['versions', 'artists/ann/Winter/snow.jpg'], staffEnv);
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/sign|login/i);
    const again = await copper(['logout', '--json'], staffEnv);
    expect(again.code).toBe(0);
    expect(json(again)).toEqual({ signedOut: false });
    expect((await copper(['logout'], artistEnv)).code).toBe(0);
  });

  it('a wrong password fails with a reason, not a stack', async () => {
    const bad = await copper(['login', '--api', api.url, '--email', 'ann@gallery.test'], {
      ...artistEnv,
      COPPER_PASSWORD: 'wrong password!',
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(bad.stderr.trim().length).toBeGreaterThan(10);
  });
});
