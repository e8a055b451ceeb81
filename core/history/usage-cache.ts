import type { StorageUsage } from '../../shared/models/usage';

/** How long a usage answer is reused before it is computed again (unless refreshed). */
export const USAGE_CACHE_MS = 5 * 60_000;

/**
 * Usage answers per prefix for a few minutes: walking every version of an artist (or of the
 * whole bucket, for staff) is many ListObjectVersions pages, so the History view's summary
 * reuses the last answer until it is older than `ttlMs` or the person asks to refresh. Two
 * calls for the same prefix at once share one walk; a failed walk is not kept.
 */
export class UsageCache {
  private readonly entries = new Map<string, { at: number; value: Promise<StorageUsage> }>();

  constructor(
    private readonly ttlMs = USAGE_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async get(prefix: string, refresh: boolean, compute: () => Promise<StorageUsage>): Promise<StorageUsage> {
    const hit = this.entries.get(prefix);
    if (hit && !refresh && this.now() - hit.at < this.ttlMs) {
      const value = await hit.value;
      return { ...value, cached: true };
    }
    const value = compute();
    const entry = { at: this.now(), value };
    this.entries.set(prefix, entry);
    try {
      return await value;
    } catch (err) {
      if (this.entries.get(prefix) === entry) this.entries.delete(prefix);
      throw err;
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
