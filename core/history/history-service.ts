import type { SessionSource } from '../account/session-source';
import { rm } from 'node:fs/promises';
import type * as Bucket from '../../shared/models/bucket';
import type { SessionState } from '../../shared/models/account';
import type {
  AsOfPage,
  FolderRestoreResult,
  HistoryPage,
  VersionPreview,
  VersionRegion,
} from '../../shared/models/history';
import { CopperError } from '../../shared/errors';
import type { BucketBrowser } from '../bucket';
import {
  ApiLinkSigner,
  createBucketBrowser,
  PresignCache,
  type BucketBrowserDeps,
  type PresignCall,
} from '../bucket';
import type { CredentialProvider } from '../credentials/provider';
import { downloadFileName, reserveDownloadPath } from './download-target';
import type { VersionPreviews } from './version-previews';
import type { StorageUsage } from '../../shared/models/usage';
import { storagePrices } from '../bucket/storage-prices';
import { UsageCache } from './usage-cache';
import {
  assertArtistLinkLifetime,
  assertOwnFolder,
  assertStaff,
  bucketScope,
  type BucketScope,
} from '../bucket/artist-scope';

export interface HistoryServiceDeps {
  /** S3 credentials for whoever is signed in (the session's provider; static keys in tests). */
  readonly credentials: CredentialProvider;
  /** Without it (tests, direct mode) the credentials are always taken to be usable. */
  readonly account?: SessionSource;
  /** Where downloads are saved (the person's Downloads folder). */
  readonly downloadsDir: string;
  /** Previews made from each version's bytes with the Library's reader (served by the thumbnail route). */
  readonly previews?: VersionPreviews;
  /** Page size of `list` (default 500: one "folder" level rarely has more). */
  readonly pageSize?: number;
  /** Extra BucketBrowser options (restore thresholds, clock) for tests. */
  readonly browser?: Omit<BucketBrowserDeps, 'client' | 'target' | 'credentials' | 'ownsClient'>;
  /**
   * Signs share links with the gallery's keys through the Copper API (SessionService.presign):
   * a temporary credential's links die with it (an hour at most), a share link may live 7 days.
   * Without it (direct mode, tests) share links are signed locally.
   */
  readonly presign?: PresignCall;
  /** Told the bucket endpoint each time a browser is built (the CSP's img-src learns it). */
  readonly onEndpoint?: (endpoint: string | undefined) => void;
  /** Where COPPER_STORAGE_PRICES is read (default process.env), on each usage walk. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The usage cache (default: five minutes per prefix). */
  readonly usageCache?: UsageCache;
}

/**
 * The History view's window onto the bucket, for the `history.*` calls: staff see every artist;
 * an artist only their own folder, read-only (bucket/artist-scope.ts). The BucketBrowser is built
 * lazily from the signed-in person's credential and target, and dropped (its link cache and
 * sockets with it) whenever the account changes, so one person's links or client never serve
 * the next. Signed out → `auth.signed-out`, in words.
 */
export class HistoryService {
  private browser: Promise<BucketBrowser> | undefined;
  // Share links signed by the API, per account like the browser (reset with it).
  private apiLinks: PresignCache | undefined;
  private readonly stopWatching: () => void;
  private readonly usageCache: UsageCache;

  constructor(private readonly deps: HistoryServiceDeps) {
    // Only a different person (or none) drops the browser: a state re-emitted for the same
    // session must not throw away cached thumbnail URLs the renderer is showing.
    this.usageCache = deps.usageCache ?? new UsageCache();
    let who = identity(deps.account?.getState());
    this.stopWatching =
      deps.account?.onState((state) => {
        const next = identity(state);
        if (next !== who) this.reset();
        who = next;
      }) ?? (() => {});
  }

