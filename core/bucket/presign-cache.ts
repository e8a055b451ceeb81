import type { ShareLink } from '../../shared/models/bucket';
import type { Clock } from './bucket-context';
import type { LinkRequest, LinkSigner, SignedLink } from './link-signer';
import { checkLinkLifetime } from './link-signer';

export interface PresignCacheOptions {
  readonly clock?: Clock;
  /** Links kept at most; the least recently used goes first (default 500). */
  readonly maxEntries?: number;
  /** A cached link is handed out until this fraction of its life is used (default 0.75). */
  readonly reuseFraction?: number;
}

/**
 * Hands out the same pre-signed URL for the same request until most of its life is used, so a
 * grid of thumbnails or a history view does not re-sign (and the browser can cache the image,
 * whose URL stays stable). Bounded LRU: a Map keeps insertion order, and a hit re-inserts.
 */
export class PresignCache {
  private readonly entries = new Map<string, SignedLink>();
  private readonly clock: Clock;
  private readonly maxEntries: number;
  private readonly reuseFraction: number;

  constructor(
    private readonly signer: LinkSigner,
    options: PresignCacheOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.maxEntries = Math.max(1, options.maxEntries ?? 500);
    this.reuseFraction = Math.min(1, Math.max(0, options.reuseFraction ?? 0.75));
  }

  /** A link for the request: the cached one while fresh, otherwise a newly signed one. */
  async get(request: LinkRequest): Promise<ShareLink> {
    checkLinkLifetime(request.expiresInSeconds);
    const id = JSON.stringify([
      request.key,
      request.versionId ?? '',
      request.expiresInSeconds,
      request.downloadName ?? '',
    ]);
    const now = this.clock();
    let link = this.entries.get(id);
    if (link && !this.isFresh(link, now)) link = undefined;
    this.entries.delete(id);
    if (!link) link = await this.signer.sign(request);
    this.entries.set(id, link);
    this.evict();
    return {
      key: request.key,
      ...(request.versionId ? { versionId: request.versionId } : {}),
      url: link.url,
      expiresAt: new Date(link.expiresAt).toISOString(),
    };
  }

  /** How many links are held (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every cached link (e.g. after sign-out, so no URL outlives the session in memory). */
  clear(): void {
    this.entries.clear();
  }

  private isFresh(link: SignedLink, now: number): boolean {
    return now < link.signedAt + (link.expiresAt - link.signedAt) * this.reuseFraction;
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
