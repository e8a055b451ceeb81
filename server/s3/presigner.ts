import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { HttpError } from '../../shared/http/http-error';
import type { ApiPresigned } from '../../shared/http/api-schemas';
import type { User } from '../auth/users';
import { prefixFor } from './session-policy';

/** A pre-signed GET URL and when it stops working. */
export type Presigned = ApiPresigned;

/** What the presigner needs; the clock is injectable so cache expiry is testable. */
export interface PresignerOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly now: () => number;
  /** Most URLs kept; the least recently used go first. */
  readonly maxEntries?: number;
}

/** Shortest and default lifetimes; the longest depends on the role. */
export const PRESIGN_MIN_SECONDS = 60;
export const PRESIGN_DEFAULT_SECONDS = 3600;
const MAX_SECONDS = { artist: 3600, staff: 7 * 24 * 3600 } as const;

// Requested lifetimes are rounded down to one of these steps, so "about an hour" asked by
// many callers shares one cache entry (the ADR's "ttl bucket").
const TTL_STEPS = [
  60,
  300,
  900,
  1800,
  3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  86_400,
  2 * 86_400,
  3 * 86_400,
  7 * 86_400,
];

/** The lifetime actually used: clamped to the role's range, then rounded down to a step. */
export function ttlBucket(requested: number | undefined, role: 'artist' | 'staff'): number {
  const clamped = Math.min(
    MAX_SECONDS[role],
    Math.max(PRESIGN_MIN_SECONDS, Math.floor(requested ?? PRESIGN_DEFAULT_SECONDS)),
  );
  let step = TTL_STEPS[0]!;
  for (const s of TTL_STEPS) if (s <= clamped) step = s;
  return step;
}

/**
 * Checks a key is something this person may read: under their prefix, and no path tricks
 * (empty, `.` or `..` segments would be normalised away by some HTTP clients and then no
 * longer match the signature — or worse, a proxy's idea of the key).
 */
export function assertReadableKey(user: User, key: string): void {
  const prefix = prefixFor(user.role, user.artistId);
  const segments = key.split('/');
  const bad =
    key.length > 1024 ||
    [...key].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) ||
    segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad) throw new HttpError(400, 'presign.invalid-key', 'That is not a valid artwork key.');
  if (!key.startsWith(prefix))
    throw new HttpError(403, 'presign.forbidden', `You may only share artworks under ${prefix}.`);
}

interface Entry {
  readonly url: string;
  readonly signedAt: number;
  readonly expiresAt: number;
}

/**
 * Pre-signs GET URLs with the gallery's keys (so a link can outlive any STS credential, up
 * to SigV4's 7 days) and caches them per (key, versionId, ttl step). A cached URL is reused
 * while less than half its life is gone, so every caller gets at least half the lifetime
 * they asked for and a thumbnail grid does not re-sign thousands of URLs per scroll.
 *
 * The cache is per dyno (process memory, not PostgreSQL) and bounded (`maxEntries`, default
 * 10,000, least recently used dropped first: a few MB at most). That is fine: it only saves
 * signing work and is never what authorises anything — the key check above runs on every
 * call, and S3 checks the signature. Two dynos merely sign the same URL twice; a restart
 * starts empty. Nothing in it is secret beyond the URL the caller may already have.
 */
export class Presigner {
  private readonly cache = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(private readonly o: PresignerOptions) {
    this.maxEntries = o.maxEntries ?? 10_000;
  }

  async presign(
    user: User,
    key: string,
    versionId: string | undefined,
    expiresIn: number | undefined,
  ): Promise<Presigned> {
    assertReadableKey(user, key);
    const ttl = ttlBucket(expiresIn, user.role);
    const cacheKey = JSON.stringify([key, versionId ?? null, ttl]);
    const now = this.o.now();
    const hit = this.cache.get(cacheKey);
    if (hit && now - hit.signedAt < (hit.expiresAt - hit.signedAt) / 2) {
      this.cache.delete(cacheKey); // refresh LRU position
      this.cache.set(cacheKey, hit);
      return { url: hit.url, expiresAt: new Date(hit.expiresAt).toISOString() };
    }
    const url = await getSignedUrl(
      this.o.s3,
      new GetObjectCommand({
        Bucket: this.o.bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
      }),
      { expiresIn: ttl, signingDate: new Date(now) },
    );
    const entry = { url, signedAt: now, expiresAt: now + ttl * 1000 };
    this.cache.delete(cacheKey);
    this.cache.set(cacheKey, entry);
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return { url, expiresAt: new Date(entry.expiresAt).toISOString() };
  }

  /** How many URLs are cached (for tests and metrics). */
  get size(): number {
    return this.cache.size;
  }
}
