import { z } from 'zod';
import type { BucketComparison, CatalogCounts, CatalogDetails, CatalogItem } from '../models/catalog';
import { localPath } from './queue-schemas';
import type { Same } from '../type-check';

// The `catalog.*` payloads. Paths are bounded and absolute like queue.add's, so a broken
// renderer cannot make the core walk from a relative path or stall it with a giant request.

/** `catalog.scan`: files and folders to walk (recursively) and read. */
export const catalogScanRequest = z
  .object({
    paths: z.array(localPath).min(1, 'Give at least one path').max(10_000, 'At most 10,000 paths per call'),
  })
  .strict();

/** `catalog.cancel`: one running scan. */
export const catalogScanIdRequest = z.object({ scanId: z.string().min(1).max(64) }).strict();

const imageInfo = z
  .object({
    width: z.number().int().nonnegative(),
    height: z.number().int().nonnegative(),
    format: z.string(),
    space: z.string(),
    colourMode: z.string(),
    profile: z.string().nullable(),
    hasAlpha: z.boolean(),
    bitDepth: z.number().int().positive(),
    ppi: z.number().positive().nullable(),
    text: z
      .object({
        title: z.string().nullable(),
        creator: z.string().nullable(),
        copyright: z.string().nullable(),
        description: z.string().nullable(),
        dateCreated: z.string().nullable(),
      })
      .strict(),
    preview: z.enum(['image', 'composite', 'embedded']),
    mismatch: z.string().nullable(),
  })
  .strict();

/** One catalog item as it crosses the boundary. */
export const catalogItemSchema = z
  .object({
    id: z.string(),
    path: z.string(),
    name: z.string(),
    size: z.number().nonnegative(),
    mtimeMs: z.number(),
    kind: z.enum(['image', 'not-image', 'unreadable']),
    state: z.enum(['pending', 'ready', 'failed']),
    image: imageInfo.nullable(),
    thumbnail: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).strict().nullable(),
    sourceId: z.number().int().nullable(),
    sha256: z.string().nullable(),
  })
  .strict();

/**
 * `catalog.page`: `limit` items from `offset` of the catalog's list; `snapshot` (from an
 * earlier page) keeps later pages on the same list while the catalog changes.
 */
export const catalogPageRequest = z
  .object({
    offset: z.number().int().nonnegative(),
    limit: z.number().int().min(1).max(5000, 'At most 5,000 items per page'),
    snapshot: z.string().min(1).max(64).optional(),
  })
  .strict();

/** `catalog.checkPath`: a path as typed (`~` allowed); over-long paths get a reason in the answer, not a schema error. */
export const catalogCheckPathRequest = z.object({ path: z.string().max(65_536) }).strict();

/**
 * `catalog.compareBucket`: the files (by path) whose last upload from this machine is
 * compared with the bucket's current version; `refresh` asks again even within the cache time.
 */
export const catalogCompareRequest = z
  .object({
    paths: z.array(localPath).max(5000, 'At most 5,000 paths per call'),
    refresh: z.boolean().optional(),
  })
  .strict();

export const bucketComparisonSchema = z
  .object({
    path: z.string(),
    key: z.string(),
    status: z.enum(['same', 'differs', 'missing', 'unknown']),
    currentVersionId: z.string().nullable(),
    restoredFrom: z.string().nullable(),
    message: z.string().nullable(),
    checkedAt: z.string(),
  })
  .strict();

/** `catalog.details`: one Library file's key, uploads from this machine and the gallery's current version. */
export const catalogDetailsRequest = z.object({ path: localPath }).strict();

export const catalogDetailsSchema = z
  .object({
    path: z.string(),
    key: z.string().nullable(),
    keyPlanned: z.boolean(),
    uploads: z.array(
      z
        .object({
          key: z.string(),
          size: z.number().nonnegative(),
          uploadedAt: z.string(),
          versionId: z.string().nullable(),
          reason: z.enum(['uploaded', 'unchanged']),
        })
        .strict(),
    ),
    gallery: z
      .object({
        status: z.enum(['present', 'absent', 'unknown']),
        size: z.number().nonnegative().nullable(),
        lastModified: z.string().nullable(),
        versionId: z.string().nullable(),
        sameContent: z.boolean().nullable(),
        uploadedHere: z.boolean(),
        restoredFrom: z.string().nullable(),
        message: z.string().nullable(),
        checkedAt: z.string(),
      })
      .strict(),
  })
  .strict();

/** `catalog.removeSource`: forget one Library source (its files stay on disk and in the bucket). */
export const catalogSourceIdRequest = z.object({ id: z.number().int().positive() }).strict();

export const catalogCountsSchema = z
  .object({
    found: z.number().int(),
    images: z.number().int(),
    ready: z.number().int(),
    failed: z.number().int(),
    notImages: z.number().int(),
    cached: z.number().int(),
    skipped: z.number().int(),
  })
  .strict();

/** `catalog.items`: items added or updated since the last batch (≤ 10 batches a second). */
export const catalogItemsEvent = z.object({ scanId: z.string(), items: z.array(catalogItemSchema) }).strict();

/** `catalog.done`: a scan finished (or was cancelled) with its counts. */
export const catalogDoneEvent = z
  .object({ scanId: z.string(), counts: catalogCountsSchema, cancelled: z.boolean() })
  .strict();

// The schemas and the models must describe the same thing: a drift is a compile error here.
const itemsAgree: Same<z.infer<typeof catalogItemSchema>, CatalogItem> = true;
const countsAgree: Same<z.infer<typeof catalogCountsSchema>, CatalogCounts> = true;
const comparisonAgree: Same<z.infer<typeof bucketComparisonSchema>, BucketComparison> = true;
const detailsAgree: Same<z.infer<typeof catalogDetailsSchema>, CatalogDetails> = true;
void detailsAgree;
void itemsAgree;
void comparisonAgree;
void countsAgree;
