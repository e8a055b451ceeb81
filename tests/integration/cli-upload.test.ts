import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { adminS3, freshBucket } from '../support/services';
import { copper, directEnv, json } from './cli-support';

describe('copper CLI: add, upload, status in direct mode', () => {
  let s3: S3Client;
  let bucket: string;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('cli-up');
    dir = await mkdtemp(join(tmpdir(), 'copper-cli-up-'));
    env = directEnv(bucket, join(dir, 'profile'), 'artists/alice/');
  });
  afterAll(async () => {
    s3.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  async function objectBytes(key: string, versionId?: string): Promise<Buffer> {
    const out = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
    );
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  it('queues a folder, uploads it byte-identical under COPPER_PREFIX, and reports every entry', async () => {
    const show = join(dir, 'Spring Show');
    await mkdir(join(show, 'sub'), { recursive: true });
    const files: Record<string, Buffer> = {
      'a.jpg': randomBytes(300 * 1024),
      'sub/b.png': randomBytes(2048),
      'Café ünïcode.jpg': randomBytes(1000),
      'empty.tif': Buffer.alloc(0),
    };
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(show, name), bytes);
    await writeFile(join(show, '.DS_Store'), 'finder junk');

    const add = await copper(['add', show, '--json'], env);
    expect(add.code).toBe(0);
    const added = json(add);
    const expectedKeys = Object.keys(files)
      .map((n) => `artists/alice/Spring Show/${n}`)
      .sort();
    expect(added.added.map((e: { key: string }) => e.key).sort()).toEqual(expectedKeys);
    expect(added.skipped).toEqual([
      expect.objectContaining({ path: join(show, '.DS_Store'), reason: 'hidden' }),
    ]);
    expect(add.stderr).toContain('.DS_Store');

    const queued = await copper(['status', '--json'], env);
    expect(queued.code).toBe(0);
    // The empty file is held back, naming it, until --include-damaged asks for it.
    expect(add.stderr).toMatch(/held back: .*empty\.tif.*is empty \(0 bytes\)/);
    expect(
      json(queued)
        .entries.map((e: { path: string; state: string }) => `${basename(e.path)} ${e.state}`)
        .sort(),
    ).toEqual(['Café ünïcode.jpg queued', 'a.jpg queued', 'b.png queued', 'empty.tif failed']);

    const upload = await copper(['upload', '--wait', '--include-damaged', '--json'], env);
    expect(upload.stderr).toBe('uploading 1 held-back file anyway\n');
    expect(upload.code).toBe(0);
    const result = json(upload);
    expect(result.counts).toMatchObject({ done: 4, failed: 0 });
    for (const e of result.entries) {
      expect(e).toMatchObject({ state: 'done', versionId: expect.any(String) });
      const name = e.key.slice('artists/alice/Spring Show/'.length);
      expect((await objectBytes(e.key, e.versionId)).equals(files[name]!)).toBe(true);
      expect(e.bytes).toBe(files[name]!.length);
    }

    const status = await copper(['status'], env);
    expect(status.code).toBe(0);
    for (const k of expectedKeys) expect(status.stdout).toContain(k);
    expect(status.stdout).toContain('4 done');
  });

  it('names a file that failed on stderr with its reason and exits 1; the others still upload', async () => {
    const batch = join(dir, 'batch');
    await mkdir(batch);
    const good = randomBytes(5000);
    await writeFile(join(batch, 'good.jpg'), good);
    await writeFile(join(batch, 'vanishes.jpg'), randomBytes(5000));
    expect((await copper(['add', batch], env)).code).toBe(0);
    await rm(join(batch, 'vanishes.jpg'));

    const upload = await copper(['upload', '--json'], env);
    expect(upload.code).toBe(1);
    expect(upload.stderr).toContain(join(batch, 'vanishes.jpg'));
    expect(upload.stderr).toMatch(/failed: .*vanishes\.jpg.*\[[a-z-]+/);
    expect(upload.stderr).not.toContain('good.jpg');
    const doc = json(upload);
    const failed = doc.entries.find((e: { path: string }) => e.path.endsWith('vanishes.jpg'));
    expect(failed).toMatchObject({
      state: 'failed',
      error: { code: expect.any(String), message: expect.stringContaining('vanishes.jpg') },
    });
    const ok = doc.entries.find((e: { path: string }) => e.path.endsWith('good.jpg'));
    expect(ok.state).toBe('done');
    expect((await objectBytes('artists/alice/batch/good.jpg')).equals(good)).toBe(true);

    // status shows the failure too (exit 0: status only reports).
    const status = await copper(['status', '--json'], env);
    expect(status.code).toBe(0);
    expect(json(status).counts.failed).toBe(1);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  });

  it('upload PATH... --wait queues and uploads in one run; a path that cannot be queued is named, exit 1, the rest still go', async () => {
    const folder = join(dir, 'One Go');
    await mkdir(folder, { recursive: true });
    const bytes = randomBytes(70 * 1024);
    await writeFile(join(folder, 'print.jpg'), bytes);
    const missing = join(dir, 'not here.jpg');
    // A profile of its own: the other tests leave failed entries in theirs.
    const own = directEnv(bucket, join(dir, 'profile-one-go'), 'artists/alice/');
    const run = await copper(['upload', folder, missing, '--wait', '--json'], own);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(missing);
    const doc = json(run);
    expect(doc.entries).toContainEqual(
      expect.objectContaining({ key: 'artists/alice/One Go/print.jpg', state: 'done' }),
    );
    expect(doc.skipped).toEqual([expect.objectContaining({ path: missing })]);
    expect((await objectBytes('artists/alice/One Go/print.jpg')).equals(bytes)).toBe(true);

    // The same folder again: queued anew, nothing sent (unchanged), exit 0.
    const again = await copper(['upload', folder, '--wait', '--json'], own);
    expect(again.code).toBe(0);
    const mine = json(again).entries.filter((e: { path: string }) => e.path.startsWith(folder));
    expect(mine.at(-1)).toEqual(expect.objectContaining({ state: 'done', reason: 'unchanged' }));
  });

  it('upload PATH --wait names a file it holds back once, with the way to send it anyway', async () => {
    const folder = join(dir, 'Held Once');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'empty.tif'), Buffer.alloc(0));
    const run = await copper(['upload', folder, '--wait'], directEnv(bucket, join(dir, 'profile-held-once')));
    expect(run.code).toBe(1);
    const mentions = run.stderr.split('\n').filter((l) => l.includes(join(folder, 'empty.tif')));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toContain('--include-damaged');
  });

  it('add exits 1 naming a path that does not exist', async () => {
    const missing = join(dir, 'no such folder');
    const add = await copper(['add', missing], env);
    expect(add.code).toBe(1);
    expect(add.stderr).toContain(missing);
  });

  it('a bucket that does not exist fails each file with the reason, exit 1', async () => {
    const file = join(dir, 'lonely.jpg');
    await writeFile(file, randomBytes(100));
    const other = { ...directEnv(`missing-${randomBytes(4).toString('hex')}`, join(dir, 'profile-2')) };
    expect((await copper(['add', file], other)).code).toBe(0);
    const upload = await copper(['upload', '--wait'], other);
    expect(upload.code).toBe(1);
    expect(upload.stderr).toContain(file);
    expect(upload.stderr).toMatch(/NoSuchBucket|does not exist|bucket/i);
    expect(await readFile(file)).toHaveLength(100);
  });

  it('without --wait, a run that loses the network stops with the files kept; the next run finishes them', async () => {
    // A port nothing listens on: S3 "goes away".
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const profile = join(dir, 'profile-offline');
    const online = directEnv(bucket, profile, 'offline/');
    const offline = { ...online, AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}` };
    const file = join(dir, 'patient.jpg');
    const bytes = randomBytes(4000);
    await writeFile(file, bytes);
    expect((await copper(['add', file], offline)).code).toBe(0);

    const stopped = await copper(['upload', '--json'], offline);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain(`not uploaded: ${file}: waiting for the network`);
    expect(json(stopped).entries).toEqual([
      expect.objectContaining({ path: file, state: 'waiting-for-network' }),
    ]);

    const finished = await copper(['upload', '--wait', '--json'], online);
    expect(finished.code).toBe(0);
    expect(json(finished).entries).toEqual([
      expect.objectContaining({ key: 'offline/patient.jpg', state: 'done' }),
    ]);
    expect((await objectBytes('offline/patient.jpg')).equals(bytes)).toBe(true);
  });
});
