/**
 * What the upload engine persists, and nothing else: the engine takes a plain job and this
 * interface, never a database row (the queue's SQLite implementation is core/db/queue-plan-store.ts).
 * Every call is durable when it returns: that is what lets a killed process resume exactly.
 */

/** A multipart upload's plan, stored before the first part is sent. */
export interface MultipartPlan {
  readonly kind: 'multipart';
  readonly uploadId: string;
  readonly partSize: number;
  /** The file identity the plan was made for: a different file can never complete it. */
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * A single PUT's plan, stored before the PUT is sent: the file's identity. After a kill between
 * "S3 stored it" and "the queue recorded it", a HeadObject showing this size, a date after the
 * entry was queued and the ETag these bytes give (their MD5) proves the object is already there.
 */
export interface PutPlan {
  readonly kind: 'put';
  /**
   * The MD5 (hex) the PUT was sent with, when it was (plans of Copper before 2026-12-07): a
   * HeadObject with another ETag is rejected without reading the file.
   */
  readonly md5?: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export type UploadPlan = MultipartPlan | PutPlan;

/** One file to upload: where it is, where it goes, and the plan a previous run left. */
export interface UploadJob {
  readonly id: number;
  readonly path: string;
  readonly bucket: string;
  readonly key: string;
  /** When the entry was queued (ms): an object written before then is not this upload's. */
  readonly addedAt: number;
  readonly plan?: UploadPlan;
}

/** An object the engine wrote (or found already written) for a key. */
export interface UploadedObject {
  readonly bucket: string;
  readonly key: string;
  readonly sha256: string;
  readonly size: number;
  readonly versionId: string | null;
  readonly etag: string | null;
}

/** The engine's persistence. */
export interface PlanStore {
  /** The file identity seen when its upload starts. */
  setIdentity(jobId: number, size: number, mtimeMs: number): void;
  /** Persists the plan (a multipart plan also registers its uploadId as ours, for the startup sweep). */
  setPlan(job: UploadJob, plan: UploadPlan): void;
  /** Bytes S3 has confirmed so far. */
  partDone(jobId: number, bytesDone: number): void;
  /** Forgets the job's plan (completed, aborted, gone, or void). */
  clearPlan(jobId: number): void;
  /** Drops an uploadId from the registry of our multipart uploads (it is completed or aborted). */
  forgetUpload(uploadId: string): void;
  /** Marks the job done and the object as its key's latest, atomically (and forgets `uploadId`). */
  recordUploaded(jobId: number, object: UploadedObject, uploadId?: string): void;
  /** The key's last upload by this profile (for skip-unchanged). */
  lastUpload(bucket: string, key: string): (UploadedObject & { readonly uploadedAt: number }) | undefined;
}
