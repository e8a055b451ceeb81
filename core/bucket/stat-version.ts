import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { ObjectVersion } from '../../shared/models/bucket';
import type { BucketContext } from './bucket-context';
import { RESTORED_FROM_META, UPLOADED_BY_META } from './list-versions';
import { toBucketError } from './s3-error';
import { decodeMetadataText } from '../s3/metadata-text';
import { safeOptional, safeText } from '../../shared/text/safe-text';

/**
 * One version's facts (HeadObject): the current one when `versionId` is omitted. Throws
 * `not-found` for a missing or deleted key, so a link is never made to nothing.
 */
export async function statVersion(
  ctx: BucketContext,
  key: string,
  versionId?: string,
): Promise<ObjectVersion> {
  try {
    const head = await ctx.client.send(
      new HeadObjectCommand({ Bucket: ctx.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
    );
    const raw = head.Metadata?.[UPLOADED_BY_META];
    const uploadedBy = raw ? safeText(decodeMetadataText(raw)) : undefined;
    const restoredFrom = safeOptional(head.Metadata?.[RESTORED_FROM_META]);
    return {
      key,
      versionId: head.VersionId ?? versionId ?? 'null',
      // Only a head without a version id is known to be the current one.
      isLatest: versionId === undefined,
      isDeleteMarker: false,
      size: head.ContentLength ?? 0,
      lastModified: (head.LastModified ?? new Date(0)).toISOString(),
      ...(head.ETag ? { etag: head.ETag } : {}),
      ...(uploadedBy ? { uploadedBy } : {}),
      ...(restoredFrom ? { restoredFrom } : {}),
    };
  } catch (err) {
    throw toBucketError(err, versionId ? `"${key}" version ${versionId}` : `"${key}"`);
  }
}
