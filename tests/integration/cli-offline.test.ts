import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../support/fault-proxy';
import { startTestApi, type TestApi } from './api-harness';
import { browserFor } from './bucket-support';
import { copper, json } from './cli-support';

// Session mode with the Copper API behind a proxy that can "disappear": work is queued offline
// from the stored profile, and uploads (naming their uploader) once the API is back.
describe('copper CLI offline: queue now, upload later', () => {
  let api: TestApi;
  let proxy: FaultProxy;
  let dir: string;
  const password = 'a long enough test password';
  let annEnv: Record<string, string>;
  let staffEnv: Record<string, string>;

  beforeAll(async () => {
    api = await startTestApi();
    proxy = await FaultProxy.start(api.url);
    await api.addUser('ann@gallery.test', password, 'artist', 'ann', 'Ann');
    await api.addUser('sam@gallery.test', password, 'staff', null, 'Sam');
    dir = await mkdtemp(join(tmpdir(), 'copper-cli-offline-'));
    annEnv = { COPPER_DATA_DIR: join(dir, 'ann-profile') };
    staffEnv = { COPPER_DATA_DIR: join(dir, 'sam-profile') };
    for (const [env, email] of [
      [annEnv, 'ann@gallery.test'],
      [staffEnv, 'sam@gallery.test'],
    ] as const) {
      const login = await copper(['login', '--api', proxy.url, '--email', email], {
        ...env,
        COPPER_PASSWORD: password,
      });
      expect(login.code, login.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    proxy.setDown(false);
    await copper(['logout'], annEnv).catch(() => undefined);
    await copper(['logout'], staffEnv).catch(() => undefined);
    await proxy?.close();
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('an artist queues a folder while the API is unreachable; it uploads, with its uploader, when the API is back', async () => {
    const folder = join(dir, 'Night Walk');
    await mkdir(folder);
    await writeFile(join(folder, 'moon.jpg'), randomBytes(30_000));

    proxy.setDown(true);
    const add = await copper(['add', folder, '--json'], annEnv);
    expect(add.stderr).toBe('');
    expect(add.code, add.stderr).toBe(0);
    expect(json(add).added).toEqual([
      expect.objectContaining({ key: 'artists/ann/Night Walk/moon.jpg', state: 'queued' }),
    ]);

    // Uploading now cannot work (no credential without the API): the file waits, said in words.
    const early = await copper(['upload'], annEnv);
    expect(early.code, early.stderr).toBe(1);
    expect(early.stderr).toContain('not uploaded: ');
    expect(early.stderr).toContain('waiting for the network');
    expect(early.stderr).not.toMatch(/\n\s+at /);

    proxy.setDown(false);
    const upload = await copper(['upload', '--wait', '--json'], annEnv);
    // No stack, no SDK console noise, no complaint about the (denied, by design) listing of uploads.
    expect(upload.stderr).toBe('');
    expect(upload.code, upload.stderr).toBe(0);
    expect(json(upload).entries).toEqual([
      expect.objectContaining({ key: 'artists/ann/Night Walk/moon.jpg', state: 'done' }),
    ]);

    const browser = browserFor(api.bucket);
    try {
      expect((await browser.listVersions('artists/ann/Night Walk/moon.jpg'))[0]).toMatchObject({
        isLatest: true,
        uploadedBy: 'ann@gallery.test',
      });
    } finally {
      browser.close();
    }
  });

  it('staff have no default upload folder: offline, `copper add` says so and queues nothing', async () => {
    const file = join(dir, 'note.jpg');
    await writeFile(file, 'x');
    proxy.setDown(true);
    try {
      const add = await copper(['add', file], staffEnv);
      expect(add.code, add.stderr).toBe(1);
      // A connection reset on arrival usually fails the request at once ("can't reach"); now
      // and then Node's fetch never settles on it and the client's own timeout answers instead.
      expect(add.stderr).toMatch(/Can't reach the Copper API|did not answer in time/);
      expect(add.stderr).toMatch(/Staff accounts have no default upload folder/);
      expect(add.stderr).not.toMatch(/\n\s+at /);
      const status = await copper(['status', '--json'], staffEnv);
      expect(json(status).entries).toEqual([]);
    } finally {
      proxy.setDown(false);
    }
  });
});
