import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type CopperDatabase } from '../../core/db/database';
import { UploadQueue, type UploadQueueDeps } from '../../core/upload/upload-queue';
import { childConfig, type ChildConfig } from './child-queue';
import { FaultProxy } from './fault-proxy';
import { freshBucket, testServices } from './services';
import { adminProvider, fastTestOptions } from './upload-helpers';

/** What a new queue may differ in from the fixture's default (admin keys, fast test options). */
export interface FixtureQueueInit extends Partial<Omit<UploadQueueDeps, 'db'>> {
  /** The admin credential's key prefix (when `credentials` is not given). */
  readonly prefix?: string;
  /** The admin credential goes through the fixture's fault proxy (when `credentials` is not given). */
  readonly viaProxy?: boolean;
}

/** What each upload/queue test starts from: a temp folder, a profile database, a fresh bucket. */
export interface QueueFixture {
  readonly dir: string;
  /** `dir/profile`: the profile's data folder. */
  readonly profileDir: string;
  /** The profile database in `dir/profile`, opened on first use (a test that runs the queue in a child never opens it). */
  readonly db: CopperDatabase;
  readonly bucket: string;
  /** A fault proxy in front of the test S3, when asked for. */
  readonly proxy: FaultProxy;
  /**
   * A new UploadQueue on the fixture's database, closed after the test: the admin credential
   * for the bucket and `fastTestOptions`, with `init.options` laid over them.
   */
  queue(init?: FixtureQueueInit): UploadQueue;
  /** The COPPER_CHILD config of a child process running this fixture's profile (`dir/profile`) and bucket. */
  child(fields: Pick<ChildConfig, 'paths'> & Partial<ChildConfig>): ChildConfig;
}

/**
 * The per-test set-up the upload and queue tests share, as `beforeEach`/`afterEach` of the
 * enclosing `describe`: a `copper-<name>-` temp folder, its `profile` database, a fresh
 * bucket named after `name`, with `proxy: true` a FaultProxy in front of the S3 endpoint;
 * afterwards every queue made through `queue()` is closed, the proxy and database too, and
 * the folder removed. Read the fields inside a test (they are new for each one).
 */
export function useQueueFixture(name: string, opts: { proxy?: boolean } = {}): QueueFixture {
  let current: { dir: string; bucket: string; proxy?: FaultProxy; db?: CopperDatabase } | undefined;
  let queues: UploadQueue[] = [];
  const now = () => {
    if (!current) throw new Error('the queue fixture is read outside a test');
    return current;
  };
  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), `copper-${name}-`));
    const bucket = await freshBucket(name);
    const proxy = opts.proxy ? await FaultProxy.start(testServices().s3.endpoint) : undefined;
    current = { dir, bucket, ...(proxy ? { proxy } : {}) };
  });
  afterEach(async () => {
    const fx = current;
    const made = queues;
    current = undefined;
    queues = [];
    for (const q of made) await q.close();
    await fx?.proxy?.close();
    fx?.db?.close();
    if (fx) await rm(fx.dir, { recursive: true, force: true });
  });
  const fixture: QueueFixture = {
    get dir() {
      return now().dir;
    },
    get profileDir() {
      return join(now().dir, 'profile');
    },
    get bucket() {
      return now().bucket;
    },
    get db() {
      const fx = now();
      fx.db ??= openDatabase(fixture.profileDir);
      return fx.db;
    },
    get proxy() {
      const { proxy } = now();
      if (!proxy)
        throw new Error(
          `the "${name}" queue fixture has no fault proxy (useQueueFixture(…, { proxy: true }))`,
        );
      return proxy;
    },
    queue({ prefix, viaProxy, options, ...deps }: FixtureQueueInit = {}) {
      const credentials =
        deps.credentials ??
        adminProvider(fixture.bucket, {
          ...(prefix ? { prefix } : {}),
          ...(viaProxy ? { endpoint: fixture.proxy.url } : {}),
        });
      const q = new UploadQueue({
        ...deps,
        db: fixture.db,
        credentials,
        options: { ...fastTestOptions, ...options },
      });
      queues.push(q);
      return q;
    },
    child(fields) {
      return childConfig(testServices().s3, {
        dataDir: fixture.profileDir,
        bucket: fixture.bucket,
        ...fields,
      });
    },
  };
  return fixture;
}
