import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../core/app-context';
import type { AddResult, QueueSnapshot } from '../../shared/models/queue';
import { callCore as call, nextQueueStatus as nextStatus } from '../support/core-calls';
import { FaultProxy } from '../support/fault-proxy';
import { freshBucket, testServices } from '../support/services';
import { fastTestOptions, makeFile, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';
import { startTestApi, type TestApi } from './identity-api';

// Issue 9: the real expiry path. Session mode as an artist, the Copper API minting STS
// credentials on the real RGW that live 20 s (RGW's minimum session is 15 s), and a 300 MiB
// upload held to ~50 s by the engine's bandwidth limit, so it spans at least two expiries.
// The API's audit table says how often the desktop asked for a credential; the fault proxy
// (no faults planned, counting only) says which parts were sent.

const MiB = 1024 * 1024;
const LIFETIME_S = 20;
const SIZE = 300 * MiB;
const PART = 5 * MiB;
const run = randomBytes(4).toString('hex');
const artist = {
  email: `ines-${run}@example.com`,
  password: 'a long enough password',
  role: 'artist',
  artistId: `ines-${run}`,
  displayName: 'Inès Expiry',
} as const;

describe('a session upload across real credential expiries', () => {
  let api: TestApi;
  let proxy: FaultProxy;
  let db: pg.Pool;
  let bucket: string;
  let dir: string;
  let ctx: AppContext;

  beforeAll(async () => {
    const services = testServices();
    proxy = await FaultProxy.start(services.s3.endpoint);
    bucket = await freshBucket('expiry');
    // The endpoint the API hands the desktop (and asks STS at) is the counting proxy's.
    api = await startTestApi({
      services: { ...services, s3: { ...services.s3, endpoint: proxy.url } },
      bucket,
      logs: [],
      credentialTtlSeconds: LIFETIME_S,
    });
    await api.createUser(artist);
    db = new pg.Pool({ connectionString: services.databaseUrl, max: 1 });
    dir = await mkdtemp(join(tmpdir(), 'copper-expiry-'));
    ctx = createAppContext({
      dataDir: join(dir, 'profile'),
      host: 'web',
      version: '0.0.0-test',
      heartbeatMs: 0,
      keychainService: `Copper-expiry-${run}`,
      accountLog: { info: () => {}, warn: () => {} },
      // 6 MiB/s across the queue: 300 MiB take ~50 s, two and a half lifetimes.
      uploadOptions: { ...fastTestOptions, partSizeMin: PART, bandwidthLimit: 6 * MiB },
    });
    await ctx.ready;
  });
  afterAll(async () => {
    await ctx?.session.signOut().catch(() => {});
    await ctx?.dispose();
    await api?.dispose();
    await db?.end();
    await proxy?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'refreshes once per lifetime, never has a request refused, sends each part once',
    { timeout: 150_000 },
    async () => {
      const file = await makeFile(dir, 'Studio/mural.tif', SIZE);
      const ready = nextStatus(ctx, (s) => s.account === 'ready');
      await call(ctx, 'account.sign-in', { apiUrl: api.url, email: artist.email, password: artist.password });
      await ready;

      // A refused credential (expired, or cut mid-body as Ceph does) makes the engine invalidate it.
      let invalidations = 0;
      const invalidate = ctx.credentials.invalidate.bind(ctx.credentials);
      ctx.credentials.invalidate = () => {
        invalidations++;
        invalidate();
      };
      const parts = new Map<number, number>();
      proxy.onRequest = (method, url) => {
        const n = /[?&]partNumber=(\d+)/.exec(url)?.[1];
        if (method === 'PUT' && n) parts.set(Number(n), (parts.get(Number(n)) ?? 0) + 1);
      };

      const started = Date.now();
      const added = await call<AddResult>(ctx, 'queue.add', { paths: [file] });
      const key = `artists/${artist.artistId}/mural.tif`;
      expect(added.added.map((e) => e.key)).toEqual([key]);
      await ctx.queue.waitForIdle();
      const seconds = (Date.now() - started) / 1000;
      expect((await call<QueueSnapshot>(ctx, 'queue.list', {})).entries.map((e) => e.state)).toEqual([
        'done',
      ]);

      // The upload outlived at least two credentials (else the test proves nothing).
      expect(seconds).toBeGreaterThan(2 * LIFETIME_S);
      const rows = (
        await db.query<{ issued_at: Date; expires_at: Date }>(
          'SELECT issued_at, expires_at FROM credential_issuances WHERE email = $1 ORDER BY id',
          [artist.email],
        )
      ).rows;
      console.log(
        `expiry: ${seconds.toFixed(1)} s, ${rows.length} credentials, gaps ${rows
          .slice(1)
          .map((r, i) => ((r.issued_at.getTime() - rows[i]!.issued_at.getTime()) / 1000).toFixed(1))
          .join(', ')} s`,
      );
      // Each lived 20 s (STS gives its expiry to the second).
      for (const r of rows) {
        expect(Math.abs(r.expires_at.getTime() - r.issued_at.getTime() - LIFETIME_S * 1000)).toBeLessThan(
          1000,
        );
      }
      // One refresh per expiry: a new credential for each one that ran out during the upload...
      expect(rows.length).toBeGreaterThanOrEqual(1 + Math.floor(seconds / LIFETIME_S));
      // ...each asked for in the last fifth of the previous one's life, not at half-life and not
      // early because S3 refused one (the engine invalidated none).
      for (let i = 1; i < rows.length; i++) {
        const gap = rows[i]!.issued_at.getTime() - rows[i - 1]!.issued_at.getTime();
        expect(gap, `credential ${i + 1} came ${gap} ms after the one before`).toBeGreaterThan(
          0.7 * LIFETIME_S * 1000,
        );
      }
      expect(invalidations).toBe(0);

      // Every part sent once: nothing S3 already had went again.
      const expectedParts = Math.ceil(SIZE / PART);
      expect([...parts.keys()].sort((a, b) => a - b)).toEqual(
        Array.from({ length: expectedParts }, (_, i) => i + 1),
      );
      expect([...parts.values()].every((n) => n === 1)).toBe(true);

      expect(await versionsOf(bucket, key)).toEqual([
        { versionId: expect.any(String), size: (await stat(file)).size },
      ]);
      expect(await sha256Object(bucket, key)).toBe(await sha256File(file));
    },
  );
});
