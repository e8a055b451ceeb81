import { z } from 'zod';
import type { QueueEntry, QueueProgress, QueueStatus } from '../models/queue';
import type { Same } from '../type-check';

// The `queue.*` payloads. Paths are bounded (10,000 per call, 4096 characters each, absolute,
// no NUL) so a hostile or broken renderer cannot make the core walk the whole disk by a
// relative path or stall it with a giant request.

/** POSIX `/…`, Windows `C:\…` or `C:/…`, or a UNC share `\\server\…`. */
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/;

/** One absolute local path. */
export const localPath = z
  .string()
  .min(1, 'The path is empty')
  .max(4096, 'The path is longer than 4096 characters')
  .refine((s) => !s.includes('\u0000'), 'The path contains a NUL character')
  .refine((s) => ABSOLUTE.test(s), 'The path must be absolute (start at the root of a disk)');

/** `queue.add`: files and folders (walked recursively). */
export const queueAddRequest = z
  .object({
    paths: z.array(localPath).min(1, 'Give at least one path').max(10_000, 'At most 10,000 paths per call'),
  })
  .strict();

const entryId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** `queue.pause`, `queue.resume`, `queue.retry`: one entry, or all when `id` is omitted. */
export const queueOptionalIdRequest = z.object({ id: entryId.optional() }).strict();

/** `queue.cancel`: one entry. */
export const queueIdRequest = z.object({ id: entryId }).strict();

/** `queue.set-bandwidth`: bytes per second, or null for unlimited. */
export const queueBandwidthRequest = z
  .object({
    bytesPerSecond: z.number().int().min(1024, 'At least 1 KB/s').max(1e12).nullable(),
  })
  .strict();

const base = {
  id: z.number().int(),
  path: z.string(),
  bucket: z.string(),
  key: z.string(),
  size: z.number(),
  bytesDone: z.number(),
  addedAt: z.string(),
  updatedAt: z.string(),
  recheck: z.literal(true).optional(),
};

/** A QueueEntry (mirrors shared/models/queue.ts): the `queue.entry` payload. */
export const queueEntrySchema = z.discriminatedUnion('state', [
  z.object({ ...base, state: z.literal('queued') }).strict(),
  z.object({ ...base, state: z.literal('uploading') }).strict(),
  z.object({ ...base, state: z.literal('paused') }).strict(),
  z.object({ ...base, state: z.literal('waiting-for-network') }).strict(),
  z
    .object({
      ...base,
      state: z.literal('failed'),
      code: z.string(),
      message: z.string(),
      retryable: z.boolean(),
    })
    .strict(),
  z
    .object({
      ...base,
      state: z.literal('done'),
      reason: z.enum(['uploaded', 'unchanged']),
      versionId: z.string().optional(),
    })
    .strict(),
]);

const fileProgress = z
  .object({
    id: z.number().int(),
    bytes: z.number(),
    size: z.number(),
    rate: z.number(),
    etaSeconds: z.number().optional(),
  })
  .strict();

/** QueueProgress: the `queue.progress` payload (≈10 per second while anything uploads). */
export const queueProgressSchema = z
  .object({
    files: z.array(fileProgress).readonly(),
    overall: z
      .object({ bytes: z.number(), total: z.number(), rate: z.number(), etaSeconds: z.number().optional() })
      .strict(),
  })
  .strict();

/** QueueStatus: the `queue.status` payload. */
export const queueStatusSchema = z
  .object({
    online: z.boolean(),
    account: z.enum(['ready', 'signed-out', 'session-expired']),
    bandwidthLimit: z.number().nullable(),
    blocked: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).strict().optional(),
  })
  .strict();

// Compile-time proof that each schema and its model in shared/models/queue.ts say the same thing.
const entriesAgree: Same<z.infer<typeof queueEntrySchema>, QueueEntry> = true;
const progressAgree: Same<z.infer<typeof queueProgressSchema>, QueueProgress> = true;
const statusAgree: Same<z.infer<typeof queueStatusSchema>, QueueStatus> = true;
void [entriesAgree, progressAgree, statusAgree];
