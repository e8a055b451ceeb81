import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { startTestApi } from '../integration/identity-api';
import { copper } from '../integration/cli-support';
import { FaultProxy } from '../support/fault-proxy';
import { adminS3, freshBucket, testServices } from '../support/services';
import { listFiles, oddNames, pickSize, prng, sha256Of, writeRandom } from './chaos-corpus';
import { ChaosRgw } from './chaos-rgw';
import { faultyRun, planRound, type Stage } from './chaos-rounds';

const PASSWORD = 'a long enough chaos password';

/** What one chaos run did and found. Loss, doubling and leftovers must all be zero. */
export interface ChaosFigures {
  seed: number;
  rounds: number;
  /** SIGKILLs of `copper upload --wait`. */
  kills: number;
  /** SIGKILLs of the web host's core process (the CoreClient starts it again). */
  coreKills: number;
  /** Rounds run by the web host's core instead of the CLI. */
  webRounds: number;
  /** radosgw SIGKILLed mid-queue and started again on the same port. */
  restarts: number;
  faults: number;
  outages: number;
  rewrites: number;
  added: number;
  removed: number;
  /** Credentials the API issued (each after the previous one expired or was refused). */
  issuances: number;
  files: number;
  lost: number;
  doubled: number;
  left: number;
  notDone: number;
  outside: number;
  problems: string[];
}

async function setUp(seed: number, log: (line: string) => void, files: number): Promise<Stage> {
  const services = testServices();
  const where = ChaosRgw.where();
  if ('reason' in where) log(`no radosgw restarts in this run: ${where.reason}`);
  const rgw = 'dir' in where ? await ChaosRgw.start(where.dir) : undefined;
  const proxy = await FaultProxy.start(rgw?.url ?? services.s3.endpoint);
  const bucket = await freshBucket('chaos');
  // The API hands out credentials that expire every 20 s (RGW's minimum STS session is 15 s),
  // and the endpoint it gives the desktop (and asks STS at) is the fault proxy's.
  const api = await startTestApi({
    services: { ...services, s3: { ...services.s3, endpoint: proxy.url } },
    bucket,
    logs: [],
    credentialTtlSeconds: 20,
    // Production allows 20 credentials per session (60 per person) per 15 minutes, sized for
    // 15-minute credentials; these live 45 times shorter, so the limits are 45 times higher:
    // the same number per credential lifetime. (With production's, a long run is refused
    // credentials after 20 and its entries end `failed: auth.rate-limited`.)
    rateLimits: {
      credentialsSession: { limit: 20 * 45, windowMs: 15 * 60_000 },
      credentialsUser: { limit: 60 * 45, windowMs: 15 * 60_000 },
    },
  });
  const artist = `chaos-${seed}-${randomBytes(3).toString('hex')}`;
  const email = `${artist}@gallery.test`;
  await api.createUser({ email, password: PASSWORD, role: 'artist', artistId: artist, displayName: 'Chaos' });
  const dir = await mkdtemp(join(tmpdir(), 'copper-chaos-'));
  const corpus = join(dir, 'Corpus');
  const rand = prng(seed);
  for (let i = 0; i < files; i++) {
    const name = rand() < 0.1 ? `${oddNames[Math.floor(rand() * oddNames.length)]} ${i}.jpg` : `f${i}.tif`;
    await writeRandom(join(corpus, `d${i % 7}`, name), pickSize(rand));
  }
  const env = { COPPER_DATA_DIR: join(dir, 'profile'), COPPER_PASSWORD: PASSWORD };
  const login = await copper(['login', '--api', api.url, '--email', email], env);
  if (login.code !== 0) throw new Error(`chaos: login failed: ${login.stderr}`);
  const db = new pg.Pool({ connectionString: services.databaseUrl, max: 1 });
  return { api, bucket, artist, email, db, proxy, s3: adminS3(), dir, corpus, env, rand, log, rgw };
}

/** Between runs: files added, removed and rewritten, as an artist keeps working. */
async function mutate(st: Stage, f: ChaosFigures): Promise<string[]> {
  const files = await listFiles(st.corpus);
  const removedNow: string[] = [];
  if (st.rand() < 0.5 && files.length > 10) {
    const victim = files[Math.floor(st.rand() * files.length)]!;
    await rm(victim);
    removedNow.push(victim);
    f.removed++;
  }
  if (st.rand() < 0.6) {
    await writeRandom(join(st.corpus, 'new', `n${f.added}.jpg`), pickSize(st.rand));
    f.added++;
  }
  if (st.rand() < 0.4) {
    const target = files[Math.floor(st.rand() * files.length)]!;
    if (!removedNow.includes(target)) {
      await writeRandom(target, pickSize(st.rand));
      f.rewrites++;
    }
  }
  return removedNow;
}

