import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../core/app-context';
import { TargetMemory } from '../../core/queue/target-memory';
import { events } from '../../shared/ipc/contract';
import type { QueueEntry } from '../../shared/models/queue';
import { call, testAppContext, until, type Seen } from '../support/app-calls';
import { freshBucket, testServices } from '../support/services';
import { adminProvider } from '../support/upload-helpers';
import { makeFile, multipartUploads, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';

const MiB = 1024 * 1024;
const PREFIX = 'artists/ada/';

function latest(seen: Seen[], id: number): QueueEntry | undefined {
  for (let i = seen.length - 1; i >= 0; i--) {
    const s = seen[i]!;
    if (s.name === 'queue.entry' && (s.payload as QueueEntry).id === id) return s.payload as QueueEntry;
  }
  return undefined;
}

/** Some progress event in `seen` showed bytes of `id` on the wire. */
function sending(seen: Seen[], id: number): boolean {
  return seen.some(
    (s) =>
      s.name === 'queue.progress' &&
      (s.payload as { files: { id: number; bytes: number }[] }).files.some((f) => f.id === id && f.bytes > 0),
  );
}

describe('queue.* through the app context (real RGW, static admin keys)', () => {
  let dir: string;
  let bucket: string;
  let ctx: AppContext;
  let seen: Seen[];
  let unsubscribe: () => void;
  const untilSeen = (test: (s: Seen[]) => boolean, what: string) => until(() => test(seen), what);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-queue-svc-'));
    bucket = await freshBucket('queue-svc');
    ctx = testAppContext(join(dir, 'profile'), { s3Credentials: adminProvider(bucket, { prefix: PREFIX }) });
    seen = [];
    unsubscribe = ctx.hub.subscribe((name, payload) => {
      // Every event the renderer would receive must satisfy the contract's schema.
      events[name].payload.parse(payload);
      if (name.startsWith('queue.')) seen.push({ name, payload });
    });
  });
  afterEach(async () => {
    unsubscribe();
    await ctx.dispose();
    expect(ctx.hub.size).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });

  it('adds a folder, reports what it skipped, streams events and lands every file byte-identical', async () => {
    const root = join(dir, 'Spring Show');
    const files = [
      await makeFile(root, 'one.jpg', 200_000),
      await makeFile(root, 'sub/two.tif', 6 * MiB), // multipart with 5 MiB test parts
      await makeFile(root, 'sub/deeper/three.png', 1),
    ];
    await writeFile(join(root, '.DS_Store'), 'finder');

    const added = (await call(ctx, 'queue.add', { paths: [root] })) as {
      added: QueueEntry[];
      skipped: { path: string; reason: string }[];
    };
    expect(added.added.map((e) => e.key).sort()).toEqual([
      `${PREFIX}Spring Show/one.jpg`,
      `${PREFIX}Spring Show/sub/deeper/three.png`,
      `${PREFIX}Spring Show/sub/two.tif`,
    ]);
    expect(added.skipped).toEqual([
      expect.objectContaining({ path: join(root, '.DS_Store'), reason: 'hidden' }),
    ]);

    await ctx.queue.waitForIdle();
    await untilSeen((s) => added.added.every((e) => latest(s, e.id)?.state === 'done'), 'every entry done');
    // Per-entry state changes and progress arrived as events.
    for (const e of added.added) {
      const states = seen
        .filter((s) => s.name === 'queue.entry' && (s.payload as QueueEntry).id === e.id)
        .map((s) => (s.payload as QueueEntry).state);
      expect(states[0]).toBe('queued');
      expect(states).toContain('uploading');
      expect(states.at(-1)).toBe('done');
    }
    const progress = seen.filter((s) => s.name === 'queue.progress');
    expect(progress.length).toBeGreaterThan(0);

    const snapshot = (await call(ctx, 'queue.list', {})) as {
      entries: QueueEntry[];
      totals: { entries: number; active: number; byState: Record<string, number> };
      status: { online: boolean; account: string };
    };
    expect(snapshot.totals).toMatchObject({ entries: 3, active: 0, byState: { done: 3 } });
    expect(snapshot.status).toMatchObject({ online: true, account: 'ready' });
    for (const f of files) {
      const key = `${PREFIX}Spring Show/${f.slice(root.length + 1)}`;
      expect(await sha256Object(bucket, key)).toBe(await sha256File(f));
      expect(await versionsOf(bucket, key)).toHaveLength(1);
    }

    // Adding the same unchanged folder again: recognised, nothing re-sent.
    const again = (await call(ctx, 'queue.clear-done', {})) as { entries: number };
    expect(again.entries).toBe(0);
    expect(seen.filter((s) => s.name === 'queue.removed')).toHaveLength(3);
    const firstRun = seen.length;
    await call(ctx, 'queue.add', { paths: [root] });
    await ctx.queue.waitForIdle();
    // The UI is told which entries are re-checks (same size as their key's last upload): not bytes to send.
    const entryEvents = (from: number, to: number) =>
      seen.slice(from, to).flatMap((s) => (s.name === 'queue.entry' ? [s.payload as QueueEntry] : []));
    const pending = (list: QueueEntry[]) =>
      list.filter((e) => e.state === 'queued' || e.state === 'uploading');
    expect(pending(entryEvents(0, firstRun)).some((e) => e.recheck)).toBe(false);
    const rechecks = pending(entryEvents(firstRun, seen.length));
    expect(rechecks.length).toBeGreaterThanOrEqual(3);
    expect(rechecks.every((e) => e.recheck === true)).toBe(true);
    expect(entryEvents(firstRun, seen.length).filter((e) => e.state === 'done' && e.recheck)).toEqual([]);
    const second = ((await call(ctx, 'queue.list', {})) as { entries: QueueEntry[] }).entries;
    expect(second.map((e) => (e.state === 'done' ? e.reason : e.state))).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(await versionsOf(bucket, `${PREFIX}Spring Show/sub/two.tif`)).toHaveLength(1);
  });

  it('pauses, resumes and cancels through the handlers; cancel leaves no multipart upload behind', async () => {
    const slow = await makeFile(dir, 'slow.tif', 15 * MiB);
    const doomed = await makeFile(dir, 'doomed.tif', 15 * MiB);
    // Slow enough that pause and cancel land mid-upload (5 MiB parts, one part per second).
    await call(ctx, 'queue.set-bandwidth', { bytesPerSecond: 5 * MiB });
    const { added } = (await call(ctx, 'queue.add', { paths: [slow, doomed] })) as { added: QueueEntry[] };
    const [a, b] = added as [QueueEntry, QueueEntry];
    // Bytes moving means each multipart upload exists on S3 and its id is recorded. (Pausing while
    // CreateMultipartUpload is still in flight can leave an upload only the next start-up sweep
    // finds: that is the engine's business, and not what this test is about.)
    await untilSeen((s) => sending(s, a.id) && sending(s, b.id), 'both sending bytes');

    const paused = (await call(ctx, 'queue.pause', {})) as { byState: Record<string, number> };
    expect(paused.byState.paused).toBe(2);
    expect(latest(seen, a.id)?.state).toBe('paused');

    await call(ctx, 'queue.resume', { id: b.id });
    const mark = seen.length;
    await untilSeen(
      (s) => latest(s, b.id)?.state === 'uploading' && sending(s.slice(mark), b.id),
      'b sending again',
    );
    await call(ctx, 'queue.cancel', { id: b.id });
    await untilSeen(
      (s) => s.some((x) => x.name === 'queue.removed' && (x.payload as { id: number }).id === b.id),
      'b removed',
    );
    // The paused file keeps its multipart upload (resume continues from it); the cancelled one's is aborted.
    expect((await multipartUploads(bucket)).map((u) => u.key)).not.toContain(`${PREFIX}doomed.tif`);

    await call(ctx, 'queue.set-bandwidth', { bytesPerSecond: null });
    await call(ctx, 'queue.resume', {});
    await ctx.queue.waitForIdle();
    expect(latest(seen, a.id)?.state).toBe('done');
    expect(await sha256Object(bucket, `${PREFIX}slow.tif`)).toBe(await sha256File(slow));
    expect(await versionsOf(bucket, `${PREFIX}doomed.tif`)).toEqual([]);
    expect(await multipartUploads(bucket)).toEqual([]);

    await expect(call(ctx, 'queue.cancel', { id: b.id })).rejects.toMatchObject({ code: 'queue.not-found' });
  });

  it('refuses malformed payloads before they reach the queue', async () => {
    const bad: Array<[string, unknown]> = [
      ['queue.add', { paths: ['relative/folder'] }],
      ['queue.add', { paths: ['./art'] }],
      ['queue.add', { paths: [] }],
      ['queue.add', { paths: [`/${'a'.repeat(5000)}`] }],
      ['queue.add', { paths: ['/tmp/a\u0000b'] }],
      ['queue.add', { paths: '/tmp' }],
      ['queue.add', { paths: ['/tmp'], prefix: 'artists/someone-else/' }],
      ['queue.cancel', {}],
      ['queue.cancel', { id: 1.5 }],
      ['queue.pause', { id: -1 }],
      ['queue.set-bandwidth', { bytesPerSecond: -5 }],
    ];
    for (const [name, payload] of bad) {
      await expect(
        call(ctx, name, payload),
        `${name} ${JSON.stringify(payload).slice(0, 60)}`,
      ).rejects.toMatchObject({ code: 'ipc.invalid-payload' });
    }
    expect(seen.filter((s) => s.name === 'queue.entry')).toEqual([]);
  });
});

