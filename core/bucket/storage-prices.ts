import { z } from 'zod';
import { CopperError } from '../../shared/errors';

/** USD per GB-month for each S3 storage class. */
export type StoragePrices = Readonly<Record<string, number>>;

/** The environment variable that overrides (or adds to) the price table, as JSON. */
export const STORAGE_PRICES_ENV = 'COPPER_STORAGE_PRICES';

/**
 * AWS S3 list prices in us-east-1, USD per GB-month, first tier, as of writing (late 2025).
 * Only an estimate: other regions, tiers, requests and transfer cost differently. Override or
 * extend with COPPER_STORAGE_PRICES, e.g. `{"STANDARD":0.021,"GLACIER_IR":0.0036}`.
 */
export const DEFAULT_STORAGE_PRICES: StoragePrices = {
  STANDARD: 0.023,
  INTELLIGENT_TIERING: 0.023,
  STANDARD_IA: 0.0125,
  ONEZONE_IA: 0.01,
  GLACIER_IR: 0.004,
  GLACIER: 0.0036,
  DEEP_ARCHIVE: 0.00099,
  REDUCED_REDUNDANCY: 0.024,
};

/** S3 bills a "GB" of storage as 2^30 bytes. */
export const BYTES_PER_GB = 1024 ** 3;

const STORAGE_CLASS = /^[A-Z][A-Z0-9_]{0,63}$/;

const priceTable = z
  .record(z.string(), z.number().nonnegative().finite().max(1000))
  .superRefine((table, ctx) => {
    for (const name of Object.keys(table).filter((k) => !STORAGE_CLASS.test(k)))
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'a storage class is upper case, like STANDARD_IA',
      });
  });

/** The price table: the defaults, with COPPER_STORAGE_PRICES's classes on top; a bad value is an error naming it. */
export function storagePrices(env: Readonly<Record<string, string | undefined>>): StoragePrices {
  const raw = env[STORAGE_PRICES_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_STORAGE_PRICES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw badPrices(`it is not JSON (${(err as Error).message})`);
  }
  const result = priceTable.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw badPrices(`${issue?.message ?? 'invalid'}${where}`);
  }
  return { ...DEFAULT_STORAGE_PRICES, ...result.data };
}

function badPrices(reason: string): CopperError {
  return new CopperError(
    'config.storage-prices',
    `${STORAGE_PRICES_ENV} must be a JSON object of USD per GB-month by storage class, ` +
      `like {"STANDARD":0.023}: ${reason}.`,
  );
}

/** The price of a class; a class missing from the table is priced as STANDARD. */
export function priceOf(prices: StoragePrices, storageClass: string): number {
  return prices[storageClass] ?? prices.STANDARD ?? DEFAULT_STORAGE_PRICES.STANDARD!;
}

/** A month of `bytes` in `storageClass`, in USD. */
export function monthlyCost(prices: StoragePrices, storageClass: string, bytes: number): number {
  return (bytes / BYTES_PER_GB) * priceOf(prices, storageClass);
}
