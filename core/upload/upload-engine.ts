import { QueuePlanStore } from '../db/queue-plan-store';
import { QueueRepository } from '../db/queue-repository';
import { BandwidthLimiter } from './bandwidth';
import { ByteBudget } from './byte-budget';
import { systemClock } from './clock';
import { nodeUploadFs } from './file-access';
import { FileUploader } from './file-uploader';
import { slotCapacity } from './file-slots';
import { PartHasher } from './part-hasher';
import { uploadMetadata } from './object-metadata';
import { resolveUploadOptions } from './options';
import type { UploadQueueDeps } from './queue-events';
import { RequestRunner } from './request-runner';
import { S3Session } from './s3-session';

/**
 * The parts one queue is built from, wired once: options with their defaults, the queue's
 * table and the engine's plan store over it, the S3 session (sockets sized for every part in
 * flight), the request runner, the bandwidth limiter and the file uploader.
 */
export function buildUploadEngine(deps: UploadQueueDeps) {
  const options = resolveUploadOptions(deps.options);
  const clock = deps.clock ?? systemClock;
  const fs = deps.fs ?? nodeUploadFs;
  const repo = new QueueRepository(deps.db, () => clock.now());
  const store = new QueuePlanStore(deps.db, repo, () => clock.now());
  const session = new S3Session(deps.credentials, {
    maxSockets: slotCapacity(options) + 4,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const runner = new RequestRunner(session, clock, options, deps.random);
  const limiter = new BandwidthLimiter(options.bandwidthLimit, clock);
  const hasher = new PartHasher(options.hashWorkers);
  const uploader = new FileUploader({
    store,
    runner,
    fs,
    limiter,
    budget: new ByteBudget(options.memoryBudget),
    options,
    hasher,
    objectMetadata: async () => uploadMetadata(await session.target(), deps.uploadedBy),
  });
  return { options, clock, fs, repo, store, session, runner, limiter, hasher, uploader };
}
