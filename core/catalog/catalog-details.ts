import { open } from 'node:fs/promises';
import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { CatalogDetails, CatalogItem, GalleryVersion, LocalUpload } from '../../shared/models/catalog';
import { formatBytes } from '../../shared/format-bytes';
import type { CatalogRepository, UploadRecord } from '../db/catalog-repository';
import { RESTORED_FROM_META } from '../bucket';
import { digestFile } from '../upload/file-access';
import { keyFor } from '../upload/keys';
import { partCount } from '../upload/part-size';
import { bare, type BucketComparer } from './bucket-compare';

/** What the details call reads: the comparer's credential and HEAD, this machine's queue records. */
export interface DetailsDeps {
  readonly comparer: BucketComparer;
  readonly repository: CatalogRepository | undefined;
  readonly now: () => number;
  /** Files up to this many bytes are read to tell "same content" when nothing recorded can (default 2 GiB). */
  readonly hashLimit?: number;
}

const MiB = 1024 * 1024;

function toLocal(r: UploadRecord): LocalUpload {
  return {
    key: r.key,
    size: r.size,
    uploadedAt: new Date(r.at).toISOString(),
    versionId: r.versionId,
    reason: r.reason === 'unchanged' ? 'unchanged' : 'uploaded',
  };
}

/** Where the file goes: the key it was queued under, else the key adding its source would give (signed in). */
async function whereItGoes(
  deps: DetailsDeps,
  item: CatalogItem,
): Promise<{ bucket: string | undefined; key: string; planned: boolean } | undefined> {
  const queued = deps.repository?.queuedKey(item.path);
  if (queued) return { ...queued, planned: false };
  const source = deps.repository?.sourceOf(item.path);
  const target = await deps.comparer.target().catch(() => undefined);
  if (!source || !target) return undefined;
  return { bucket: target.bucket, key: keyFor(target.prefix, source.path, item.path), planned: true };
}

/**
 * The Library's details for one file: its key, this machine's uploads of it, and the
 * gallery's current version from one HEAD — whether it holds the file's content as it is
 * on disk now, or why Copper cannot say (signed out, offline, refused).
 */
export async function catalogDetails(deps: DetailsDeps, item: CatalogItem): Promise<CatalogDetails> {
  const records = deps.repository?.uploadsOf(item.path) ?? [];
  const uploads = records.map(toLocal);
  const where = await whereItGoes(deps, item);
  const checkedAt = new Date(deps.now()).toISOString();
  const base = { path: item.path, uploads };
  if (!where) {
    const signedOut = (await deps.comparer.target().catch(() => undefined)) === undefined;
    const message = signedOut
      ? 'Sign in to see the gallery’s version.'
      : 'Not queued from this machine; add its folder to see where it goes.';
    return { ...base, key: null, keyPlanned: false, gallery: unknown(message, checkedAt) };
  }
  const answer = await deps.comparer.current(where.bucket, where.key);
  const keyed = { ...base, key: where.key, keyPlanned: where.planned };
  if (answer.kind === 'absent')
    return {
      ...keyed,
      gallery: {
        ...unknown(
          records.some((r) => r.key === where.key)
            ? `${where.key} is no longer in the gallery (deleted).`
            : 'Not in the gallery yet.',
          checkedAt,
        ),
        status: 'absent',
      },
    };
  if (answer.kind === 'unknown') {
    const message =
      answer.code === 'network'
        ? 'Offline: the gallery cannot be reached to see its current version.'
        : answer.code === 'signed-out'
          ? 'Sign in to see the gallery’s version.'
          : answer.message;
    return { ...keyed, gallery: unknown(message, checkedAt) };
  }
  const matched = records.filter((r) => r.key === where.key);
  return { ...keyed, gallery: await present(deps, item, answer.head, matched, checkedAt) };
}

