import type { PlanStore, UploadJob, UploadPlan, UploadedObject } from '../upload/plan-store';
import type { CopperDatabase } from './database';
import type { QueueRepository } from './queue-repository';
import type { QueueRow } from './queue-row';

/**
 * The upload engine's plan store over the queue's SQLite table. A multipart plan is the
 * uploadId, part size and file identity; a single-PUT plan is the file identity (plans stored
 * before 2026-12-07 also have the MD5 the PUT was sent with, in the `etag` column, which holds
 * the object's ETag once done).
 */
export class QueuePlanStore implements PlanStore {
  constructor(
    private readonly db: CopperDatabase,
    private readonly repo: QueueRepository,
    private readonly now: () => number = Date.now,
  ) {}

  // Durable at once: setPlan (the plan must be on disk before the first byte is sent).
  // Batched (one commit with the next durable write, or on the next turn of the event loop):
  // the rest, whose loss in a crash the next start recovers from (ListParts and HeadObject are
  // the truth; see CopperDatabase.later).

  setIdentity(jobId: number, size: number, mtimeMs: number): void {
    this.repo.later(() => this.repo.setIdentity(jobId, size, mtimeMs));
  }

  setPlan(job: UploadJob, plan: UploadPlan): void {
    if (plan.kind === 'multipart') {
      this.repo.setPlan(job.id, { ...plan, bucket: job.bucket, key: job.key });
      return;
    }
    this.db.transaction(() =>
      this.db
        .prepare(
          'UPDATE queue_entries SET upload_id = NULL, part_size = NULL, plan_size = ?, plan_mtime_ms = ?, etag = ?, bytes_done = 0, updated_at = ? WHERE id = ?',
        )
        .run(plan.size, plan.mtimeMs, plan.md5 ?? null, this.now(), job.id),
    );
  }

  partDone(jobId: number, bytesDone: number): void {
    this.repo.later(() => this.repo.setBytesDone(jobId, bytesDone));
  }

  clearPlan(jobId: number): void {
    this.repo.clearPlan(jobId);
  }

  forgetUpload(uploadId: string): void {
    this.repo.forgetUpload(uploadId);
  }

  recordUploaded(jobId: number, object: UploadedObject, uploadId?: string): void {
    this.repo.later(() => this.repo.recordUploaded(jobId, object, uploadId));
  }

  /** Marks the job done as unchanged: its content is the key's last upload (nothing was sent). */
  recordUnchanged(jobId: number, result: { versionId?: string; etag?: string; sha256: string }): void {
    this.repo.later(() =>
      this.repo.setState(jobId, {
        state: 'done',
        reason: 'unchanged',
        versionId: result.versionId ?? null,
        etag: result.etag ?? null,
        sha256: result.sha256,
      }),
    );
  }

  lastUpload(bucket: string, key: string) {
    return this.repo.lastUpload(bucket, key);
  }
}

/** The engine's job for a queue row: the file, its target and the plan a previous run stored. */
export function jobFromRow(row: QueueRow): UploadJob {
  const base = { id: row.id, path: row.path, bucket: row.bucket, key: row.key, addedAt: row.addedAt };
  if (row.uploadId) {
    // A plan without its file identity (never written so) cannot be resumed: -1 makes the
    // engine abort it rather than leave the uploadId tracked for ever.
    return {
      ...base,
      plan: {
        kind: 'multipart',
        uploadId: row.uploadId,
        partSize: row.partSize ?? 0,
        size: row.planSize ?? -1,
        mtimeMs: row.planMtimeMs ?? -1,
      },
    };
  }
  if (row.planSize === null || row.planMtimeMs === null) return base;
  if (row.state === 'done') return base;
  const put = { kind: 'put', size: row.planSize, mtimeMs: row.planMtimeMs } as const;
  return { ...base, plan: row.etag ? { ...put, md5: row.etag } : put };
}
