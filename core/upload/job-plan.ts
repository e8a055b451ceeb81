import type { PlanStore, UploadedObject, UploadJob, UploadPlan } from './plan-store';

/**
 * One job's plan as the engine sees it while it works: the store is written first (durable),
 * then the copy in memory, so the engine never needs to read its row back.
 */
export class JobPlan {
  private plan: UploadPlan | undefined;

  constructor(
    private readonly store: PlanStore,
    readonly job: UploadJob,
  ) {
    this.plan = job.plan;
  }

  get current(): UploadPlan | undefined {
    return this.plan;
  }

  /** The multipart uploadId of the current plan, if it is one. */
  get uploadId(): string | undefined {
    return this.plan?.kind === 'multipart' ? this.plan.uploadId : undefined;
  }

  set(plan: UploadPlan): void {
    this.store.setPlan(this.job, plan);
    this.plan = plan;
  }

  clear(): void {
    this.store.clearPlan(this.job.id);
    this.plan = undefined;
  }

  partDone(bytesDone: number): void {
    this.store.partDone(this.job.id, bytesDone);
  }

  /** Records the object as this job's result and forgets the plan (and its multipart uploadId). */
  recordUploaded(object: Omit<UploadedObject, 'bucket' | 'key'>): void {
    this.store.recordUploaded(
      this.job.id,
      { bucket: this.job.bucket, key: this.job.key, ...object },
      this.uploadId,
    );
    this.plan = undefined;
  }
}
