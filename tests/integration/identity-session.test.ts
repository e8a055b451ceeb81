import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CopperError } from '../../shared/errors';
import type { SessionState } from '../../shared/models/account';
import { adminS3, freshBucket, testServices } from '../support/services';
import { ApiClient, checkApi } from '../../core/credentials/api-client';
import type { ApiError } from '../../core/credentials/api-errors';
import { KeychainStore } from '../../core/credentials/keychain-store';
import { JsonFileProfileStore } from '../../core/credentials/profile-store';
import { SessionCredentialProvider } from '../../core/credentials/session-credential-provider';
import { SessionService, type SessionLog } from '../../core/account/session-service';
import { sessionCredentialProvider } from '../../core/account/session-credentials';
import { createS3Client } from '../../core/s3/client-factory';
import { startTestApi, type TestApi } from './identity-api';
import { createAppContext } from '../../core/app-context';
import { callCore } from '../support/core-calls';
import type { QueueSnapshot } from '../../shared/models/queue';
import { fastTestOptions } from '../support/upload-helpers';

// Everything real: the Copper API in-process on PostgreSQL + Ceph RGW (STS with session
// policies), the Secret Service (gnome-keyring on a private D-Bus from with-services.sh).

const childScript = join(import.meta.dirname, 'identity-child.ts');
const keychainService = `Copper-test-${randomBytes(4).toString('hex')}`;
const password = 'correct horse battery staple';
let api: TestApi;
let dataDir: string;
/** The data folder of the session upload test, kept for the final scan. */
let uploadWork: string | undefined;
let bucket: string;
const logs: string[] = [];
/** Every secret the test saw: none may appear in the data folder or any captured log. */
const secrets = new Set<string>();

const log: SessionLog = {
  info: (message, context) => {
    logs.push(JSON.stringify({ message, ...context }));
  },
  warn: (message, context) => {
    logs.push(JSON.stringify({ message, ...context }));
  },
};

function newSession(): SessionService {
  return new SessionService({
    tokens: new KeychainStore({ service: keychainService }),
    profiles: JsonFileProfileStore.inDataDir(dataDir),
    log,
  });
}

interface ChildRun {
  result: Record<string, unknown>;
  stdout: string;
  stderr: string;
  code: number | null;
}

function runChild(mode: string, env: Record<string, string>): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript, [mode], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        COPPER_TEST_DATA_DIR: dataDir,
        COPPER_TEST_KEYCHAIN_SERVICE: keychainService,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c;
    });
    child.on('message', (m) => {
      for (const v of Object.values(m as Record<string, string>)) if (v) secrets.add(v);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      logs.push(stdout, stderr);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        reject(new Error(`child printed no result (exit ${code}): ${stderr}`));
        return;
      }
      resolve({ result: JSON.parse(line.slice(7)) as Record<string, unknown>, stdout, stderr, code });
    });
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  }
  return out;
}

async function expectNoneIn(dir: string, found: Iterable<string>): Promise<void> {
  const files = await filesUnder(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = (await readFile(file)).toString('latin1');
    for (const s of found) expect(text.includes(s), `${file} contains a secret`).toBe(false);
  }
}

async function expectNoSecretsIn(dir: string): Promise<void> {
  expect(secrets.size).toBeGreaterThan(0);
  for (const file of await filesUnder(dir)) {
    const text = (await readFile(file)).toString('latin1');
    for (const s of secrets) expect(text.includes(s), `${file} contains a secret`).toBe(false);
  }
}

function tokenIn(store: KeychainStore, email: string): Promise<string | null> {
  return store.get(api.url, email);
}

beforeAll(async () => {
  const services = testServices();
  bucket = await freshBucket('identity');
  api = await startTestApi({ services, bucket, logs });
  dataDir = await mkdtemp(join(tmpdir(), 'copper-identity-'));
});

afterAll(async () => {
  await api?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (uploadWork) await rm(uploadWork, { recursive: true, force: true });
});

