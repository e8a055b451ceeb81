import { z } from 'zod';
import { keyPrefix } from './history-schemas';

// `history.usage`: storage and estimated monthly cost under a prefix, per artist and per
// artwork. The request is checked by the dispatcher; the answer (figures computed from S3's
// listing, names from S3 keys) is checked again with `storageUsageSchema` where it is shown.

/** `history.usage`: the person's own prefix when omitted; `refresh` recomputes instead of the cached figures. */
export const historyUsageRequest = z
  .object({ prefix: keyPrefix.optional(), refresh: z.boolean().optional() })
  .strict();

const bytes = z.number().int().nonnegative();
const money = z.number().nonnegative().finite();

/** Bytes, versions and cost of one artist, one artwork, or everything listed. */
export const usageTotalsSchema = z
  .object({
    currentBytes: bytes,
    olderBytes: bytes,
    versions: z.number().int().nonnegative(),
    deleteMarkers: z.number().int().nonnegative(),
    monthlyCost: money,
  })
  .strict();

export const usageRowSchema = usageTotalsSchema
  .extend({ name: z.string().max(1024), deleted: z.boolean() })
  .strict();

export const classUsageSchema = z
  .object({
    storageClass: z.string().max(64),
    currentBytes: bytes,
    olderBytes: bytes,
    pricePerGbMonth: money,
    monthlyCost: money,
  })
  .strict();

/** What `history.usage` answers (see shared/models/usage.ts). */
export const storageUsageSchema = z
  .object({
    prefix: z.string().max(1024),
    computedAt: z.string().max(40),
    currency: z.literal('USD'),
    total: usageTotalsSchema,
    byClass: z.array(classUsageSchema).max(64),
    artists: z.array(usageRowSchema),
    artworks: z.array(usageRowSchema),
    artworkCount: z.number().int().nonnegative(),
    cached: z.boolean(),
  })
  .strict();
