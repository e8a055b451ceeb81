import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminS3, freshBucket, testServices } from '../support/services';
import { StaticCredentialProvider } from '../../core/credentials/provider';
import { HistoryService, historyHandlers } from '../../core/history';
import { dispatch, type Handlers } from '../../core/ipc/dispatch';
import type { InvokeResult } from '../../shared/ipc/contract';
import { put } from './bucket-support';

// The history.* calls through the same validating dispatcher every transport uses, against
// the real RGW with the admin keys (what the staff's scoped credential may do is covered by
// history-session.test.ts and the API's own tests).

describe('history handlers', () => {
  let s3: S3Client;
  let bucket: string;
  let downloads: string;
  let service: HistoryService;
  let handlers: Handlers;
  const unexpected: unknown[] = [];
  const call = (name: string, payload: unknown): Promise<InvokeResult> =>
    dispatch(handlers, name, payload, (_n, err) => {
      unexpected.push(err);
    });
  async function ok<T>(name: string, payload: unknown): Promise<T> {
    const r = await call(name, payload);
    if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  }
  async function refused(name: string, payload: unknown): Promise<string> {
    const r = await call(name, payload);
    if (r.ok) throw new Error(`${name} should have been refused`);
    return r.error.code;
  }

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('history-h');
    downloads = mkdtempSync(join(tmpdir(), 'copper-history-dl-'));
    const { s3: cfg } = testServices();
    const target = { bucket, region: cfg.region, endpoint: cfg.endpoint, prefix: '', role: 'staff' as const };
    const credentials = new StaticCredentialProvider(
      { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
      target,
    );
    service = new HistoryService({ credentials, downloadsDir: downloads });
    // Every call reaches the core through the contract's schemas, as from the renderer.
    handlers = historyHandlers({ history: service }) as unknown as Handlers;
  });
  afterAll(() => {
    service.dispose();
    s3.destroy();
    rmSync(downloads, { recursive: true, force: true });
    expect(unexpected).toEqual([]);
  });

  it('lists one folder level at a time: artists/ → artists/<id>/ → folders → keys', async () => {
    await put(s3, bucket, 'artists/ada/2024/sunrise.png', 'a');
    await put(s3, bucket, 'artists/ada/cover.png', 'b');
    await put(s3, bucket, 'artists/bo/one.png', 'c');

    const root = await ok<{ folders: string[]; artworks: unknown[] }>('history.list', {});
    expect(root.folders).toEqual(['artists/']);
    expect(root.artworks).toEqual([]);
    const artists = await ok<{ folders: string[] }>('history.list', { prefix: 'artists/' });
    expect(artists.folders).toEqual(['artists/ada/', 'artists/bo/']);
    const ada = await ok<{ folders: string[]; artworks: Array<{ key: string; size: number }> }>(
      'history.list',
      { prefix: 'artists/ada/' },
    );
    expect(ada.folders).toEqual(['artists/ada/2024/']);
    expect(ada.artworks.map((a) => [a.key, a.size])).toEqual([['artists/ada/cover.png', 1]]);
  });

  it("shows a key's versions newest first and restores an older one as a new current version", async () => {
    const key = 'artists/ada/portrait é.png';
    const v1 = await put(s3, bucket, key, 'first draft', { 'uploaded-by': 'ada@example.com' });
    const v2 = await put(s3, bucket, key, 'second draft!', { 'uploaded-by': 'ada@example.com' });

    const before = await ok<
      Array<{ versionId: string; isLatest: boolean; size: number; uploadedBy?: string }>
    >('history.versions', { key });
    expect(before.map((v) => [v.versionId, v.isLatest, v.size, v.uploadedBy])).toEqual([
      [v2, true, 13, 'ada@example.com'],
      [v1, false, 11, 'ada@example.com'],
    ]);

    const restored = await ok<{ key: string; restoredFrom: string; versionId: string }>('history.restore', {
      key,
      versionId: v1,
    });
    expect(restored.restoredFrom).toBe(v1);
    const after = await ok<Array<{ versionId: string; isLatest: boolean; restoredFrom?: string }>>(
      'history.versions',
      { key },
    );
    expect(after.map((v) => v.versionId)).toEqual([restored.versionId, v2, v1]);
    expect(after[0]).toMatchObject({ isLatest: true, restoredFrom: v1 });
    const current = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await current.Body!.transformToString()).toBe('first draft');
  });

  it('lists deleted keys and undoes a delete, keeping the marker in the history', async () => {
    const key = 'artists/bo/gone.png';
    const v1 = await put(s3, bucket, key, 'still here');
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));

    const deleted = await ok<Array<{ key: string; lastVersion?: { versionId: string } }>>('history.deleted', {
      prefix: 'artists/bo/',
    });
    expect(deleted.map((d) => [d.key, d.lastVersion?.versionId])).toEqual([[key, v1]]);
    const versions = await ok<Array<{ isDeleteMarker: boolean }>>('history.versions', { key });
    expect(versions.map((v) => v.isDeleteMarker)).toEqual([true, false]);

    const undone = await ok<{ restoredFrom: string }>('history.undelete', { key });
    expect(undone.restoredFrom).toBe(v1);
    expect(await ok<unknown[]>('history.deleted', { prefix: 'artists/bo/' })).toEqual([]);
    const history = await ok<Array<{ isDeleteMarker: boolean; isLatest: boolean }>>('history.versions', {
      key,
    });
    expect(history.map((v) => [v.isDeleteMarker, v.isLatest])).toEqual([
      [false, true],
      [true, false],
      [false, false],
    ]);
    expect(await refused('history.undelete', { key })).toBe('not-deleted');
  });

  it('share links serve exactly the version asked for; bucket-URL thumbnails are gone', async () => {
    const key = 'artists/bo/share.png';
    const v1 = await put(s3, bucket, key, 'old pixels');
    await put(s3, bucket, key, 'new pixels');

    const link = await ok<{ url: string; expiresAt: string; versionId?: string }>('history.link', {
      key,
      versionId: v1,
      expiresInSeconds: 7 * 24 * 3600,
    });
    expect(link.versionId).toBe(v1);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    const shared = await fetch(link.url);
    expect(await shared.text()).toBe('old pixels');
    // Opened from a link, the file keeps its own name.
    expect(shared.headers.get('content-disposition')).toContain('share.png');

    const latest = await ok<{ url: string }>('history.link', { key, expiresInSeconds: 3600 });
    expect(await (await fetch(latest.url)).text()).toBe('new pixels');

    // Previews are not bucket URLs any more: a version's preview is made by the core.
    expect(await refused('history.thumbnail', { key, versionId: v1 })).toBe('ipc.unknown-call');
  });

  it('downloads into the Downloads folder under a new name, never overwriting', async () => {
    const key = 'artists/ada/download me.png';
    const v1 = await put(s3, bucket, key, 'version one bytes');
    const v2 = await put(s3, bucket, key, 'version two');
    writeFileSync(join(downloads, 'download me.png'), 'a file the person already had');

    const first = await ok<{ path: string; bytes: number; versionId?: string }>('history.download', {
      key,
      versionId: v1,
    });
    expect(first.path).toBe(join(downloads, 'download me (1).png'));
    expect(first).toMatchObject({ bytes: 17, versionId: v1 });
    expect(readFileSync(first.path, 'utf8')).toBe('version one bytes');
    const [a, b] = await Promise.all([
      ok<{ path: string }>('history.download', { key, versionId: v2 }),
      ok<{ path: string }>('history.download', { key, versionId: v2 }),
    ]);
    expect(new Set([a.path, b.path])).toEqual(
      new Set([join(downloads, 'download me (2).png'), join(downloads, 'download me (3).png')]),
    );
    expect(readFileSync(a.path, 'utf8')).toBe('version two');
    expect(readFileSync(join(downloads, 'download me.png'), 'utf8')).toBe('a file the person already had');

    // A version that does not exist leaves no placeholder behind.
    const code = await refused('history.download', { key, versionId: 'no-such-version-0000' });
    expect(code).not.toBe('ipc.invalid-payload');
    expect(readdirSync(downloads).sort()).toEqual([
      'download me (1).png',
      'download me (2).png',
      'download me (3).png',
      'download me.png',
    ]);
  });

  it('refuses malformed keys, version ids, prefixes and link lifetimes before they reach S3', async () => {
    expect(await refused('history.versions', { key: '' })).toBe('ipc.invalid-payload');
    expect(await refused('history.versions', { key: 'artists/a\nb.png' })).toBe('ipc.invalid-payload');
    expect(await refused('history.versions', { key: `artists/${'é'.repeat(510)}` })).toBe(
      'ipc.invalid-payload',
    );
    expect(await refused('history.list', { prefix: 'artists/\u0000' })).toBe('ipc.invalid-payload');
    expect(await refused('history.list', { prefix: 'artists/', extra: 1 })).toBe('ipc.invalid-payload');
    expect(await refused('history.restore', { key: 'artists/a.png', versionId: 'has space' })).toBe(
      'ipc.invalid-payload',
    );
    expect(await refused('history.restore', { key: 'artists/a.png' })).toBe('ipc.invalid-payload');
    expect(await refused('history.link', { key: 'artists/a.png', expiresInSeconds: 59 })).toBe(
      'ipc.invalid-payload',
    );
    expect(await refused('history.link', { key: 'artists/a.png', expiresInSeconds: 7 * 24 * 3600 + 1 })).toBe(
      'ipc.invalid-payload',
    );
    expect(await refused('history.link', { key: 'artists/a.png', expiresInSeconds: 90.5 })).toBe(
      'ipc.invalid-payload',
    );
    // 1024 bytes exactly is a valid key (S3's limit); it simply has no history.
    expect(await ok('history.versions', { key: `a/${'x'.repeat(1022)}` })).toEqual([]);
  });
});
