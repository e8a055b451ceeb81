import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import pg from 'pg';
import { startTestApi, type TestApi } from '../integration/identity-api';
import { copper, startCopper } from '../integration/cli-support';
import { FaultProxy } from '../support/fault-proxy';
import { adminS3, freshBucket, testServices } from '../support/services';

const KiB = 1024;
const MiB = 1024 * KiB;
const PASSWORD = 'a long enough chaos password';

/** What one chaos run did and found. Loss, doubling and leftovers must all be zero. */
export interface ChaosFigures {
  seed: number;
  rounds: number;
  kills: number;
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

/** A small seeded PRNG (mulberry32): the same seed gives the same schedule. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sizes across the engine's single-PUT/multipart boundary (16 MiB by default), zero-byte included. */
function pickSize(r: () => number): number {
  const x = r();
  if (x < 0.05) return 0;
  if (x < 0.7) return Math.floor(r() * 256 * KiB) + 1;
  if (x < 0.9) return Math.floor(r() * 4 * MiB) + 256 * KiB;
  return 16 * MiB + Math.floor((r() - 0.5) * 2 * MiB); // either side of the multipart threshold
}

const oddNames = [
  'Café',
  'Cafe\u0301 nfd',
  'ñandú',
  '日本語',
  'emoji 🎨',
  'space  two',
  'ümlaut',
  'a+b=c',
  '#hash',
];

async function writeRandom(path: string, size: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, size === 0 ? Buffer.alloc(0) : randomBytes(size));
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  }
  return out.sort();
}

async function sha256Of(stream: Readable | Buffer): Promise<string> {
  const h = createHash('sha256');
  if (Buffer.isBuffer(stream)) return h.update(stream).digest('hex');
  for await (const c of stream) h.update(c as Buffer);
  return h.digest('hex');
}

/** Everything a run needs around it: the API (short credentials), a fault proxy, the artist's profile. */
interface Stage {
  api: TestApi;
  bucket: string;
  artist: string;
  email: string;
  db: pg.Pool;
  proxy: FaultProxy;
  s3: S3Client;
  dir: string;
  corpus: string;
  env: Record<string, string>;
  rand: () => number;
  log: (line: string) => void;
}

async function setUp(seed: number, log: (line: string) => void, files: number): Promise<Stage> {
  const services = testServices();
  const proxy = await FaultProxy.start(services.s3.endpoint);
  const bucket = await freshBucket('chaos');
  // The API hands out credentials that expire every 20 s (RGW's minimum STS session is 15 s),
  // and the endpoint it gives the desktop (and asks STS at) is the fault proxy's.
  const api = await startTestApi({
    services: { ...services, s3: { ...services.s3, endpoint: proxy.url } },
    bucket,
    logs: [],
    credentialTtlSeconds: 20,
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
  return { api, bucket, artist, email, db, proxy, s3: adminS3(), dir, corpus, env, rand, log };
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

/** One `copper upload --wait`, with faults at moments the PRNG picks; resolves when it ended. */
async function faultyRun(st: Stage, f: ChaosFigures): Promise<void> {
  const run = startCopper(['upload', '--wait', '--json'], st.env);
  const timers: NodeJS.Timeout[] = [];
  const at = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms));
  if (st.rand() < 0.7) {
    at(300 + st.rand() * 5000, () => {
      f.kills++;
      run.child.kill('SIGKILL');
    });
  }
  if (st.rand() < 0.5) {
    const kind = (['reset', 'stall', '503'] as const)[Math.floor(st.rand() * 3)]!;
    at(st.rand() * 2000, () => {
      f.faults++;
      st.proxy.inject({
        kind,
        count: 1 + Math.floor(st.rand() * 3),
        afterBodyBytes: Math.floor(st.rand() * 64 * KiB),
      });
    });
  }
  if (st.rand() < 0.2) {
    at(st.rand() * 3000, () => {
      f.outages++;
      st.proxy.setDown(true);
      setTimeout(() => st.proxy.setDown(false), 1500 + st.rand() * 2000);
    });
  }
  if (st.rand() < 0.3) {
    at(st.rand() * 2000, () => {
      void listFiles(st.corpus).then((files) => {
        const target = files[Math.floor(st.rand() * files.length)];
        if (!target) return;
        f.rewrites++;
        return writeRandom(target, pickSize(st.rand));
      });
    });
  }
  await run.done;
  for (const t of timers) clearTimeout(t);
  st.proxy.setDown(false);
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
      await faultyRun(st, f);
      log(`round ${round + 1}/${opts.rounds}: kills ${f.kills}, faults ${f.faults}, outages ${f.outages}`);
      if (Date.now() > deadline) {
        f.rounds = round + 1;
        break;
      }
    }
    await copper(['add', st.corpus], st.env);
    for (let i = 0; i < 3; i++) {
      const last = await copper(['upload', '--wait', '--json'], st.env);
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
    await rm(st.dir, { recursive: true, force: true });
  }
  return f;
}
