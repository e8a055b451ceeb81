/**
 * What the bucket browser shows: artworks (current objects), their version histories, restores
 * and share links. Plain readonly data with ISO dates so it crosses IPC, WebSocket and the CLI's
 * `--json` unchanged.
 */

/** One current object under a prefix (ListObjectsV2). */
export interface Artwork {
  readonly key: string;
  readonly size: number;
  /** ISO 8601. */
  readonly lastModified: string;
  readonly etag?: string;
}

/** One page of a prefix listing; pass `nextToken` back to get the next page. */
export interface ArtworkPage {
  readonly artworks: readonly Artwork[];
  /** Sub-"folders" when listed with a delimiter (each ends with the delimiter). */
  readonly folders: readonly string[];
  readonly nextToken?: string;
}

/** A stored version of a key, or a delete marker (then `size` is 0 and there are no bytes). */
export interface ObjectVersion {
  readonly key: string;
  readonly versionId: string;
  readonly isLatest: boolean;
  readonly isDeleteMarker: boolean;
  readonly size: number;
  /** ISO 8601. */
  readonly lastModified: string;
  readonly etag?: string;
  /** From the object's `x-amz-meta-uploaded-by`, when it was set and could be read. */
  readonly uploadedBy?: string;
  /** From `x-amz-meta-restored-from`: the version this one is a restored copy of. */
  readonly restoredFrom?: string;
}

/** A key whose current state is "deleted" (its latest entry is a delete marker). */
export interface DeletedArtwork {
  readonly key: string;
  /** The delete marker that hides the key. */
  readonly deleteMarkerVersionId: string;
  /** ISO 8601: when it was deleted. */
  readonly deletedAt: string;
  /** The newest real version behind the marker, if any (what an undo brings back). */
  readonly lastVersion?: ObjectVersion;
}

/** The outcome of a restore or an undone delete: a new current version, history kept. */
export interface RestoreResult {
  readonly key: string;
  /** The version that was copied. */
  readonly restoredFrom: string;
  /** The new current version created by the copy. */
  readonly versionId: string;
}

/** A downloaded version on local disk. */
export interface DownloadResult {
  readonly key: string;
  readonly versionId?: string;
  readonly path: string;
  readonly bytes: number;
}

/** A pre-signed GET URL and when it stops working. */
export interface ShareLink {
  readonly key: string;
  readonly versionId?: string;
  readonly url: string;
  /** ISO 8601: the earlier of the requested expiry and the signing credential's expiry. */
  readonly expiresAt: string;
}

/** Share-link lifetimes S3 SigV4 accepts: one minute to seven days. */
export const SHARE_LINK_MIN_SECONDS = 60;
export const SHARE_LINK_MAX_SECONDS = 7 * 24 * 3600;
/**
 * An artist's pre-signed link is signed by their own temporary S3 credential, which lives an
 * hour at most: the link cannot outlive it (a share link kept by the API can, up to 7 days).
 */
export const ARTIST_LINK_MAX_SECONDS = 3600;
