import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './api-harness';
import { freePort } from './api-process';
import { copper } from './cli-support';

// A corporate network: every request of the core (the Copper API's sign-in and credentials,
// and S3's uploads) goes through the proxy that HTTP_PROXY names, and none does for a host
// that NO_PROXY lists. The proxy is Debian's tinyproxy, its log the witness.
const TINYPROXY = '/usr/bin/tinyproxy';
const hasProxy = existsSync(TINYPROXY);
if (!hasProxy) console.warn(`cli-proxy: skipped: ${TINYPROXY} is not installed (Debian package tinyproxy)`);

async function startProxy(dir: string): Promise<{ url: string; log: () => Promise<string>; stop(): void }> {
  const port = await freePort();
  const logFile = join(dir, 'proxy.log');
  const conf = join(dir, 'tinyproxy.conf');
  await writeFile(
    conf,
    [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 60', `LogFile "${logFile}"`, 'LogLevel Connect']
      .concat(['MaxClients 100', 'Allow 127.0.0.1', 'DisableViaHeader Yes', ''])
      .join('\n'),
  );
  const child: ChildProcess = spawn(TINYPROXY, ['-d', '-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !existsSync(logFile); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    stop: () => child.kill(),
  };
}

describe.skipIf(!hasProxy)('copper behind an HTTP proxy', () => {
  let api: TestApi;
  let dir: string;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const password = 'a long enough test password';

  beforeAll(async () => {
    api = await startTestApi();
    await api.addUser('pia@gallery.test', password, 'artist', 'pia', 'Pia');
    dir = await mkdtemp(join(tmpdir(), 'copper-cli-proxy-'));
    proxy = await startProxy(dir);
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
