import { z } from 'zod';
import type { CatalogCounts, CatalogItem } from '../models/catalog';
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
  })
  .strict();

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
void itemsAgree;
void countsAgree;
