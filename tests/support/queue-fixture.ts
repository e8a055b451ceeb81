import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type CopperDatabase } from '../../core/db/database';
import { FaultProxy } from './fault-proxy';
import { freshBucket, testServices } from './services';

/** What each upload/queue test starts from: a temp folder, a profile database, a fresh bucket. */
export interface QueueFixture {
  readonly dir: string;
  readonly db: CopperDatabase;
  readonly bucket: string;
  /** A fault proxy in front of the test S3, when asked for. */
  readonly proxy: FaultProxy;
}

/**
 * Opens the per-test set-up the upload and queue tests share (in their `beforeEach`):
 * `copper-<name>-` temp folder, its `profile` database, a fresh bucket named after `name`,
 * and with `proxy: true` a FaultProxy in front of the S3 endpoint.
 */
export async function openQueueFixture(name: string, opts: { proxy?: boolean } = {}): Promise<QueueFixture> {
  const dir = await mkdtemp(join(tmpdir(), `copper-${name}-`));
  const db = openDatabase(join(dir, 'profile'));
  const bucket = await freshBucket(name);
  const proxy = opts.proxy ? await FaultProxy.start(testServices().s3.endpoint) : (undefined as never);
  return { dir, db, bucket, proxy };
}

/** Undoes openQueueFixture (in `afterEach`): closes the queue given, the proxy, the database; removes the folder. */
export async function closeQueueFixture(
  fx: Partial<QueueFixture>,
  queue?: { close(): Promise<void> },
): Promise<void> {
  await queue?.close();
  await fx.proxy?.close();
  fx.db?.close();
  if (fx.dir) await rm(fx.dir, { recursive: true, force: true });
}