/** Reads what S3 and the queue hold and counts every broken promise. */
async function verify(st: Stage, f: ChaosFigures, removed: Set<string>): Promise<void> {
  const bucket = st.bucket;
  const prefix = `artists/${st.artist}/`;
  const local = await listFiles(st.corpus);
  f.files = local.length;
  const versions: { Key?: string; ETag?: string; IsLatest?: boolean; Size?: number }[] = [];
  for (let marker: { k?: string; v?: string } = {}; ;) {
    const page = await st.s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: marker.k, VersionIdMarker: marker.v }),
    );
    versions.push(...(page.Versions ?? []));
    if (!page.IsTruncated) break;
    marker = { k: page.NextKeyMarker, v: page.NextVersionIdMarker };
  }
  for (const v of versions) {
    if (!v.Key?.startsWith(prefix)) {
      f.outside++;
      f.problems.push(`outside the artist's prefix: ${v.Key}`);
    }
  }
  const byKey = new Map<string, string[]>();
  for (const v of versions) byKey.set(v.Key!, [...(byKey.get(v.Key!) ?? []), v.ETag ?? '']);
  for (const [key, etags] of byKey) {
    const extra = etags.length - new Set(etags).size;
    if (extra > 0) {
      f.doubled += extra;
      f.problems.push(`doubled: ${key} has ${etags.length} versions, ${extra} with the same content`);
    }
  }
  for (const path of local) {
    const key = `${prefix}Corpus/${relative(st.corpus, path).split(sep).join('/')}`.normalize('NFC');
    try {
      const obj = await st.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const [remote, mine] = await Promise.all([
        sha256Of(obj.Body as Readable),
        sha256Of(await readFile(path)),
      ]);
      if (remote !== mine) throw new Error('content differs');
    } catch (err) {
      f.lost++;
      f.problems.push(`lost: ${key} (${(err as Error).name}: ${(err as Error).message})`);
    }
  }
  const mpu = await st.s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  f.left = mpu.Uploads?.length ?? 0;
  if (f.left) f.problems.push(`incomplete multipart uploads: ${f.left}`);
  const status = await copper(['status', '--json'], st.env);
  const entries = (JSON.parse(status.stdout) as { entries: { path: string; state: string; code?: string }[] })
    .entries;
  for (const e of entries) {
    if (e.state === 'done') continue;
    // A file removed while it waited ends `failed: file-vanished`, the documented state.
    if (removed.has(e.path) && e.state === 'failed') continue;
    f.notDone++;
    f.problems.push(`queue entry not done: ${e.path} ${e.state} ${e.code ?? ''}`);
  }
  const r = await st.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM credential_issuances WHERE email = $1',
    [st.email],
  );
  f.issuances = Number(r.rows[0]!.n);
}

/**
 * The chaos run of issue 9, in session mode as an artist against the real stack (RGW,
 * PostgreSQL, the Copper API with 20 s credentials, the keychain, the `copper` CLI): a
 * generated corpus, then `rounds` runs of `copper upload --wait` with SIGKILLs, connection
 * resets/stalls/503s and outages through the fault proxy, files rewritten mid-upload, and
 * files added, removed and rewritten between runs, all at moments from `seed`. Then a clean
 * run to the end, and the verification. Needs scripts/with-services.sh around it.
 */
export async function runChaos(opts: {
  seed: number;
  rounds: number;
  files?: number;
  /** Stop starting rounds after this long (the figures then say how many ran). */
  budgetMs?: number;
  log?: (line: string) => void;
}): Promise<ChaosFigures> {
  const deadline = Date.now() + (opts.budgetMs ?? Infinity);
  const log = opts.log ?? (() => undefined);
  const f: ChaosFigures = {
    seed: opts.seed,
    rounds: opts.rounds,
    kills: 0,
    coreKills: 0,
    webRounds: 0,
    restarts: 0,
    faults: 0,
    outages: 0,
    rewrites: 0,
    added: 0,
    removed: 0,
    issuances: 0,
    files: 0,
    lost: 0,
    doubled: 0,
    left: 0,
    notDone: 0,
    outside: 0,
    problems: [],
  };
  const st = await setUp(opts.seed, log, opts.files ?? 200);
  const removed = new Set<string>();
  try {
    for (let round = 0; round < opts.rounds; round++) {
      if (round > 0) for (const p of await mutate(st, f)) removed.add(p);
      const add = await copper(['add', st.corpus], st.env);
      if (add.code !== 0 && add.code !== 1) throw new Error(`chaos: add failed: ${add.stderr}`);
      const last = round === opts.rounds - 1 || Date.now() > deadline;
      await faultyRun(st, f, planRound(st, f, last));
      log(
        `round ${round + 1}/${opts.rounds}: kills ${f.kills}, core kills ${f.coreKills}, rgw restarts ${f.restarts}, faults ${f.faults}, outages ${f.outages}`,
      );
      if (Date.now() > deadline) {
        f.rounds = round + 1;
        break;
      }
    }
    await copper(['add', st.corpus], st.env);
    // The corpus has zero-byte files, which `add` holds back (an empty file must not replace
    // artwork by accident): uploaded here as the person would, with --include-damaged.
    for (let i = 0; i < 3; i++) {
      const last = await copper(['upload', '--wait', '--include-damaged', '--json'], st.env);
      // Exit 1 naming only files removed on purpose (file-vanished) is the documented end.
      const failures = last.stderr.split('\n').filter((l) => /^(failed|not uploaded):/.test(l));
      if (last.code === 0 || (last.code === 1 && failures.every((l) => l.includes('[file-vanished]')))) break;
      log(`final run ${i + 1} exited ${last.code}: ${last.stderr.slice(-300)}`);
    }
    for (const p of removed) if (await stat(p).catch(() => undefined)) removed.delete(p);
    await verify(st, f, removed);
  } finally {
    st.s3.destroy();
    await st.db.end();
    await st.api.dispose();
    await st.proxy.close();
    await st.rgw?.stop();
    await rm(st.dir, { recursive: true, force: true });
  }
  return f;
}