describe('queue.* while nobody is signed in', () => {
  let dir: string;
  let ctx: AppContext | undefined;
  afterEach(async () => {
    await ctx?.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-queue-parked-'));
  });

  function make(): AppContext {
    ctx = testAppContext(join(dir, 'profile'));
    return ctx;
  }

  it('asks for a first sign-in when it does not know where uploads go', async () => {
    const c = make();
    await c.ready;
    const file = await makeFile(dir, 'art/a.jpg', 10);
    await expect(call(c, 'queue.add', { paths: [file] })).rejects.toMatchObject({
      code: 'auth.signed-out',
      retryable: false,
    });
    expect(await call(c, 'queue.list', {})).toMatchObject({ entries: [], status: { account: 'signed-out' } });
  });

  it('records entries under the last signed-in target and keeps them waiting', async () => {
    const { s3 } = testServices();
    new TargetMemory(join(dir, 'profile')).save(
      { apiUrl: 'https://api.example.com', email: 'ada@example.com' },
      { bucket: 'gallery', region: s3.region, endpoint: s3.endpoint, prefix: PREFIX },
    );
    const c = make();
    await c.ready;
    const file = await makeFile(dir, 'art/a.jpg', 10);
    const { added } = (await call(c, 'queue.add', { paths: [file] })) as { added: QueueEntry[] };
    expect(added.map((e) => [e.key, e.bucket, e.state])).toEqual([[`${PREFIX}a.jpg`, 'gallery', 'queued']]);
    await new Promise((r) => setTimeout(r, 300));
    // Not started: nothing tried to upload, so nothing failed.
    expect(
      ((await call(c, 'queue.list', {})) as { entries: QueueEntry[] }).entries.map((e) => e.state),
    ).toEqual(['queued']);
  });
});
