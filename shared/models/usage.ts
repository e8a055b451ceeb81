import type { z } from 'zod';
import type {
  classUsageSchema,
  storageUsageSchema,
  usageRowSchema,
  usageTotalsSchema,
} from '../ipc/usage-schemas';

/**
 * Bytes and estimated cost: `currentBytes` in the current versions (what S3 serves),
 * `olderBytes` in noncurrent versions (history, still billed), `versions` real versions
 * (current + older), `deleteMarkers`, and `monthlyCost` in USD from the price table.
 */
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

/** One artist (`name` is the artist id) or one artwork (`name` is its key); `deleted`: current is a delete marker. */
export type UsageRow = z.infer<typeof usageRowSchema>;

/** Bytes per S3 storage class with the price used. */
export type ClassUsage = z.infer<typeof classUsageSchema>;

/**
 * Storage under a prefix, from one paged walk of ListObjectVersions: the totals, per class,
 * per artist and per artwork (the largest `ARTWORK_ROWS`, of `artworkCount`), largest first.
 * `cached` when the figures come from the core's cache (`computedAt` says when).
 */
export type StorageUsage = z.infer<typeof storageUsageSchema>;

/** How many artworks a usage answer lists (the largest); the totals count every one. */
export const ARTWORK_ROWS = 200;
