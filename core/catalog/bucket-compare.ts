import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { BucketComparison, BucketStatus } from '../../shared/models/catalog';
import type { BucketTarget, CredentialProvider } from '../credentials/provider';
import type { LastUpload } from '../db/catalog-repository';
import { createS3Client } from '../s3/client-factory';
import { RESTORED_FROM_META } from '../bucket';
import { toBucketError } from '../bucket/s3-error';

/** What the comparer needs: the credential the queue runs with, and this machine's last uploads. */
export interface BucketCompareDeps {
  /** The provider the upload queue uses now (the artist's credential), or undefined while signed out. */
  readonly access: () => CredentialProvider | undefined;
  readonly lastUploads: (paths: readonly string[]) => LastUpload[];
  /** A comparison younger than this is answered from memory (default 60 s); `refresh` asks S3 again. */
  readonly maxAgeMs?: number;
  /** HEAD requests in flight at once (default 8). */
  readonly concurrency?: number;
  readonly now?: () => number;
  /** Builds the S3 client for a provider (tests may pass their own); default the production factory. */
  readonly client?: (provider: CredentialProvider) => Promise<S3Client>;
}

const SIGN_IN = 'Sign in to compare with the gallery.';

/** What one HEAD of a key's current version gave. */
export type CurrentVersion =
  | { readonly kind: 'present'; readonly head: HeadObjectCommandOutput }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly code: string; readonly message: string };

export function bare(etag: string | null | undefined): string | undefined {
  return etag ? etag.replace(/"/g, '') : undefined;
}

/**
 * The Library's "unchanged" is about the bucket, not about this machine's memory: for each
 * file this machine uploaded, one HEAD of its key's current version (batched, at most
 * `concurrency` at once, remembered for `maxAgeMs`) says whether the bucket still holds
 * that upload — same ETag and size, or the very version — or another version since (a
 * restore or someone else's upload), or nothing (deleted).
 */
export class BucketComparer {
  private readonly cache = new Map<string, { at: number; value: BucketComparison; upload: LastUpload }>();
  private client: { provider: CredentialProvider; client: S3Client } | undefined;

  constructor(private readonly deps: BucketCompareDeps) {}

  async compare(paths: readonly string[], refresh = false): Promise<BucketComparison[]> {
    const now = (this.deps.now ?? Date.now)();
    const maxAge = this.deps.maxAgeMs ?? 60_000;
    const uploads = this.deps.lastUploads([...new Set(paths)]);
    const out: BucketComparison[] = [];
    const ask: LastUpload[] = [];
    for (const u of uploads) {
      const had = this.cache.get(u.path);
      const fresh =
        had && now - had.at < maxAge && had.upload.versionId === u.versionId && had.upload.etag === u.etag;
      if (fresh && !refresh) out.push(had.value);
      else ask.push(u);
    }
    const provider = this.deps.access();
    if (!provider) return [...out, ...ask.map((u) => this.unknown(u, SIGN_IN))];
    const client = await this.clientFor(provider);
    let next = 0;
    const worker = async () => {
      while (next < ask.length) {
        const u = ask[next++]!;
        const value = await this.head(client, u);
        if (value.status !== 'unknown') this.cache.set(u.path, { at: now, value, upload: u });
        out.push(value);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency ?? 8, ask.length) }, worker));
    return out;
  }

  /**
   * One HEAD of a key's current version with the queue's credential, for the details panel
   * (never cached: the panel asks when it opens). `absent` for a missing key or a delete marker.
   */
  async current(bucket: string | undefined, key: string): Promise<CurrentVersion> {
    const provider = this.deps.access();
    if (!provider) return { kind: 'unknown', code: 'signed-out', message: SIGN_IN };
    try {
      const client = await this.clientFor(provider);
      const target = bucket ?? (await provider.target()).bucket;
      return {
        kind: 'present',
        head: await client.send(new HeadObjectCommand({ Bucket: target, Key: key })),
      };
    } catch (err) {
      const e = toBucketError(err, `"${key}"`);
      if (e.code === 'not-found' || e.code === 'is-delete-marker') return { kind: 'absent' };
      return { kind: 'unknown', code: e.code, message: e.message };
    }
  }

  /** The queue credential's target (bucket and prefix), or undefined while signed out. */
  async target(): Promise<BucketTarget | undefined> {
    return this.deps.access()?.target();
  }

  dispose(): void {
    this.client?.client.destroy();
    this.client = undefined;
    this.cache.clear();
  }

  private async clientFor(provider: CredentialProvider): Promise<S3Client> {
    if (this.client?.provider === provider) return this.client.client;
    this.client?.client.destroy();
    const client = this.deps.client
      ? await this.deps.client(provider)
      : createS3Client(await provider.target(), provider);
    this.client = { provider, client };
    return client;
  }

  private async head(client: S3Client, u: LastUpload): Promise<BucketComparison> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: u.bucket, Key: u.key }));
      const same =
        (u.versionId !== null && head.VersionId === u.versionId) ||
        (bare(head.ETag) !== undefined && bare(head.ETag) === bare(u.etag) && head.ContentLength === u.size);
      return this.result(u, same ? 'same' : 'differs', {
        currentVersionId: head.VersionId ?? null,
        restoredFrom: head.Metadata?.[RESTORED_FROM_META] ?? null,
        message: same
          ? null
          : head.Metadata?.[RESTORED_FROM_META]
            ? `The gallery's current ${u.key} was restored from an older version; it is not this file.`
            : `The gallery's current ${u.key} is another version than this file (someone replaced it).`,
      });
    } catch (err) {
      const e = toBucketError(err, `"${u.key}"`);
      if (e.code === 'not-found' || e.code === 'is-delete-marker')
        return this.result(u, 'missing', { message: `${u.key} is no longer in the gallery (deleted).` });
      return this.unknown(u, e.message);
    }
  }

  private unknown(u: LastUpload, message: string): BucketComparison {
    return this.result(u, 'unknown', { message });
  }

  private result(
    u: LastUpload,
    status: BucketStatus,
    rest: Partial<Pick<BucketComparison, 'currentVersionId' | 'restoredFrom' | 'message'>>,
  ): BucketComparison {
    return {
      path: u.path,
      key: u.key,
      status,
      currentVersionId: rest.currentVersionId ?? null,
      restoredFrom: rest.restoredFrom ?? null,
      message: rest.message ?? null,
      checkedAt: new Date((this.deps.now ?? Date.now)()).toISOString(),
    };
  }
}
