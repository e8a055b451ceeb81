import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './api-harness';
import { hasTinyproxy, startTinyproxy, TINYPROXY, type RunningProxy } from './proxy-support';
import { copper } from './cli-support';

// A corporate network: every request of the core (the Copper API's sign-in and credentials,
// and S3's uploads) goes through the proxy that HTTP_PROXY names, and none does for a host
// that NO_PROXY lists. The proxy is Debian's tinyproxy, its log the witness.
if (!hasTinyproxy)
  console.warn(`cli-proxy: skipped: ${TINYPROXY} is not installed (Debian package tinyproxy)`);

describe.skipIf(!hasTinyproxy)('copper behind an HTTP proxy', () => {
  let api: TestApi;
  let dir: string;
  let proxy: RunningProxy;
  const password = 'a long enough test password';

  beforeAll(async () => {
    api = await startTestApi();
    await api.addUser('pia@gallery.test', password, 'artist', 'pia', 'Pia');
    dir = await mkdtemp(join(tmpdir(), 'copper-cli-proxy-'));
    proxy = await startTinyproxy(dir);
  });
  afterAll(async () => {
    proxy?.stop();
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Sign in, add a folder and upload it, with the given proxy settings. */
  async function session(name: string, env: Record<string, string>): Promise<void> {
    const profile = { COPPER_DATA_DIR: join(dir, `${name}-profile`), ...env };
    const login = await copper(['login', '--api', api.url, '--email', 'pia@gallery.test', '--json'], {
      ...profile,
      COPPER_PASSWORD: password,
    });
    expect(login.code, login.stderr).toBe(0);
    const folder = join(dir, name);
    await mkdir(folder);
    await writeFile(join(folder, 'proof.jpg'), randomBytes(30_000));
    expect((await copper(['add', folder], profile)).code).toBe(0);
    const upload = await copper(['upload', '--wait', '--json'], profile);
    expect(upload.code, upload.stderr).toBe(0);
  }

  const apiHost = () => new URL(api.url).host;
  const s3Host = () => new URL(process.env.S3_ENDPOINT!).host;

  it('sends the sign-in, the credential and the upload through the proxy', async () => {
    await session('through', { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
    const log = await proxy.log();
    expect(log).toContain(apiHost());
    expect(log).toContain(s3Host());
  });

  it('goes direct to the hosts NO_PROXY names', async () => {
    const before = (await proxy.log()).length;
    await session('direct', {
      HTTP_PROXY: proxy.url,
      HTTPS_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1,localhost',
    });
    const after = (await proxy.log()).slice(before);
    expect(after).not.toContain(apiHost());
    expect(after).not.toContain(s3Host());
  });
});
