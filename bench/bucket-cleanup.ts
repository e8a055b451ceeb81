import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adminS3 } from '../tests/support/services';

const GiB = 1 << 30;

/**
 * Deletes every version in a bench bucket, then the bucket: the full run writes more than
 * the test RGW's 32 GiB store holds, so the large objects go (see `settleGarbage` for their space).
 */
export async function dropBucket(bucket: string): Promise<void> {
  const s3 = adminS3();
  try {
    for (;;) {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
        Key: v.Key!,
        VersionId: v.VersionId,
      }));
      if (objects.length === 0) break;
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
}

/**
 * Makes the S3 server's garbage collector free what deleted objects left (their tail objects)
 * now, instead of in its own time (every 30 s here) during a later timed run, which would pay
 * for it. Only for the RGW scripts/services/rgw-start.sh started (RGW_DIR); a no-op otherwise.
 * Measured: ~3 s after a round's four 1 GiB buckets, ~10 s after four 50 × 8 MiB ones.
 */
export async function settleGarbage(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dir = env.RGW_DIR;
  if (!dir) return;
  const args = ['-c', join(dir, 'ceph.conf'), '-n', 'client.rgw.a', 'gc', 'process', '--include-all'];
  try {
    await promisify(execFile)('radosgw-admin', args, { env });
  } catch (err) {
    process.stderr.write(`bench: radosgw-admin gc process failed (GC left to the server): ${String(err)}\n`);
  }
}

/** Deletes a bucket, then has the server's GC free its space before anything else runs. */
export async function dropAndSettle(bucket: string): Promise<void> {
  await dropBucket(bucket);
  await settleGarbage();
}

/** What one timed run left in its bucket. */
export interface BucketUse {
  readonly bucket: string;
  readonly objects: number;
  readonly bytes: number;
}

/** The bytes of buckets a run may leave in place (the test RGW holds 32 GiB; the memory line needs 10). */
export const DEFAULT_KEEP_BYTES = 10 * GiB;

/** A corpus as the cleanup plan sees it. */
export interface CorpusSize {
  readonly name: string;
  readonly files: number;
  readonly bytes: number;
}

/**
 * Which corpora's buckets are left in place for the whole run instead of deleted between
 * rounds: deleting costs the S3 server time per object (measured: a 2,000 × 32 KiB bucket took
 * longer to delete than to upload; 4 × 50 × 8 MiB about 10 s with the GC), so the corpora with
 * the most objects per byte are kept first, each whole (every run's bucket), while they fit
 * `budgetBytes`. The S3 server is a throwaway that scripts/with-services.sh deletes when the
 * run ends, so what is kept costs nothing later.
 */
export function corporaToKeep(
  corpora: readonly CorpusSize[],
  runsEach: number,
  budgetBytes: number,
): Set<string> {
  const keep = new Set<string>();
  let used = 0;
  const byDensity = [...corpora].sort((a, b) => b.files / b.bytes - a.files / a.bytes);
  for (const c of byDensity) {
    const bytes = c.bytes * runsEach;
    if (used + bytes > budgetBytes) continue;
    keep.add(c.name);
    used += bytes;
  }
  return keep;
}

/**
 * Decides, bucket by bucket, what is deleted and what is left for the end of the run. Buckets to
 * delete wait for `flush()` (the race calls it after each round), so the server's GC is settled
 * once for all of them rather than after each.
 */
export class BucketJanitor {
  private kept = 0;
  private pending: string[] = [];

  constructor(
    private readonly budgetBytes = DEFAULT_KEEP_BYTES,
    private readonly drop: (bucket: string) => Promise<void> = dropBucket,
    private readonly settle: () => Promise<void> = settleGarbage,
  ) {}

  /** Bytes left in place so far. */
  get keptBytes(): number {
    return this.kept;
  }

  /** Bytes still free in the budget. */
  get budgetLeft(): number {
    return Math.max(0, this.budgetBytes - this.kept);
  }

  /**
   * Leaves the bucket in place (when `keep` and it fits the budget) or marks it for the next
   * `flush()`; says which.
   */
  done(use: BucketUse, keep: boolean): 'kept' | 'dropped' {
    if (keep && this.kept + use.bytes <= this.budgetBytes) {
      this.kept += use.bytes;
      return 'kept';
    }
    this.pending.push(use.bucket);
    return 'dropped';
  }

  /** Deletes the buckets marked so far, then settles the server's GC. Call it while nothing is being timed. */
  async flush(): Promise<void> {
    const buckets = this.pending;
    this.pending = [];
    if (buckets.length === 0) return;
    for (const b of buckets) await this.drop(b);
    await this.settle();
  }
}