describe('desktop identity against the real API, PostgreSQL, RGW and Secret Service', () => {
  const email = `ada-${randomBytes(3).toString('hex')}@example.com`;
  const artistId = `ada-${randomBytes(3).toString('hex')}`;
  const keychain = () => new KeychainStore({ service: keychainService });

  beforeAll(async () => {
    await api.createUser({ email, password, role: 'artist', artistId, displayName: 'Ada Lovelace' });
  });

  it('checks the API URL before sign-in', async () => {
    await expect(checkApi(api.url)).resolves.toMatchObject({ apiUrl: api.url });
    // The S3 server answers HTTP, but it is not a Copper API.
    const s3 = testServices().s3.endpoint;
    await expect(checkApi(s3.replace('localhost', '127.0.0.1'))).rejects.toMatchObject({
      code: 'api.not-copper',
      retryable: false,
    });
  });

  it('refuses a wrong password in words and stores nothing', async () => {
    const session = newSession();
    const err = await session.signIn(api.url, email, 'wrong password').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CopperError);
    expect((err as CopperError).code).toBe('auth.invalid-credentials');
    expect(session.current()).toBeNull();
    expect(await filesUnder(dataDir)).toEqual([]);
    expect(await tokenIn(keychain(), email)).toBeNull();
  });

  it('signs in, survives a restart in a fresh process, and the scoped credential works on S3', async () => {
    const session = newSession();
    const states: SessionState['status'][] = [];
    session.onState((s) => states.push(s.status));
    const profile = await session.signIn(`${api.url}/`, email.toUpperCase(), password);
    expect(profile).toEqual({
      apiUrl: api.url,
      email,
      role: 'artist',
      artistId,
      displayName: 'Ada Lovelace',
    });
    expect(states).toEqual(['signed-in']);
    const token = await tokenIn(keychain(), email);
    expect(token).toBeTruthy();
    secrets.add(token!);
    expect(JSON.parse(await readFile(join(dataDir, 'account.json'), 'utf8'))).toEqual({
      version: 1,
      profile,
    });

    const body = `restart check ${randomBytes(4).toString('hex')}`;
    const run = await runChild('restore-and-put', {
      COPPER_TEST_OBJECT_NAME: 'restart/check.txt',
      COPPER_TEST_OBJECT_BODY: body,
    });
    expect(run.code).toBe(0);
    expect(run.result.state).toEqual({ status: 'signed-in', profile });
    expect(run.result.key).toBe(`artists/${artistId}/restart/check.txt`);
    expect(run.result.target).toMatchObject({ bucket, prefix: `artists/${artistId}/`, role: 'artist' });
    expect(run.result.outside).toBe('AccessDenied');
    const got = await adminS3().send(
      new GetObjectCommand({ Bucket: bucket, Key: `artists/${artistId}/restart/check.txt` }),
    );
    expect(await got.Body!.transformToString()).toBe(body);
    await expectNoSecretsIn(dataDir);
  });

  it('refreshes once for many concurrent callers, ahead of expiry and after invalidate()', async () => {
    const session = newSession();
    expect((await session.restore()).status).toBe('signed-in');
    const clock = { now: Date.now() };
    let fetches = 0;
    const provider = new SessionCredentialProvider({
      fetchCredentials: () => {
        fetches++;
        return session.fetchCredentials();
      },
      now: () => clock.now,
    });
    const first = await Promise.all(Array.from({ length: 40 }, () => provider.get()));
    expect(fetches).toBe(1);
    expect(new Set(first.map((c) => c.accessKeyId)).size).toBe(1);
    secrets.add(first[0]!.secretAccessKey).add(first[0]!.sessionToken!);
    // Jump to 30 s before expiry: well inside the refresh-ahead window.
    clock.now = first[0]!.expiration!.getTime() - 30_000;
    const second = await Promise.all(Array.from({ length: 40 }, () => provider.get()));
    expect(fetches).toBe(2);
    expect(new Set(second.map((c) => c.accessKeyId)).size).toBe(1);
    expect(second[0]!.accessKeyId).not.toBe(first[0]!.accessKeyId);
    secrets.add(second[0]!.secretAccessKey).add(second[0]!.sessionToken!);
    provider.invalidate();
    const third = await Promise.all(Array.from({ length: 10 }, () => provider.get()));
    expect(fetches).toBe(3);
    secrets.add(third[0]!.secretAccessKey).add(third[0]!.sessionToken!);
    // The refreshed credential is accepted by S3 within the artist's prefix.
    const target = await provider.target();
    const s3 = createS3Client(target, provider);
    await s3.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: `${target.prefix}refresh.txt`, Body: 'ok' }),
    );
    s3.destroy();
  });

  it('starts signed in while the API is unreachable, and carries on when it is back', async () => {
    await api.close();
    try {
      const session = newSession();
      expect((await session.restore()).status).toBe('signed-in');
      const { provider, dispose } = sessionCredentialProvider(session);
      await expect(provider.get()).rejects.toMatchObject({ code: 'network.offline', retryable: true });
      await expect(session.verify()).rejects.toMatchObject({ code: 'network.offline', retryable: true });
      // Being offline is not being signed out.
      expect(session.getState().status).toBe('signed-in');
      expect(await tokenIn(keychain(), email)).toBeTruthy();
      await api.reopen();
      expect((await session.verify()).status).toBe('signed-in');
      const c = await provider.get();
      secrets.add(c.secretAccessKey).add(c.sessionToken!);
      dispose();
    } finally {
      await api.reopen();
    }
  });

  it('an expired session goes to session-expired, deletes only the token, and a restart stays signed out', async () => {
    const session = newSession();
    expect((await session.restore()).status).toBe('signed-in');
    const states: SessionState['status'][] = [];
    session.onState((s) => states.push(s.status));
    const { provider, dispose } = sessionCredentialProvider(session);
    const before = await provider.get();
    secrets.add(before.secretAccessKey).add(before.sessionToken!);
    const queueFile = join(dataDir, 'queue-marker.txt');
    await writeFile(queueFile, 'queued entries live here');
    await api.expireSessions(email);

    provider.invalidate();
    await expect(provider.get()).rejects.toMatchObject({ code: 'auth.session-expired', retryable: false });
    expect(states).toEqual(['session-expired']);
    const state = session.getState();
    expect(state.status).toBe('session-expired');
    expect(state.status === 'session-expired' && state.profile.email).toBe(email);
    expect(session.current()).toBeNull();
    expect(await tokenIn(keychain(), email)).toBeNull();
    expect(await readFile(queueFile, 'utf8')).toBe('queued entries live here');
    expect((await JsonFileProfileStore.inDataDir(dataDir).load())?.email).toBe(email);
    await expect(provider.get()).rejects.toMatchObject({ code: 'auth.session-expired' });
    dispose();

    expect((await newSession().restore()).status).toBe('session-expired');
    await rm(queueFile);
  });

  it('signs out: keychain entry gone, profile cleared, the API refuses the old token', async () => {
    const session = newSession();
    await session.signIn(api.url, email, password);
    const token = await tokenIn(keychain(), email);
    secrets.add(token!);
    await expect(new ApiClient(api.url).me(token!)).resolves.toMatchObject({ email });
    await session.signOut();
    expect(session.getState()).toEqual({ status: 'signed-out' });
    expect(await tokenIn(keychain(), email)).toBeNull();
    expect(await filesUnder(dataDir)).toEqual([]);
    await expect(new ApiClient(api.url).me(token!)).rejects.toMatchObject({ code: 'auth.session-expired' });
    expect((await newSession().restore()).status).toBe('signed-out');
  });

  it('signs out locally when the API is unreachable', async () => {
    const session = newSession();
    await session.signIn(api.url, email, password);
    secrets.add((await tokenIn(keychain(), email))!);
    await api.close();
    try {
      await session.signOut();
      expect(session.getState().status).toBe('signed-out');
      expect(await tokenIn(keychain(), email)).toBeNull();
      expect(await filesUnder(dataDir)).toEqual([]);
    } finally {
      await api.reopen();
    }
  });

  it('without a keychain, sign-in fails in words and nothing is written anywhere', async () => {
    const activeBefore = await api.activeSessions(email);
    const run = await runChild('sign-in', {
      COPPER_TEST_API_URL: api.url,
      COPPER_TEST_EMAIL: email,
      COPPER_TEST_PASSWORD: password,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/copper-no-bus',
    });
    expect(run.result.signedIn).toBe(false);
    expect(run.result.error).toMatchObject({ code: 'keychain.unavailable', retryable: false });
    expect((run.result.error as { message: string }).message).toMatch(/keychain/i);
    expect(await filesUnder(dataDir)).toEqual([]);
    // The session the API created was revoked again rather than left dangling.
    expect(await api.activeSessions(email)).toBe(activeBefore);
  });

  it('staff get a staff profile and a staff-scoped target', async () => {
    const staffEmail = `sam-${randomBytes(3).toString('hex')}@example.com`;
    await api.createUser({ email: staffEmail, password, role: 'staff', artistId: null, displayName: 'Sam' });
    const session = newSession();
    expect(await session.signIn(api.url, staffEmail, password)).toEqual({
      apiUrl: api.url,
      email: staffEmail,
      role: 'staff',
      artistId: null,
      displayName: 'Sam',
    });
    secrets.add((await tokenIn(keychain(), staffEmail))!);
    const { provider, dispose } = sessionCredentialProvider(session);
    expect(await provider.target()).toMatchObject({ bucket, role: 'staff' });
    const c = await provider.get();
    secrets.add(c.secretAccessKey).add(c.sessionToken!);
    await session.signOut();
    // The provider forgot the credential with the session.
    await expect(provider.get()).rejects.toMatchObject({ code: 'auth.signed-out' });
    dispose();
    expect(await tokenIn(keychain(), staffEmail)).toBeNull();
  });

  it('too many wrong passwords: rate-limited, retryable, with the wait in words', async () => {
    const victim = `bo-${randomBytes(3).toString('hex')}@example.com`;
    await api.createUser({
      email: victim,
      password,
      role: 'artist',
      artistId: `bo-${randomBytes(3).toString('hex')}`,
      displayName: 'Bo',
    });
    const session = newSession();
    let last: unknown;
    for (let i = 0; i < 8; i++) {
      last = await session.signIn(api.url, victim, `wrong ${i}`).then(
        () => null,
        (e: unknown) => e,
      );
      if ((last as CopperError).code !== 'auth.invalid-credentials') break;
    }
    expect(last).toMatchObject({ code: 'auth.rate-limited', retryable: true });
    expect((last as ApiError).retryAfterMs).toBeGreaterThan(0);
    expect((last as CopperError).message).toMatch(/Wait/);
    expect(session.current()).toBeNull();
  });

  // The data folder a real session upload leaves (issue 9): the SQLite catalog and queue with
  // its WAL still open, queue-target.json, the thumbnail cache. None of the session token, the
  // STS secret and session token the engine was given, or the password may be in any of it.
  it(
    'a session upload leaves no token, S3 secret or password in its data folder',
    { timeout: 90_000 },
    async () => {
      const work = await mkdtemp(join(tmpdir(), 'copper-identity-upload-'));
      uploadWork = work;
      const profile = join(work, 'profile');
      const ctx = createAppContext({
        dataDir: profile,
        host: 'web',
        version: '0.0.0-test',
        heartbeatMs: 0,
        keychainService,
        accountLog: log,
        uploadOptions: fastTestOptions,
      });
      const seen = new Set<string>([password]);
      try {
        await ctx.ready;
        const get = ctx.credentials.get.bind(ctx.credentials);
        ctx.credentials.get = async () => {
          const c = await get();
          seen.add(c.secretAccessKey).add(c.sessionToken!);
          return c;
        };
        const called = (name: string, payload: unknown) => callCore(ctx, name, payload);
        await called('account.sign-in', { apiUrl: api.url, email, password });
        seen.add((await tokenIn(keychain(), email))!);
        const studio = join(work, 'Studio');
        await mkdir(studio, { recursive: true });
        await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c84' } })
          .jpeg()
          .toFile(join(studio, 'sketch.jpg'));
        await writeFile(join(studio, 'large.tif'), randomBytes(6 * 1024 * 1024)); // multipart
        const scanned = new Promise<void>((resolve) => {
          const off = ctx.hub.subscribe((name) => {
            if (name === 'catalog.done') resolve(off());
          });
        });
        await called('catalog.scan', { paths: [studio] });
        await scanned;
        await called('queue.add', { paths: [studio] });
        await ctx.queue.waitForIdle();
        const snapshot = await callCore<QueueSnapshot>(ctx, 'queue.list', {});
        expect(snapshot.entries.map((e) => e.state)).toEqual(['done', 'done']);
        const got = await adminS3().send(
          new GetObjectCommand({ Bucket: bucket, Key: `artists/${artistId}/Studio/sketch.jpg` }),
        );
        expect((await got.Body!.transformToByteArray()).length).toBeGreaterThan(0);
        expect(seen.size).toBeGreaterThanOrEqual(4);

        // What is there to scan, while the core still has the database open.
        const names = (await filesUnder(profile)).map((f) => relative(profile, f));
        expect(names).toEqual(expect.arrayContaining(['queue-target.json', 'account.json']));
        expect(names.some((n) => n.endsWith('-wal'))).toBe(true);
        expect(names.some((n) => n.startsWith('thumbnails'))).toBe(true);
        await expectNoneIn(profile, seen);
        await called('account.sign-out', {});
        await ctx.dispose();
        // Closed: the WAL checkpointed into the database file, which is scanned again.
        await expectNoneIn(profile, seen);
        for (const s of seen) secrets.add(s);
      } finally {
        await ctx.dispose().catch(() => {});
      }
    },
  );

  it('kept every token and secret out of the data folders and the logs', async () => {
    await expectNoSecretsIn(dataDir);
    // The sign-in folder is empty by now; the upload's is not, and every secret is checked there.
    expect(uploadWork).toBeDefined();
    await expectNoneIn(join(uploadWork!, 'profile'), secrets);
    expect(secrets.size).toBeGreaterThanOrEqual(5);
    const all = logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const s of secrets) expect(all.includes(s)).toBe(false);
    expect(all.includes(password)).toBe(false);
  });
});
