/**
 * Runs the upload queue in its own process, for tests that measure memory or kill it hard.
 * Input: COPPER_CHILD (JSON: dataDir, bucket, endpoint, region, accessKeyId, secretAccessKey,
 * paths, options, killAfterPut). Output: one JSON line per event on stdout, then a `summary` line with the
 * entries and the process's peak RSS. Run as one process (so SIGKILL hits the engine itself):
 * `node --import tsx tests/support/upload-child.ts`.
 */
import { killAfterPutProxy } from './kill-after-put';
import { openChildQueue, readChildConfig } from './child-queue';

const config = readChildConfig();
const out = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

const endpoint = config.killAfterPut
  ? await killAfterPutProxy(config.endpoint, (key) => out({ type: 'killing', key }))
  : config.endpoint;
const { db, queue } = openChildQueue(config, config.options, endpoint);
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
