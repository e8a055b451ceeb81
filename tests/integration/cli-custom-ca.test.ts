import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../core/ipc/dispatch';
import { CoreClient } from '../../core/process/core-client';
import { spawnCoreChild } from '../../hosts/web/core-child';
import type { QueueEntry } from '../../shared/models/queue';
import { adminS3, freshBucket, testServices } from '../support/services';
import { fastTestOptions, makeFile, sha256File, sha256Object } from '../support/upload-helpers';
import { startTestApi, type TestApi } from './api-harness';
import { copper, directEnv, json, type CopperRun } from './cli-support';
import { hasTinyproxy, startTinyproxy } from './proxy-support';

// A company network whose servers carry certificates of the company's own root CA: the test RGW
// and the Copper API each behind a TLS front (Node's tls module in this process, the bytes
// passed through unchanged) with a certificate a private CA signed, made with openssl per run.
const OPENSSL = '/usr/bin/openssl';
const hasOpenssl = existsSync(OPENSSL);
if (!hasOpenssl)
  console.warn(
    `cli-custom-ca: skipped: ${OPENSSL} is not installed (Debian package openssl; scripts/services/ensure-packages.sh proxy)`,
  );

interface Certificates {
  /** The company's root CA (what IT hands out and installs in the OS store). */
  readonly ca: string;
  readonly key: string;
  readonly cert: string;
}

/** A root CA and a server certificate it signed for 127.0.0.1 and localhost, as PEM files in `dir`. */
async function makeCertificates(dir: string): Promise<Certificates> {
  const ssl = (...args: string[]) => execFileSync(OPENSSL, args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'];
  const caExt = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=Gallery Corp Root CA',
    ...caExt,
  );
  ssl('req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  await writeFile(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-set_serial',
    '2',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  );
  return { ca: join(dir, 'ca.pem'), key: join(dir, 'server.key'), cert: join(dir, 'server.pem') };
}

interface TlsFront {
  readonly url: string;
  /** TLS sessions the front completed (a client that refused the certificate completes none). */
  handshakes: number;
  close(): Promise<void>;
}

