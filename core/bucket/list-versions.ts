import { HeadObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import type {
  DeleteMarkerEntry,
  ListObjectVersionsCommandOutput,
  ObjectVersion as SdkObjectVersion,
} from '@aws-sdk/client-s3';
import type { DeletedArtwork, ObjectVersion } from '../../shared/models/bucket';
import { CopperError } from '../../shared/errors';
import type { BucketContext } from './bucket-context';
import { toBucketError } from './s3-error';
import { decodeMetadataText } from '../s3/metadata-text';
import { safeOptional, safeText } from '../../shared/text/safe-text';

/** Metadata keys (without `x-amz-meta-`) the history view reads. */
export const UPLOADED_BY_META = 'uploaded-by';
export const RESTORED_FROM_META = 'restored-from';

export interface ListVersionsOptions {
  /** Read `x-amz-meta-uploaded-by` with one HeadObject per version (default true). */
  readonly withUploader?: boolean;
  /** HeadObject requests in flight at once (default 4). */
  readonly headConcurrency?: number;
  /** Entries per ListObjectVersions page (S3's maximum, 1000, by default; tests make it small). */
  readonly pageSize?: number;
}

export function fromVersion(v: SdkObjectVersion): ObjectVersion | undefined {
  if (v.Key === undefined || v.VersionId === undefined) return undefined;
  return {
    key: v.Key,
    versionId: v.VersionId,
    isLatest: v.IsLatest === true,
    isDeleteMarker: false,
    size: v.Size ?? 0,
    lastModified: (v.LastModified ?? new Date(0)).toISOString(),
    ...(v.ETag ? { etag: v.ETag } : {}),
  };
}

export function fromMarker(m: DeleteMarkerEntry): ObjectVersion | undefined {
  if (m.Key === undefined || m.VersionId === undefined) return undefined;
  return {
    key: m.Key,
    versionId: m.VersionId,
    isLatest: m.IsLatest === true,
    isDeleteMarker: true,
    size: 0,
    lastModified: (m.LastModified ?? new Date(0)).toISOString(),
  };
}

/** Newest first (for sort); on equal times the current entry first (S3's own order is otherwise kept). */
export function newestFirst(a: ObjectVersion, b: ObjectVersion): number {
  const dt = Date.parse(b.lastModified) - Date.parse(a.lastModified);
  if (dt !== 0) return dt;
  return Number(b.isLatest) - Number(a.isLatest);
}

/** A ListObjectVersions page's versions and delete markers, in that order (entries without key or id dropped). */
export function pageEntries(out: ListObjectVersionsCommandOutput): ObjectVersion[] {
  return [...(out.Versions ?? []).map(fromVersion), ...(out.DeleteMarkers ?? []).map(fromMarker)].filter(
    (v): v is ObjectVersion => v !== undefined,
  );
}

/** ListObjectVersions under `prefix`, page after page until S3 says there is no more (or the caller stops). */
export async function* versionPages(
  ctx: BucketContext,
  prefix: string,
  pageSize?: number,
): AsyncGenerator<ListObjectVersionsCommandOutput> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const out = await ctx.client.send(
      new ListObjectVersionsCommand({
        Bucket: ctx.bucket,
        Prefix: prefix,
        ...(pageSize ? { MaxKeys: pageSize } : {}),
        ...(keyMarker !== undefined ? { KeyMarker: keyMarker } : {}),
        ...(versionIdMarker !== undefined ? { VersionIdMarker: versionIdMarker } : {}),
      }),
    );
    yield out;
    if (!out.IsTruncated || out.NextKeyMarker === undefined) return;
    keyMarker = out.NextKeyMarker;
    versionIdMarker = out.NextVersionIdMarker;
  }
}

/**
 * Every version and delete marker of one key, newest first. ListObjectVersions filters by
 * prefix, so other keys starting with the same characters are dropped; because the listing
 * is in key order and `key` sorts before every longer key, the walk stops at the first one.
 */
export async function listVersions(
  ctx: BucketContext,
  key: string,
  options: ListVersionsOptions = {},
): Promise<ObjectVersion[]> {
  const found: ObjectVersion[] = [];
  try {
    for await (const out of versionPages(ctx, key, options.pageSize)) {
      const page = pageEntries(out);
      found.push(...page.filter((v) => v.key === key));
      if (page.some((v) => v.key !== key)) break;
    }
  } catch (err) {
    throw toBucketError(err, `the history of "${key}"`);
  }
  found.sort(newestFirst);
  if (options.withUploader === false) return found;
  return addUploaders(ctx, found, options.headConcurrency ?? 4);
}

/** Reads each real version's metadata; a version whose metadata cannot be read keeps no uploader. */
async function addUploaders(
  ctx: BucketContext,
  versions: ObjectVersion[],
  concurrency: number,
): Promise<ObjectVersion[]> {
  const result = [...versions];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < result.length) {
      const i = next++;
      const v = result[i]!;
      if (v.isDeleteMarker) continue;
      try {
        const head = await ctx.client.send(
          new HeadObjectCommand({ Bucket: ctx.bucket, Key: v.key, VersionId: v.versionId }),
        );
        const raw = head.Metadata?.[UPLOADED_BY_META];
        const uploadedBy = raw ? safeText(decodeMetadataText(raw)) : undefined;
        const restoredFrom = safeOptional(head.Metadata?.[RESTORED_FROM_META]);
        result[i] = {
          ...v,
          ...(uploadedBy ? { uploadedBy } : {}),
          ...(restoredFrom ? { restoredFrom } : {}),
        };
      } catch (err) {
        const e = toBucketError(err, `"${v.key}" version ${v.versionId}`);
        // A version removed meanwhile or a scope that may list but not read: the history still shows.
        if (e.code !== 'not-found' && e.code !== 'access-denied' && e.code !== 'version-not-found') throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return result;
}

/** The newest real (non-marker) version of a history, the one an undo brings back. */
export function newestRealVersion(history: readonly ObjectVersion[]): ObjectVersion | undefined {
  return history.find((v) => !v.isDeleteMarker);
}

/**
 * Keys under a prefix whose latest entry is a delete marker, with the version an undo would
 * bring back. Walks ListObjectVersions page by page; only deleted keys are kept in memory.
 */
export async function listDeleted(ctx: BucketContext, prefix: string): Promise<DeletedArtwork[]> {
  const deleted = new Map<string, { marker: ObjectVersion; lastVersion?: ObjectVersion }>();
  try {
    for await (const out of versionPages(ctx, prefix)) {
      for (const m of (out.DeleteMarkers ?? []).map(fromMarker)) {
        if (m?.isLatest) deleted.set(m.key, { marker: m });
      }
      for (const v of (out.Versions ?? []).map(fromVersion)) {
        const entry = v && deleted.get(v.key);
        if (!v || !entry) continue;
        if (!entry.lastVersion || newestFirst(v, entry.lastVersion) < 0) entry.lastVersion = v;
      }
    }
  } catch (err) {
    throw toBucketError(err, `the deleted artworks under "${prefix}"`);
  }
  return [...deleted.values()].map(({ marker, lastVersion }) => ({
    key: marker.key,
    deleteMarkerVersionId: marker.versionId,
    deletedAt: marker.lastModified,
    ...(lastVersion ? { lastVersion } : {}),
  }));
}

/** Throws a clear error when a key has no history at all. */
export function requireHistory(key: string, history: readonly ObjectVersion[]): void {
  if (history.length === 0)
    throw new CopperError('not-found', `"${key}" does not exist in the bucket (no versions).`);
}
