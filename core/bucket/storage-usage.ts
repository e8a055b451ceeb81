import { safeText } from '../../shared/text/safe-text';
import { ARTWORK_ROWS, type StorageUsage, type UsageRow, type UsageTotals } from '../../shared/models/usage';
import type { BucketContext } from './bucket-context';
import { versionPages } from './list-versions';
import { toBucketError } from './s3-error';
import { monthlyCost, priceOf, type StoragePrices } from './storage-prices';

/**
 * What the tally reads of a ListObjectVersions page (a hand-made page in tests). The storage
 * class is any string: the SDK's type names only STANDARD, S3 and RGW send others.
 */
export interface VersionsPage {
  readonly Versions?: readonly {
    readonly Key?: string;
    readonly VersionId?: string;
    readonly IsLatest?: boolean;
    readonly Size?: number;
    readonly StorageClass?: string;
  }[];
  readonly DeleteMarkers?: readonly {
    readonly Key?: string;
    readonly VersionId?: string;
    readonly IsLatest?: boolean;
  }[];
}

interface Totals {
  currentBytes: number;
  olderBytes: number;
  versions: number;
  deleteMarkers: number;
  monthlyCost: number;
  /** The key's current entry is a delete marker (artworks only). */
  deleted: boolean;
}

const zero = (): Totals => ({
  currentBytes: 0,
  olderBytes: 0,
  versions: 0,
  deleteMarkers: 0,
  monthlyCost: 0,
  deleted: false,
});

/** The artist a key belongs to: the folder after `artists/` (a key outside it: its first folder). */
export function artistOf(key: string): string {
  const rest = key.startsWith('artists/') ? key.slice('artists/'.length) : key;
  const slash = rest.indexOf('/');
  return slash < 0 ? '' : rest.slice(0, slash);
}

// Cost sums of many small floats, rounded far below a cent (a few kilobytes still cost something).
const cents = (n: number) => Math.round(n * 1e10) / 1e10;

function totalsOut(t: Totals): UsageTotals {
  const { currentBytes, olderBytes, versions, deleteMarkers } = t;
  return { currentBytes, olderBytes, versions, deleteMarkers, monthlyCost: cents(t.monthlyCost) };
}

function rows(map: ReadonlyMap<string, Totals>, limit: number): UsageRow[] {
  return [...map.entries()]
    .sort(
      ([an, a], [bn, b]) =>
        b.currentBytes + b.olderBytes - (a.currentBytes + a.olderBytes) || (an < bn ? -1 : 1),
    )
    .slice(0, limit)
    .map(([name, t]) => ({ ...totalsOut(t), name: safeText(name), deleted: t.deleted }));
}

/**
 * Storage under a prefix, page by page: each ListObjectVersions page is added and dropped,
 * so memory holds one small record per artwork (never the versions themselves). A version
 * is current when S3 says IsLatest; every other real version is older (noncurrent, still
 * billed). A delete marker has no bytes; a key whose latest entry is one counts as deleted.
 */
export class UsageTally {
  private readonly total = zero();
  private readonly classes = new Map<string, { currentBytes: number; olderBytes: number }>();
  private readonly artists = new Map<string, Totals>();
  private readonly artworks = new Map<string, Totals>();

  constructor(private readonly prices: StoragePrices) {}

  addPage(page: VersionsPage): void {
    for (const v of page.Versions ?? []) {
      if (v.Key === undefined) continue;
      const size = Math.max(0, v.Size ?? 0);
      const storageClass = v.StorageClass ?? 'STANDARD';
      const current = v.IsLatest === true;
      const cost = monthlyCost(this.prices, storageClass, size);
      const perClass = this.classes.get(storageClass) ?? { currentBytes: 0, olderBytes: 0 };
      if (current) perClass.currentBytes += size;
      else perClass.olderBytes += size;
      this.classes.set(storageClass, perClass);
      for (const t of this.targets(v.Key)) {
        if (current) t.currentBytes += size;
        else t.olderBytes += size;
        t.versions += 1;
        t.monthlyCost += cost;
      }
    }
    for (const m of page.DeleteMarkers ?? []) {
      if (m.Key === undefined) continue;
      const targets = this.targets(m.Key);
      for (const t of targets) t.deleteMarkers += 1;
      if (m.IsLatest === true) targets[2].deleted = true;
    }
  }

  /** The figures so far, as `history.usage` answers them. */
  result(prefix: string, computedAt: Date): StorageUsage {
    for (const t of this.artists.values()) t.deleted = t.versions > 0 && t.currentBytes === 0;
    return {
      prefix,
      computedAt: computedAt.toISOString(),
      currency: 'USD',
      total: totalsOut(this.total),
      byClass: [...this.classes.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([storageClass, c]) => ({
          storageClass: safeText(storageClass),
          ...c,
          pricePerGbMonth: priceOf(this.prices, storageClass),
          monthlyCost: cents(monthlyCost(this.prices, storageClass, c.currentBytes + c.olderBytes)),
        })),
      artists: rows(this.artists, Number.MAX_SAFE_INTEGER),
      artworks: rows(this.artworks, ARTWORK_ROWS),
      artworkCount: this.artworks.size,
      cached: false,
    };
  }

  /** The running totals a key adds to: everything, its artist, and the artwork itself. */
  private targets(key: string): [Totals, Totals, Totals] {
    const get = (map: Map<string, Totals>, name: string) => {
      let t = map.get(name);
      if (!t) map.set(name, (t = zero()));
      return t;
    };
    return [this.total, get(this.artists, artistOf(key)), get(this.artworks, key)];
  }
}

/** Storage and estimated monthly cost under `prefix`: one paged walk of ListObjectVersions. */
export async function storageUsage(
  ctx: BucketContext,
  prefix: string,
  prices: StoragePrices,
  options: { pageSize?: number; now?: () => Date } = {},
): Promise<StorageUsage> {
  const tally = new UsageTally(prices);
  try {
    for await (const page of versionPages(ctx, prefix, options.pageSize)) tally.addPage(page);
  } catch (err) {
    throw toBucketError(err, `the storage under "${prefix}"`);
  }
  return tally.result(prefix, options.now?.() ?? new Date());
}