/** Terminates TLS on 127.0.0.1 with the CA-signed certificate and passes the bytes on to `target` (http). */
async function startTlsFront(target: string, certs: Certificates): Promise<TlsFront> {
  const { hostname, port } = new URL(target);
  const [key, cert] = await Promise.all([readFile(certs.key), readFile(certs.cert)]);
  const server = createTlsServer({ key, cert }, (client) => {
    front.handshakes++;
    const upstream = connect(Number(port), hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  server.on('tlsClientError', () => {}); // the refusals the tests provoke
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the TLS front has no port');
  const front: TlsFront = {
    url: `https://127.0.0.1:${address.port}`,
    handshakes: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return front;
}

/** No stack trace, no source path: the words a person reads. */
function expectWordsOnly(run: CopperRun): void {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/\.ts:\d+/);
}

const MiB = 1024 * 1024;

describe.skipIf(!hasOpenssl)('copper against servers whose certificate a company CA signed', () => {
  let dir: string;
  let certs: Certificates;
  /** The OS's certificate store as OpenSSL reads it on Linux (SSL_CERT_FILE), with the company CA in it. */
  let osStore: string;
  let s3: S3Client;
  let bucket: string;
  let s3Front: TlsFront;
  let api: TestApi;
  let apiFront: TlsFront;
  const password = 'a long enough test password';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-cli-ca-'));
    certs = await makeCertificates(dir);
    osStore = join(dir, 'ca-certificates.crt');
    await writeFile(osStore, await readFile(certs.ca));
    s3 = adminS3();
    bucket = await freshBucket('cli-ca');
    s3Front = await startTlsFront(testServices().s3.endpoint, certs);
    api = await startTestApi();
    await api.addUser('ines@gallery.test', password, 'artist', 'ines', 'Ines');
    apiFront = await startTlsFront(api.url, certs);
  });
  afterAll(async () => {
    await s3Front?.close();
    await apiFront?.close();
    await api?.close();
    s3?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  /** A profile in direct mode whose S3 endpoint is the TLS front, with one file queued. */
  async function queuedOverHttps(name: string, env: Record<string, string> = {}) {
    const profile = { ...directEnv(bucket, join(dir, `${name}-profile`), 'ca/'), ...env };
    profile.AWS_ENDPOINT_URL_S3 = s3Front.url;
    const folder = join(dir, name);
    await mkdir(folder);
    const bytes = randomBytes(70_000);
    await writeFile(join(folder, 'proof.tif'), bytes);
    const add = await copper(['add', folder, '--json'], profile);
    expect(add.code, add.stderr).toBe(0);
    const key: string = json(add).added[0].key;
    return { profile, bytes, key };
  }

  async function objectBytes(key: string): Promise<Buffer | undefined> {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
    return out && Buffer.from(await out.Body!.transformToByteArray());
  }

  it('without the CA trusted, the upload fails naming the certificate problem and nothing lands', async () => {
    const before = s3Front.handshakes;
    const { profile, key } = await queuedOverHttps('untrusted');
    const upload = await copper(['upload', '--wait', '--json'], profile);
    expect(upload.code).not.toBe(0);
    const [entry] = json(upload).entries;
    expect(entry).toMatchObject({ state: 'failed', error: { code: 's3.tls', retryable: false } });
    expect(entry.error.message).toContain(`The connection to S3 at ${s3Front.url} is not secure`);
    expect(entry.error.message).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(upload.stderr).toContain('not secure');
    expectWordsOnly(upload);
    expect(await objectBytes(key)).toBeUndefined();
    expect(s3Front.handshakes).toBe(before);
  });

  it('with NODE_EXTRA_CA_CERTS naming the CA, the upload lands byte-identical over HTTPS', async () => {
    const before = s3Front.handshakes;
    const { profile, bytes, key } = await queuedOverHttps('extra', { NODE_EXTRA_CA_CERTS: certs.ca });
    const upload = await copper(['upload', '--wait', '--json'], profile);
    expect(upload.code, upload.stderr).toBe(0);
    expect(json(upload).counts).toMatchObject({ done: 1, failed: 0 });
    expect((await objectBytes(key))?.equals(bytes)).toBe(true);
    expect(s3Front.handshakes).toBeGreaterThan(before);
  });

  it('sign-in to an API behind the company CA: refused in words, then accepted once the CA is trusted', async () => {
    const login = (env: Record<string, string>) =>
      copper(['login', '--api', apiFront.url, '--email', 'ines@gallery.test', '--json'], {
        COPPER_DATA_DIR: join(dir, 'session-profile'),
        COPPER_PASSWORD: password,
        ...env,
      });
    const refused = await login({});
    expect(refused.code).not.toBe(0);
    expect(json(refused).error).toMatchObject({ code: 'network.tls' });
    expect(refused.stderr).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expectWordsOnly(refused);
    const accepted = await login({ NODE_EXTRA_CA_CERTS: certs.ca });
    expect(accepted.code, accepted.stderr).toBe(0);
  });

  it.skipIf(!hasTinyproxy)(
    'behind a proxy, the CLI trusts the OS store: CONNECT through tinyproxy to the HTTPS endpoint',
    async () => {
      const proxy = await startTinyproxy(await mkdtemp(join(dir, 'proxy-')));
      try {
        // Only the proxy and the store: copper itself starts Node with NODE_USE_SYSTEM_CA.
        const env = { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, SSL_CERT_FILE: osStore };
        const { profile, bytes, key } = await queuedOverHttps('os-store', env);
        const upload = await copper(['upload', '--wait', '--json'], profile);
        expect(upload.code, upload.stderr).toBe(0);
        expect((await objectBytes(key))?.equals(bytes)).toBe(true);
        expect(await proxy.log()).toMatch(new RegExp(`CONNECT.*${new URL(s3Front.url).host}`));
      } finally {
        proxy.stop();
      }
    },
  );

  it('the core process (desktop and web host) trusts the OS store: an upload over HTTPS completes', async () => {
    const { s3: services } = testServices();
    const file = await makeFile(dir, 'core/proof.tif', 6 * MiB + 77); // two parts of a multipart upload
    // The host's environment has only the store; coreProcessEnv turns NODE_USE_SYSTEM_CA on.
    const env: NodeJS.ProcessEnv = { ...process.env, SSL_CERT_FILE: osStore, NODE_EXTRA_CA_CERTS: undefined };
    const client = new CoreClient({
      spawn: () => spawnCoreChild(env),
      config: {
        dataDir: join(dir, 'core-profile'),
        host: 'web',
        version: '0.0.0-test',
        heartbeatMs: 0,
        keychainService: `copper-test-ca-${Date.now()}`,
        quiet: true,
        direct: {
          target: { bucket, region: services.region, endpoint: s3Front.url, prefix: 'ca-core/' },
          credential: { accessKeyId: services.accessKeyId, secretAccessKey: services.secretAccessKey },
        },
        uploadOptions: fastTestOptions,
      },
      log: () => {},
    });
    await client.start();
    try {
      const added = (await call(client, 'queue.add', { paths: [file] })) as { added: QueueEntry[] };
      const id = added.added[0]!.id;
      let entry: QueueEntry | undefined;
      for (let i = 0; i < 600 && !['done', 'failed'].includes(entry?.state ?? ''); i++) {
        await new Promise((r) => setTimeout(r, 100));
        entry = ((await call(client, 'queue.list', {})) as { entries: QueueEntry[] }).entries.find(
          (e) => e.id === id,
        );
      }
      expect(entry, JSON.stringify(entry)).toMatchObject({ state: 'done' });
      expect(await sha256Object(bucket, entry!.key)).toBe(await sha256File(file));
    } finally {
      await client.stop();
    }
  });
});

async function call(client: CoreClient, name: string, payload: unknown): Promise<unknown> {
  const result = await dispatch(client.handlers, name, payload, (n, err) => {
    throw new Error(`${n} failed unexpectedly: ${String(err)}`);
  });
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value;
}
