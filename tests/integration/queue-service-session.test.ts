import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../core/app-context';
import type { QueueSnapshot, QueueStatus } from '../../shared/models/queue';
import type { AddResult } from '../../shared/models/queue';
import { call, testAppContext } from '../support/app-calls';
import { freshBucket, testServices } from '../support/services';
import { makeFile, sha256File, sha256Object } from '../support/upload-helpers';
import { startTestApi, type TestApi } from './identity-api';

// The queue composed with the real session: the Copper API (PostgreSQL + RGW STS), the
// keychain from scripts/with-services.sh, credentials scoped to artists/<id>/ by S3 itself.

const run = randomBytes(4).toString('hex');
const artist = {
  email: `mira-${run}@example.com`,
  password: 'a long enough password',
  role: 'artist',
  artistId: `mira-${run}`,
  displayName: 'Mira Sato',
} as const;

function nextStatus(ctx: AppContext, test: (s: QueueStatus) => boolean): Promise<QueueStatus> {
  return new Promise((resolve) => {
    const off = ctx.hub.subscribe((name, payload) => {
      if (name === 'queue.status' && test(payload as QueueStatus)) {
        off();
        resolve(payload as QueueStatus);
      }
    });
  });
}

describe('the queue follows the signed-in session', () => {
  let api: TestApi;
  let bucket: string;
  let dir: string;
  let ctx: AppContext;

  beforeAll(async () => {
    bucket = await freshBucket('queue-session');
    api = await startTestApi({ services: testServices(), bucket, logs: [] });
    await api.createUser(artist);
    dir = await mkdtemp(join(tmpdir(), 'copper-queue-session-'));
    ctx = testAppContext(join(dir, 'profile'), { keychainService: `Copper-queue-${run}` });
    await ctx.ready;
  });
  afterAll(async () => {
    await ctx?.session.signOut().catch(() => {});
    await ctx?.dispose();
    await api?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads under the artist’s own prefix with the session’s scoped credential, and keeps work while signed out', async () => {
    const first = await makeFile(dir, 'Studio/first.jpg', 300_000);
    // Never signed in on this computer: nowhere to put files yet, and it says so.
    expect((await call<QueueSnapshot>(ctx, 'queue.list', {})).status.account).toBe('signed-out');
    await expect(call(ctx, 'queue.add', { paths: [first] })).rejects.toMatchObject({
      code: 'auth.signed-out',
    });

    const ready = nextStatus(ctx, (s) => s.account === 'ready');
    await call(ctx, 'account.sign-in', { apiUrl: api.url, email: artist.email, password: artist.password });
    await ready;
    const added = await call<AddResult>(ctx, 'queue.add', { paths: [join(dir, 'Studio')] });
    expect(added.added.map((e) => e.key)).toEqual([`artists/${artist.artistId}/Studio/first.jpg`]);
    await ctx.queue.waitForIdle();
    expect((await call<QueueSnapshot>(ctx, 'queue.list', {})).entries.map((e) => e.state)).toEqual(['done']);
    expect(await sha256Object(bucket, `artists/${artist.artistId}/Studio/first.jpg`)).toBe(
      await sha256File(first),
    );

    // Signed out: new files are still recorded (under the remembered target) and wait.
    const parked = nextStatus(ctx, (s) => s.account === 'signed-out');
    await call(ctx, 'account.sign-out', {});
    await parked;
    const second = await makeFile(dir, 'Studio/second.jpg', 200_000);
    const later = await call<AddResult>(ctx, 'queue.add', { paths: [second] });
    expect(later.added.map((e) => [e.key, e.state])).toEqual([
      [`artists/${artist.artistId}/second.jpg`, 'queued'],
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect((await call<QueueSnapshot>(ctx, 'queue.list', {})).entries.map((e) => e.state)).toEqual([
      'done',
      'queued',
    ]);

    // Signing in again starts them by itself.
    const back = nextStatus(ctx, (s) => s.account === 'ready');
    await call(ctx, 'account.sign-in', { apiUrl: api.url, email: artist.email, password: artist.password });
    await back;
    await ctx.queue.waitForIdle();
    expect((await call<QueueSnapshot>(ctx, 'queue.list', {})).entries.map((e) => e.state)).toEqual([
      'done',
      'done',
    ]);
    expect(await sha256Object(bucket, `artists/${artist.artistId}/second.jpg`)).toBe(
      await sha256File(second),
    );
  });
});
