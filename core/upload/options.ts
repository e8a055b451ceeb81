/** Tunables of the upload engine. */
export interface UploadOptions {
  /**
   * Multipart files uploading at the same time. Files sent in one PUT share the queue's
   * `fileConcurrency × partConcurrency` request slots instead: one each, half of one for a
   * file under a MiB (file-slots.ts).
   */
  readonly fileConcurrency: number;
  /** Parts of one file in flight at the same time. */
  readonly partConcurrency: number;
  /** Smallest part size in bytes (S3 and Ceph refuse parts under 5 MiB except the last). */
  readonly partSizeMin: number;
  /** Files of at least this many bytes go multipart; smaller ones in one PutObject. */
  readonly multipartThreshold: number;
  /** Bytes per second across the whole queue; undefined or 0 means unlimited. */
  readonly bandwidthLimit?: number;
  /**
   * Upper bound on part buffers held in memory across all files, in bytes. Together with the
   * part size this is what keeps memory flat whatever the file size.
   */
  readonly memoryBudget: number;
  /** Attempts per request for retryable errors (server 5xx/SlowDown, resets, timeouts). */
  readonly maxAttempts: number;
  /** Consecutive network failures of one request before the queue goes `waiting-for-network`. */
  readonly networkAttempts: number;
  /** First retry delay in ms; doubles each attempt, with full jitter, up to `retryMaxDelayMs`. */
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Idle-socket timeout per request: a stalled connection fails after this and is retried. */
  readonly requestTimeoutMs: number;
  /** Connectivity probe backoff while offline (first and maximum delay, ms). */
  readonly probeBaseDelayMs: number;
  readonly probeMaxDelayMs: number;
  /** How often a file that keeps changing under its upload is restarted before it fails. */
  readonly maxRestartsOnChange: number;
  /**
   * PutObject/UploadPart as one signed request on the client's HTTP handler instead of through
   * the SDK's middleware stack (upload/fast-s3-request.ts); false sends them through the SDK.
   */
  readonly fastRequests: boolean;
  /** Worker threads hashing parts of 1 MiB and more (part-hasher.ts); 0 hashes on the main thread. */
  readonly hashWorkers: number;
}

const MiB = 1024 * 1024;

/**
 * Defaults: 8 MiB parts like `aws s3 cp`, 4 files × 4 parts so one slow file does not hold
 * the queue, 32 MiB of part buffers. Measured with `npm run bench` (file-backed Ceph RGW on
 * loopback, 2 cores, 2026-11-28): 2 GiB file 1.10× aws s3 cp / 1.11× rclone at 173 MB peak
 * RSS; 200 × 8 MiB 1.17× aws / 0.88× rclone; 2,000 × 32 KiB about aws's speed once the
 * per-file HeadObject was dropped. 8 files at once instead of 4 changed the small-file time
 * by less than the run-to-run noise, so the lower, gentler default stays.
 * 2026-12-02: 40 MiB of part buffers (was 64) and one hashing worker (was two) took the
 * 16 × 8 MiB run's peak RSS from 177 to 141 MB at the same speed and CPU (one worker hashes
 * MD5 + SHA-256 at ~400 MB/s, several times what the link carries, and a second one cost
 * ~13 MB). Single PUTs of 1 MiB and more then became streamed from the file (2 MiB of the
 * budget each, single-put.ts): 16 files of 8 MiB in flight, 96 MB peak RSS.
 * 2026-12-03: 32 MiB (was 40), the four parts in flight with none read ahead: a 2 GiB file's
 * peak RSS 133 MB instead of 141 (three runs each, alternated), 11.57 s instead of 11.32
 * (within the run-to-run spread); the RSS sampled through the upload is flat, so what is left
 * is the process itself (~55 MB of mapped binary, the heap, the hashing worker) and the parts.
 */
export const defaultUploadOptions: UploadOptions = {
  fileConcurrency: 4,
  partConcurrency: 4,
  partSizeMin: 8 * MiB,
  multipartThreshold: 16 * MiB,
  memoryBudget: 32 * MiB,
  maxAttempts: 8,
  networkAttempts: 4,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 20_000,
  requestTimeoutMs: 60_000,
  probeBaseDelayMs: 1_000,
  probeMaxDelayMs: 30_000,
  maxRestartsOnChange: 3,
  fastRequests: true,
  hashWorkers: 1,
};

/** Fills in defaults and checks the values that S3 constrains. */
export function resolveUploadOptions(partial: Partial<UploadOptions> = {}): UploadOptions {
  const o = {
    ...defaultUploadOptions,
    ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
  } as UploadOptions;
  if (o.fileConcurrency < 1 || o.partConcurrency < 1) throw new RangeError('Concurrency must be at least 1.');
  if (o.partSizeMin < 5 * MiB) throw new RangeError('Parts must be at least 5 MiB (the S3 minimum).');
  if (o.multipartThreshold < o.partSizeMin)
    throw new RangeError('The multipart threshold must be at least the part size.');
  return o;
}