function unknown(message: string, checkedAt: string): GalleryVersion {
  return {
    status: 'unknown',
    size: null,
    lastModified: null,
    versionId: null,
    sameContent: null,
    uploadedHere: false,
    restoredFrom: null,
    message,
    checkedAt,
  };
}

async function present(
  deps: DetailsDeps,
  item: CatalogItem,
  head: HeadObjectCommandOutput,
  records: readonly UploadRecord[],
  checkedAt: string,
): Promise<GalleryVersion> {
  const size = head.ContentLength ?? null;
  const versionId = head.VersionId ?? null;
  const uploadedHere = versionId !== null && records.some((r) => r.versionId === versionId);
  const same = await sameContent(deps, item, head, records);
  return {
    status: 'present',
    size,
    lastModified: head.LastModified ? head.LastModified.toISOString() : null,
    versionId,
    sameContent: same.same,
    uploadedHere,
    restoredFrom: head.Metadata?.[RESTORED_FROM_META] ?? null,
    message: same.how,
    checkedAt,
  };
}

/**
 * Whether the gallery's current version is the file's content now. Cheapest first: a
 * different size; then a version (or ETag and size) this machine uploaded, whose recorded
 * SHA-256 is compared with the file's (known when the file is unchanged since its last
 * upload); else the file is read once and its ETag compared (one PUT's MD5, or in the
 * gallery's part count).
 */
async function sameContent(
  deps: DetailsDeps,
  item: CatalogItem,
  head: HeadObjectCommandOutput,
  records: readonly UploadRecord[],
): Promise<{ same: boolean | null; how: string | null }> {
  const size = head.ContentLength;
  if (size !== undefined && size !== item.size)
    return {
      same: false,
      how: `The gallery’s version is ${formatBytes(size)}; the file is ${formatBytes(item.size)}.`,
    };
  const etag = bare(head.ETag);
  const match = records.find(
    (r) =>
      (r.versionId !== null && r.versionId === head.VersionId) ||
      (etag !== undefined && bare(r.etag) === etag && r.size === size),
  );
  const last = records[0];
  const fileSha =
    item.sha256 ?? (last && last.size === item.size && last.mtimeMs === item.mtimeMs ? last.sha256 : null);
  if (match?.sha256 && fileSha)
    return match.sha256 === fileSha
      ? { same: true, how: 'The content this machine uploaded; the file is unchanged since.' }
      : { same: false, how: 'Another content than the file on disk now (the file changed since).' };
  return byReading(deps, item, etag);
}

async function byReading(
  deps: DetailsDeps,
  item: CatalogItem,
  etag: string | undefined,
): Promise<{ same: boolean | null; how: string | null }> {
  if (!etag) return { same: null, how: 'The gallery gave no ETag to compare with.' };
  if (item.size > (deps.hashLimit ?? 2 * 1024 * MiB))
    return { same: null, how: 'Too large to read for a comparison here; it has the same size.' };
  const parts = /-(\d+)$/.exec(etag);
  const count = parts ? Number(parts[1]) : 0;
  // A multipart ETag is the MD5 of its parts' MD5s: only checkable at the part size the uploader used.
  const partSize = count > 0 ? Math.ceil(item.size / count / MiB) * MiB : undefined;
  if (partSize !== undefined && partCount(item.size, partSize) !== count)
    return { same: null, how: 'Uploaded in parts Copper cannot check against; it has the same size.' };
  try {
    const fh = await open(item.path, 'r');
    try {
      const digest = await digestFile(fh, item.path, item.size, partSize);
      return digest.etag === etag
        ? { same: true, how: 'The same bytes as the file on disk (ETag checked).' }
        : count > 0
          ? { same: null, how: 'Uploaded in parts Copper cannot check against; it has the same size.' }
          : { same: false, how: 'Same size, other content (ETag differs).' };
    } finally {
      await fh.close();
    }
  } catch (err) {
    return { same: null, how: `Could not read ${item.path} to compare: ${(err as Error).message}` };
  }
}
