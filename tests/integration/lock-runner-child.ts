/**
 * A process that runs a profile's upload queue the way the desktop app does (UploadQueue with
 * its default name, "the Copper app"), for tests/integration/cli-runner-lock.test.ts. It starts
 * throttled to COPPER_CHILD's `bandwidthLimit` so the test can act while it uploads, and goes
 * full speed when it reads a line on stdin. Prints `started` at the first part attempt, then a
 * JSON `summary` with the entries when the queue is idle.
 * `node --import tsx tests/integration/lock-runner-child.ts`.
 */
import { createInterface } from 'node:readline';
import { openChildQueue, readChildConfig } from '../support/child-queue';

const MiB = 1024 * 1024;
const config = readChildConfig();
const { db, queue } = openChildQueue(config, {
  partSizeMin: 5 * MiB,
  multipartThreshold: 5 * MiB,
  partConcurrency: 1,
  fileConcurrency: 1,
  bandwidthLimit: config.bandwidthLimit,
});
let announced = false;
queue.on('part', (p) => {
  if (p.phase !== 'attempt' || announced) return;
  announced = true;
  process.stdout.write('started\n');
});
const input = createInterface({ input: process.stdin });
input.on('line', () => queue.setBandwidthLimit(undefined));
await queue.add(config.paths);
queue.start();
await queue.waitForIdle();
await queue.close();
input.close();
process.stdout.write(`${JSON.stringify({ type: 'summary', entries: queue.list() })}\n`);
db.close();
