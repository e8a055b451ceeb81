import { UPLOADED_BY_META } from '../bucket/list-versions';
import type { BucketTarget } from '../credentials/provider';
import { encodeMetadataText } from '../s3/metadata-text';

/**
 * The user metadata every new object gets: `uploaded-by` (header-safe, see metadata-text.ts)
 * from `override` or the target's `uploadedBy`; nothing when neither says who uploads.
 */
export function uploadMetadata(target: BucketTarget, override?: string): Record<string, string> {
  const who = (override ?? target.uploadedBy)?.trim();
  return who ? { [UPLOADED_BY_META]: encodeMetadataText(who) } : {};
}