  /** One level under `prefix` (default and empty: the person's own prefix), sub-folders separately. */
  list(prefix?: string, pageToken?: string): Promise<HistoryPage> {
    return this.with(async (b, scope) => {
      const root = b.target.prefix;
      const listed = prefix || root;
      assertOwnFolder(scope, listed, 'the folder');
      const page = await b.listArtworksPage({
        delimiter: '/',
        pageSize: this.deps.pageSize ?? 500,
        prefix: listed,
        ...(pageToken ? { pageToken } : {}),
      });
      return { ...page, prefix: listed, root };
    });
  }

  versions(key: string): Promise<Bucket.ObjectVersion[]> {
    return this.with((b, scope) => {
      assertOwnFolder(scope, key, 'the artwork');
      return b.listVersions(key);
    });
  }

  restore(key: string, versionId: string): Promise<Bucket.RestoreResult> {
    return this.with((b, scope) => {
      assertStaff(scope, 'Restoring a version');
      return b.restoreVersion(key, versionId, this.restoredBy());
    });
  }

  undelete(key: string): Promise<Bucket.RestoreResult> {
    return this.with((b, scope) => {
      assertStaff(scope, 'Undoing a delete');
      return b.undoDelete(key, this.restoredBy());
    });
  }

  deleted(prefix?: string): Promise<Bucket.DeletedArtwork[]> {
    return this.with((b, scope) => {
      if (prefix) assertOwnFolder(scope, prefix, 'the folder');
      return b.listDeleted(prefix);
    });
  }

  /**
   * A plain pre-signed GET. Staff's are signed by the API with the gallery's keys (up to 7 days);
   * an artist's by their own credential (its hour at most, `expiresAt` says when it really ends).
   */
  link(key: string, expiresInSeconds: number, versionId?: string): Promise<Bucket.ShareLink> {
    const request = { expiresInSeconds, ...(versionId ? { versionId } : {}) };
    return this.with((b, scope) => {
      assertOwnFolder(scope, key, 'the artwork');
      assertArtistLinkLifetime(scope, expiresInSeconds);
      if (!this.deps.presign || scope.artist)
        return b.shareLink(key, { ...request, downloadName: downloadFileName(key) });
      this.apiLinks ??= new PresignCache(new ApiLinkSigner(this.deps.presign));
      return this.apiLinks.get({ key, ...request });
    });
  }

  /** One page of a folder level (default: the person's root) as it was at `at`. */
  asOf(prefix: string, at: Date, pageToken?: string): Promise<AsOfPage> {
    return this.with((b, scope) => {
      const listed = prefix || b.target.prefix;
      assertOwnFolder(scope, listed, 'the folder');
      return b.listAsOf(listed, at, {
        pageSize: this.deps.pageSize ?? 500,
        ...(pageToken ? { pageToken } : {}),
      });
    });
  }

  /** Restores a folder level to `at`, as the signed-in person (recorded on each new version). */
  restoreFolder(prefix: string, at: Date): Promise<FolderRestoreResult> {
    return this.with((b, scope) => {
      assertStaff(scope, 'Restoring a folder');
      return b.restoreFolderAsOf(prefix, at, this.restoredBy());
    });
  }

  /**
   * Bytes in current and older versions, version counts and the estimated monthly cost under
   * `prefix` (default: the person's root), per artist and per artwork: cached per prefix for a
   * few minutes, recomputed with `refresh`. The price table is read first, so a bad
   * COPPER_STORAGE_PRICES is reported before any listing.
   */
  usage(prefix?: string, refresh = false): Promise<StorageUsage> {
    return this.with((b, scope) => {
      const prices = storagePrices(this.deps.env ?? process.env);
      const listed = prefix || b.target.prefix;
      assertOwnFolder(scope, listed, 'the folder');
      return this.usageCache.get(listed, refresh, () => b.storageUsage(listed, prices, this.deps.pageSize));
    });
  }

