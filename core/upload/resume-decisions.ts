import type { Part } from '@aws-sdk/client-s3';
import { bareEtag, type FileIdentity } from './file-access';
import type { MultipartPlan, UploadPlan } from './plan-store';

const md5Hex = /^[0-9a-f]{32}$/;

/**
 * S3 and this machine's clocks differ: an object counts as written by this job when S3 dated
 * it no earlier than a minute before the entry was queued.
 */
export const CLOCK_SLACK_MS = 60_000;

/** The pure decisions the engine makes when it resumes; unit-tested on their own. */

/**
 * Whether a part S3 already has (ListParts) can stand for the file's part now: same size and
 * same MD5. An ETag that is not a plain MD5 (some S3 servers with encryption) cannot be
 * compared, and the size alone decides.
 */
export function keepsPart(have: Part | undefined, size: number, md5hex: string): boolean {
  if (!have || have.Size !== size) return false;
  const etag = bareEtag(have.ETag);
  return etag === md5hex || !md5Hex.test(etag);
}

/** The stored multipart plan, when it was made for this very file (same size and mtime). */
export function resumablePlan(plan: UploadPlan | undefined, file: FileIdentity): MultipartPlan | undefined {
  if (plan?.kind !== 'multipart') return undefined;
  return plan.size === file.size && plan.mtimeMs === file.mtimeMs ? plan : undefined;
}

/** Whether a stored single-PUT plan was made for this file as it is now. */
export function putPlanFits(plan: UploadPlan | undefined, file: FileIdentity): boolean {
  return plan?.kind === 'put' && plan.size === file.size && plan.mtimeMs === file.mtimeMs;
}

/**
 * Whether the object HeadObject shows could be this job's own write: the file's size, dated
 * after the entry was queued, and (when one is known in advance) the expected ETag.
 */
export function couldBeOurs(
  head: { ContentLength?: number; LastModified?: Date; ETag?: string },
  size: number,
  addedAt: number,
  expectedEtag?: string,
): boolean {
  if (head.ContentLength !== size || head.LastModified === undefined) return false;
  if (head.LastModified.getTime() < addedAt - CLOCK_SLACK_MS) return false;
  return expectedEtag === undefined || bareEtag(head.ETag) === expectedEtag;
}
