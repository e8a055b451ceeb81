import { UploadQueue } from '../../core/upload/upload-queue';
import { openDatabase } from '../../core/db/database';
import { uploadScreen } from '../../core/catalog/upload-screen';
import { CatalogRepository } from '../../core/db/catalog-repository';
import type { UploadOptions } from '../../core/upload/options';
import type { OpenQueue, QueueGateway } from './queue-gateway';
import { isHeldBack } from '../../shared/models/queue';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Engine tunables a script may set: COPPER_FILE_CONCURRENCY, COPPER_PART_CONCURRENCY,
 * COPPER_BANDWIDTH_LIMIT (bytes/s), COPPER_FAST_REQUESTS=0 (data requests through the SDK),
 * COPPER_HASH_WORKERS (0: hash on the main thread), and in MiB COPPER_PART_SIZE_MIB,
 * COPPER_MULTIPART_THRESHOLD_MIB, COPPER_MEMORY_BUDGET_MIB (checked by resolveUploadOptions).
 */
function optionsFromEnv(env: Env): Partial<UploadOptions> {
  const int = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const mib = (name: string): number | undefined => {
    const n = int(name);
    return n === undefined ? undefined : n * 1024 * 1024;
  };
  return {
    fileConcurrency: int('COPPER_FILE_CONCURRENCY'),
    partConcurrency: int('COPPER_PART_CONCURRENCY'),
    bandwidthLimit: int('COPPER_BANDWIDTH_LIMIT'),
    hashWorkers: int('COPPER_HASH_WORKERS'),
    partSizeMin: mib('COPPER_PART_SIZE_MIB'),
    multipartThreshold: mib('COPPER_MULTIPART_THRESHOLD_MIB'),
    memoryBudget: mib('COPPER_MEMORY_BUDGET_MIB'),
    fastRequests: env.COPPER_FAST_REQUESTS === undefined ? undefined : env.COPPER_FAST_REQUESTS !== '0',
  };
}

/** The durable UploadQueue of a data folder, behind the slice the CLI uses. */
export const openUploadQueue: OpenQueue = async ({ dataDir, credentials, env }) => {
  const db = openDatabase(dataDir);
  let queue: UploadQueue;
  const catalog = new CatalogRepository(db);
  try {
    queue = new UploadQueue({
      db,
      credentials,
      options: optionsFromEnv(env),
      runnerName: '`copper upload`',
      screen: uploadScreen({ uploaded: (...a) => catalog.uploadedLike(...a) }),
    });
  } catch (err) {
    db.close();
    throw err;
  }
  const gateway: QueueGateway = {
    add: (paths) => queue.add(paths),
    list: () => queue.list(),
    unfinished: () => queue.unfinished(),
    counts: () => queue.counts(),
    uploadHeldBack: () => {
      const held = queue.list().filter(isHeldBack);
      for (const e of held) queue.retry(e.id);
      return held.length;
    },
    start: () => queue.start(),
    waitForIdle: ({ untilSettled }) => {
      if (untilSettled) return queue.waitForIdle();
      // Without --wait, going offline ends the run: the entries stay waiting for the next one.
      // Files in flight settle (as waiting-for-network) just after the offline event: wait for them.
      return new Promise<void>((resolve) => {
        let offline = false;
        const offs: (() => void)[] = [];
        const finish = (): void => {
          for (const off of offs.splice(0)) off();
          resolve();
        };
        const settledOffline = (): void => {
          if (offline && queue.counts().uploading === 0) finish();
        };
        offs.push(
          queue.on('connectivity', ({ online }) => {
            offline = !online;
            settledOffline();
          }),
        );
        offs.push(queue.on('entry', settledOffline));
        void queue.waitForIdle().then(finish);
      });
    },
    onProgress: (listener) => queue.on('progress', listener),
    close: async () => {
      try {
        await queue.close();
      } finally {
        db.close();
      }
    },
  };
  return gateway;
};