  /** A version's preview and header metadata, made in the core from its own bytes (cached for good). */
  preview(key: string, versionId: string): Promise<VersionPreview> {
    return this.with((b, scope) => {
      assertOwnFolder(scope, key, 'the artwork');
      return this.previews().preview(b, key, versionId);
    });
  }

  /** A full-resolution rectangle of a version (Compare at 100%). */
  region(
    key: string,
    versionId: string,
    rect: { left: number; top: number; width: number; height: number },
  ): Promise<VersionRegion> {
    return this.with((b, scope) => {
      assertOwnFolder(scope, key, 'the artwork');
      return this.previews().region(b, key, versionId, rect);
    });
  }

  /**
   * Saves the version into the Downloads folder under a new name (never overwriting) and
   * returns where; or to `savePath`, a path the person chose in the desktop's save dialog
   * (the dialog already asked before replacing a file). Never a path from the renderer.
   */
  download(key: string, versionId: string, savePath?: string): Promise<Bucket.DownloadResult> {
    return this.with(async (b, scope) => {
      assertOwnFolder(scope, key, 'the artwork');
      if (savePath) return b.downloadVersion(key, savePath, { versionId });
      let path: string;
      try {
        path = await reserveDownloadPath(this.deps.downloadsDir, downloadFileName(key));
      } catch (err) {
        throw new CopperError(
          'local-file',
          `Cannot save into ${this.deps.downloadsDir}: ${(err as Error).message}`,
          false,
          { cause: err },
        );
      }
      try {
        return await b.downloadVersion(key, path, { versionId });
      } catch (err) {
        // The empty placeholder that reserved the name must not be left behind.
        await rm(path, { force: true });
        throw err;
      }
    });
  }

  /** Forgets the browser (its cached links and sockets); the next call builds a new one. */
  reset(): void {
    const old = this.browser;
    this.browser = undefined;
    this.apiLinks?.clear();
    this.apiLinks = undefined;
    this.usageCache.clear();
    void old?.then(
      (b) => b.close(),
      () => {},
    );
  }

  dispose(): void {
    this.stopWatching();
    this.reset();
  }

  private previews(): VersionPreviews {
    if (!this.deps.previews) throw new CopperError('preview.unavailable', 'Previews are not set up here.');
    return this.deps.previews;
  }

  private restoredBy(): { restoredBy?: string } {
    const state = this.deps.account?.getState();
    return state?.status === 'signed-in' ? { restoredBy: state.profile.email } : {};
  }

  /** An artist by the credential's target or by the signed-in profile (either is enough). */
  private scope(b: BucketBrowser): BucketScope {
    const state = this.deps.account?.getState();
    const profileArtist = state?.status === 'signed-in' && state.profile.role === 'artist';
    return bucketScope(b.target, b.target.role === 'artist' || profileArtist);
  }

  private async with<T>(run: (browser: BucketBrowser, scope: BucketScope) => Promise<T>): Promise<T> {
    const state = this.deps.account?.getState();
    if (state && state.status === 'session-expired') {
      throw new CopperError(
        'auth.session-expired',
        'Your session has ended. Sign in again to browse the bucket’s history.',
      );
    }
    if (state && state.status !== 'signed-in') {
      throw new CopperError('auth.signed-out', 'Sign in to browse the bucket’s history.');
    }
    if (!this.browser) {
      const building = createBucketBrowser(this.deps.credentials, this.deps.browser).then((b) => {
        this.deps.onEndpoint?.(b.target.endpoint);
        return b;
      });
      this.browser = building;
      // A failed build (offline, API down) is not cached: the next call tries again.
      building.catch(() => {
        if (this.browser === building) this.browser = undefined;
      });
    }
    const browser = await this.browser;
    return run(browser, this.scope(browser));
  }
}

function identity(state: SessionState | undefined): string {
  return state?.status === 'signed-in'
    ? `${state.profile.apiUrl} ${state.profile.email}`
    : (state?.status ?? 'none');
}
