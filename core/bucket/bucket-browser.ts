import type { S3Client } from '@aws-sdk/client-s3';
import type {
  Artwork,
  ArtworkPage,
  DeletedArtwork,
  DownloadResult,
  ObjectVersion,
  RestoreResult,
  ShareLink,
} from '../../shared/models/bucket';
import { CopperError } from '../../shared/errors';
import type { CredentialProvider, BucketTarget } from '../credentials/provider';
import { createS3Client } from '../s3/client-factory';
import type { BucketContext, Clock } from './bucket-context';
import { downloadVersion, type DownloadOptions } from './download-version';
import { S3LinkSigner, type LinkSigner } from './link-signer';
import { listAllArtworks, listArtworksPage } from './list-artworks';
import {
  listDeleted,
  listVersions,
  newestRealVersion,
  requireHistory,
  type ListVersionsOptions,
} from './list-versions';
import { PresignCache, type PresignCacheOptions } from './presign-cache';
import { restoreVersion, type RestoreOptions } from './restore-version';
import { statVersion } from './stat-version';
import { listAsOf, restoreFolderAsOf } from './as-of';
import type { AsOfPage, FolderRestoreResult } from '../../shared/models/history';
import type { StorageUsage } from '../../shared/models/usage';
import { storageUsage } from './storage-usage';
import type { StoragePrices } from './storage-prices';

export interface BucketBrowserDeps {
  readonly client: S3Client;
  readonly target: BucketTarget;
  readonly credentials: CredentialProvider;
  readonly clock?: Clock;
  /** Replaces local signing (e.g. links signed by the Copper API); defaults to S3LinkSigner. */
  readonly signer?: LinkSigner;
  readonly presignCache?: Omit<PresignCacheOptions, 'clock'>;
  /** Defaults for restores (multipart-copy thresholds; tests make them small). */
  readonly restore?: Omit<RestoreOptions, 'restoredBy'>;
  /** Destroy the client on close() (true when the browser built it). */
  readonly ownsClient?: boolean;
}

/**
 * Staff's and artists' window onto the bucket: list artworks, read a key's history, restore
 * or undelete a version, download one, and share it by a pre-signed link (cached). Every
 * operation runs with the given credential, so S3 enforces what this person may do.
 */
export class BucketBrowser {
  private readonly ctx: BucketContext;
  private readonly links: PresignCache;

