/**
 * Runs the upload queue in its own process, for tests that measure memory or kill it hard.
 * Input: COPPER_CHILD (JSON: dataDir, bucket, endpoint, region, accessKeyId, secretAccessKey,
 * paths, options, killAfterPut). Output: one JSON line per event on stdout, then a `summary` line with the
 * entries and the process's peak RSS. Run as one process (so SIGKILL hits the engine itself):
 * `node --import tsx tests/support/upload-child.ts`.
 */
import { StaticCredentialProvider } from '../../core/credentials/provider';
import { UploadQueue } from '../../core/upload/upload-queue';
import { openDatabase } from '../../core/db/database';
import type { UploadOptions } from '../../core/upload/options';
import { killAfterPutProxy } from './kill-after-put';

interface ChildConfig {
  dataDir: string;
  bucket: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  paths: string[];
  options: Partial<UploadOptions>;
  /** SIGKILL this process right after S3 stored a single PUT, before the engine hears of it. */
  killAfterPut?: boolean;
}

const config = JSON.parse(process.env.COPPER_CHILD ?? '{}') as ChildConfig;
const out = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

const endpoint = config.killAfterPut
  ? await killAfterPutProxy(config.endpoint, (key) => out({ type: 'killing', key }))
  : config.endpoint;
const db = openDatabase(config.dataDir);
const queue = new UploadQueue({
  db,
  credentials: new StaticCredentialProvider(
    { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    { bucket: config.bucket, region: config.region, endpoint, prefix: '' },
  ),
  options: config.options,
});
queue.on('part', (p) => out({ type: 'part', ...p }));
queue.on('retry', (r) =>
  out({ type: 'retry', operation: r.operation, partNumber: r.partNumber, code: r.code }),
);
queue.on('sweep', (s) => out({ type: 'sweep', aborted: s.aborted.length }));
queue.on('entry', (e) => out({ type: 'entry', id: e.id, state: e.state }));

// Add only on the first run: a restart finds the entries in the database.
if (queue.list().length === 0) await queue.add(config.paths);
queue.start();
await queue.waitForIdle();
await queue.close();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
out({ type: 'summary', entries: queue.list(), peakRss, maxRss: process.resourceUsage().maxRSS * 1024 });
db.close();
