import { CopperError } from '../../shared/errors';
import type { ApiCredentials } from '../../shared/http/api-schemas';
import type { BucketTarget, CredentialProvider, ScopedCredential } from './provider';

/** A /v1/credentials answer plus the API's clock when it was sent (Date header), if known. */
export type FetchedCredentials = ApiCredentials & { readonly serverTime?: number };

export interface SessionCredentialProviderOptions {
  /** Trades the session for a temporary credential (SessionService.fetchCredentials). */
  readonly fetchCredentials: () => Promise<FetchedCredentials>;
  /** The local clock; injectable for tests. */
  readonly now?: () => number;
  /** Refresh when less than this is left... (default 5 min) */
  readonly refreshAheadMs?: number;
  /** ...or less than this fraction of the lifetime (default 0.2), whichever comes first. */
  readonly refreshAheadFraction?: number;
  /** Who is signed in (their email): the target's `uploadedBy`, so uploads name their uploader. */
  readonly uploadedBy?: () => string | undefined;
}

interface Held {
  readonly credential: ScopedCredential;
  readonly target: BucketTarget;
  /** Local-clock ms when we start refreshing ahead. */
  readonly refreshAt: number;
  /** Local-clock ms when S3 stops accepting it. */
  readonly expiresAt: number;
}

// Below this much life left, a credential is not handed out even if refreshing failed: a
// request signed now must still be valid when S3 reads it.
const MIN_USABLE_MS = 30_000;

/**
 * How long before expiry to refresh: `aheadMs` or `fraction` of the lifetime, whichever is
 * more (5 min / 20 %: a 15-minute credential is replaced after 10 min, an hour's after 48),
 * so a short API outage costs no upload. When that would take half the lifetime or more (a
 * credential of 10 minutes or less: RGW allows 15 s, AWS 15 min), just `fraction`: each credential
 * still serves 80 % of its life, one refresh per lifetime rather than one every half-life.
 */
export function refreshAhead(lifetimeMs: number, aheadMs: number, fraction: number): number {
  const ahead = Math.max(aheadMs, lifetimeMs * fraction);
  return ahead < lifetimeMs / 2 ? ahead : lifetimeMs * fraction;
}

/**
 * S3 credentials from the Copper API session: fetched from /v1/credentials, held in memory
 * only, refreshed ahead of expiry (see refreshAhead) and at once after invalidate().
 * Concurrent callers share one in-flight refresh. If a refresh ahead of expiry fails with a
 * retryable error (offline), the still-valid credential keeps serving.
 * Expiry is judged against the API's clock (Date header) so a wrong local clock is harmless.
 */
export class SessionCredentialProvider implements CredentialProvider {
  private held: Held | undefined;
  private lastTarget: BucketTarget | undefined;
  private inflight: Promise<Held> | undefined;
  // Bumped by reset(): a refresh started for an old session must not repopulate the cache.
  private generation = 0;
  private readonly fetchCredentials: () => Promise<FetchedCredentials>;
  private readonly now: () => number;
  private readonly aheadMs: number;
  private readonly aheadFraction: number;
  private readonly uploadedBy: () => string | undefined;

  constructor(options: SessionCredentialProviderOptions) {
    this.fetchCredentials = options.fetchCredentials;
    this.now = options.now ?? Date.now;
    this.aheadMs = options.refreshAheadMs ?? 5 * 60_000;
    this.aheadFraction = options.refreshAheadFraction ?? 0.2;
    this.uploadedBy = options.uploadedBy ?? (() => undefined);
  }

  async get(): Promise<ScopedCredential> {
    const held = this.held;
    const now = this.now();
    if (held && now < held.refreshAt) return held.credential;
    if (held && now < held.expiresAt - MIN_USABLE_MS) {
      try {
        return (await this.refresh()).credential;
      } catch (err) {
        // Ahead-of-time refresh failed for a passing reason: the current one is still good.
        if (err instanceof CopperError && err.retryable && this.held === held) return held.credential;
        throw err;
      }
    }
    return (await this.refresh()).credential;
  }

  /** S3 said the credential expired or was refused: the next get() fetches a new one. */
  invalidate(): void {
    this.held = undefined;
  }

  async target(): Promise<BucketTarget> {
    return this.held?.target ?? this.lastTarget ?? (await this.refresh()).target;
  }

  /** Forgets everything (sign-out, session ended); an in-flight refresh is disowned. */
  reset(): void {
    this.generation++;
    this.held = undefined;
    this.lastTarget = undefined;
    this.inflight = undefined;
  }

  private refresh(): Promise<Held> {
    if (this.inflight) return this.inflight;
    const generation = this.generation;
    const p = this.fetchCredentials()
      .then((r) => {
        const held = this.toHeld(r);
        if (generation === this.generation) {
          this.held = held;
          this.lastTarget = held.target;
        }
        return held;
      })
      .finally(() => {
        if (this.inflight === p) this.inflight = undefined;
      });
    this.inflight = p;
    return p;
  }

  private toHeld(r: FetchedCredentials): Held {
    const receivedAt = this.now();
    // Lifetime as the API sees it, placed on our clock.
    const lifetime = Date.parse(r.expiration) - (r.serverTime ?? receivedAt);
    const expiresAt = receivedAt + lifetime;
    const ahead = refreshAhead(lifetime, this.aheadMs, this.aheadFraction);
    const uploadedBy = this.uploadedBy();
    return {
      credential: {
        accessKeyId: r.accessKeyId,
        secretAccessKey: r.secretAccessKey,
        sessionToken: r.sessionToken,
        expiration: new Date(expiresAt),
      },
      target: {
        bucket: r.bucket,
        region: r.region,
        endpoint: r.endpoint ?? undefined,
        prefix: r.prefix,
        role: r.role,
        ...(r.uploadPrefixes ? { uploadPrefixes: r.uploadPrefixes } : {}),
        ...(uploadedBy ? { uploadedBy } : {}),
      },
      refreshAt: expiresAt - ahead,
      expiresAt,
    };
  }
}