  constructor(private readonly deps: BucketBrowserDeps) {
    this.ctx = { client: deps.client, bucket: deps.target.bucket };
    const signer = deps.signer ?? new S3LinkSigner(this.ctx, deps.credentials, deps.clock);
    this.links = new PresignCache(signer, {
      ...deps.presignCache,
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
  }

  /** The bucket and the prefix this person works in. */
  get target(): BucketTarget {
    return this.deps.target;
  }

  /** One page of artworks under `prefix` (default: the person's own prefix). */
  listArtworksPage(
    options: { prefix?: string; pageToken?: string; pageSize?: number; delimiter?: string } = {},
  ): Promise<ArtworkPage> {
    return listArtworksPage(this.ctx, { ...options, prefix: options.prefix ?? this.deps.target.prefix });
  }

  /** Every artwork under `prefix`, one page in memory at a time. */
  listArtworks(prefix?: string): AsyncGenerator<Artwork> {
    return listAllArtworks(this.ctx, prefix ?? this.deps.target.prefix);
  }

  /** Keys under `prefix` hidden by a delete marker, with what an undo brings back. */
  listDeleted(prefix?: string): Promise<DeletedArtwork[]> {
    return listDeleted(this.ctx, prefix ?? this.deps.target.prefix);
  }

  /** A key's versions and delete markers, newest first, with the uploader when recorded. */
  listVersions(key: string, options?: ListVersionsOptions): Promise<ObjectVersion[]> {
    return listVersions(this.ctx, key, options);
  }

  /** One version's size, date and uploader (the current version when `versionId` is omitted); `not-found` if absent. */
  statVersion(key: string, versionId?: string): Promise<ObjectVersion> {
    return statVersion(this.ctx, key, versionId);
  }

  /** Copies `versionId` over the key: a new current version with the old bytes, history kept. */
  restoreVersion(
    key: string,
    versionId: string,
    options: { restoredBy?: string } = {},
  ): Promise<RestoreResult> {
    return restoreVersion(this.ctx, key, versionId, { ...this.deps.restore, ...options });
  }

  /**
   * Undoes a delete: copies the newest real version behind the delete marker, so the key is
   * current again and the marker stays in the history (staff may restore, not erase history).
   */
  async undoDelete(key: string, options: { restoredBy?: string } = {}): Promise<RestoreResult> {
    const history = await listVersions(this.ctx, key, { withUploader: false });
    requireHistory(key, history);
    if (!history[0]!.isDeleteMarker)
      throw new CopperError(
        'not-deleted',
        `"${key}" is not deleted: its current version is ${history[0]!.versionId}.`,
      );
    const source = newestRealVersion(history);
    if (!source)
      throw new CopperError(
        'nothing-to-restore',
        `"${key}" has only delete markers: there is no version to bring back.`,
      );
    return this.restoreVersion(key, source.versionId, options);
  }

  /** One page of a folder level as it was at `at` (paged; never the whole bucket at once). */
  listAsOf(
    prefix: string,
    at: Date,
    options: { pageToken?: string; pageSize?: number } = {},
  ): Promise<AsOfPage> {
    return listAsOf(this.ctx, prefix, at, options);
  }

  /** Restores a folder level to `at`: one server-side copy per artwork that differs; nothing deleted. */
  restoreFolderAsOf(
    prefix: string,
    at: Date,
    options: { restoredBy?: string } = {},
  ): Promise<FolderRestoreResult> {
    return restoreFolderAsOf(
      {
        listAsOf: (p, when, pageToken) => this.listAsOf(p, when, pageToken ? { pageToken } : {}),
        restoreVersion: (key, versionId) => this.restoreVersion(key, versionId, options),
      },
      prefix,
      at,
    );
  }

  /** Bytes in current and older versions and the estimated monthly cost under `prefix` (default: the person's own). */
  storageUsage(prefix: string | undefined, prices: StoragePrices, pageSize?: number): Promise<StorageUsage> {
    return storageUsage(this.ctx, prefix || this.deps.target.prefix, prices, pageSize ? { pageSize } : {});
  }

  /** Streams a version (default: the current one) to a local file. */
  downloadVersion(key: string, destination: string, options?: DownloadOptions): Promise<DownloadResult> {
    return downloadVersion(this.ctx, key, destination, options);
  }

  /** A pre-signed GET URL, the same one while it has more than a quarter of its life left. */
  shareLink(
    key: string,
    options: { versionId?: string; expiresInSeconds?: number; downloadName?: string } = {},
  ): Promise<ShareLink> {
    return this.links.get({
      key,
      expiresInSeconds: options.expiresInSeconds ?? 3600,
      ...(options.versionId ? { versionId: options.versionId } : {}),
      ...(options.downloadName ? { downloadName: options.downloadName } : {}),
    });
  }

  /** Forgets cached links and, if this browser built its client, closes its sockets. */
  close(): void {
    this.links.clear();
    if (this.deps.ownsClient) this.deps.client.destroy();
  }
}

/** Builds a browser for whatever bucket and prefix the provider's credential is for. */
export async function createBucketBrowser(
  credentials: CredentialProvider,
  options: Omit<BucketBrowserDeps, 'client' | 'target' | 'credentials' | 'ownsClient'> = {},
): Promise<BucketBrowser> {
  const target = await credentials.target();
  const client = createS3Client(target, credentials);
  return new BucketBrowser({ ...options, client, target, credentials, ownsClient: true });
}
