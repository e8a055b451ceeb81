import type { CatalogImageInfo } from './catalog';
import type { ArtworkPage, ObjectVersion, RestoreResult } from './bucket';

/**
 * One "folder" level of the bucket as History shows it: an ArtworkPage plus the prefix that
 * was listed and the person's root prefix (staff: `artists/`), so the breadcrumb starts at
 * what this person may see and never offers a level S3 would refuse.
 */
export interface HistoryPage extends ArtworkPage {
  /** The prefix listed (the root when none was asked for). */
  readonly prefix: string;
  /** The person's own prefix: the breadcrumb's first crumb. */
  readonly root: string;
}

/**
 * A version's preview, made by the core from the version's own bytes (TIFF, PSD, JPEG…):
 * the thumbnail's id in the thumbnail cache (the renderer turns it into a URL for its
 * transport, like the Library's) and what the file's header says.
 */
export interface VersionPreview {
  readonly key: string;
  readonly versionId: string;
  /** The thumbnail's id: immutable, because a version's bytes never change. */
  readonly thumbnail: string;
  /** The header's facts (pixel size, bit depth, colour mode, profile, ppi, XMP/IPTC text). */
  readonly image: CatalogImageInfo;
}

/** A region of a version at full resolution (Compare's 100% zoom), as a cached image id. */
export interface VersionRegion {
  readonly thumbnail: string;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** What one artwork was at a moment: the version current then, deleted then, or not yet there. */
export type AsOfState = 'version' | 'deleted' | 'absent';

/** One artwork of a folder as it was at a moment, beside what it is now. */
export interface AsOfEntry {
  readonly key: string;
  readonly state: AsOfState;
  /** The version current at that moment (state `version`), or the delete marker (state `deleted`). */
  readonly then?: ObjectVersion;
  /** The key's current entry (a version or a delete marker). */
  readonly now: ObjectVersion;
  /** True when restoring the folder to that moment would change this artwork. */
  readonly differs: boolean;
}

/** One page of a folder "as of" a moment; pass `nextToken` back for the next. */
export interface AsOfPage {
  readonly prefix: string;
  /** ISO 8601: the moment asked for. */
  readonly at: string;
  readonly entries: readonly AsOfEntry[];
  readonly folders: readonly string[];
  readonly nextToken?: string;
}

/** What restoring a folder to a moment did, artwork by artwork. */
export interface FolderRestoreResult {
  readonly prefix: string;
  readonly at: string;
  /** A new current version per artwork that differed (server-side copies, history kept). */
  readonly restored: readonly RestoreResult[];
  /** Already as they were then: nothing written. */
  readonly unchanged: number;
  /**
   * Artworks that did not exist or were deleted at that moment but exist now: left as they are,
   * because Copper never deletes (history is never lost through the app).
   */
  readonly keptNewer: readonly string[];
}

/** A share link's state: it opens, it is past its expiry, or it was taken back. */
export type GalleryShareState = 'live' | 'expired' | 'revoked';

/**
 * A share link kept by the Copper API (`<api>/s/<id>`): opening it re-checks it and redirects
 * to a fresh one-minute pre-signed GET of exactly this version, so it can outlive any
 * credential (and the 7-day pre-sign limit), be revoked, and count its downloads.
 */
export interface GalleryShare {
  readonly id: string;
  /** The full link to hand out. */
  readonly url: string;
  readonly key: string;
  readonly versionId: string;
  /** The email of whoever made it. */
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
  readonly downloads: number;
  readonly state: GalleryShareState;
}

/** A version's labels ("print master", "web"…) and note, kept by the Copper API with who and when. */
export interface VersionLabels {
  readonly key: string;
  readonly versionId: string;
  readonly labels: readonly string[];
  readonly note: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** The labels History offers with one click (any other may be typed). */
export const VERSION_LABEL_CHOICES: readonly string[] = ['print master', 'web', 'press', 'approved'];

/** Lifetimes offered for a gallery share link (seconds): a day to a year. */
export const GALLERY_SHARE_CHOICES: readonly { readonly seconds: number; readonly label: string }[] = [
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 30 * 86_400, label: '30 days' },
  { seconds: 90 * 86_400, label: '90 days' },
  { seconds: 365 * 86_400, label: '1 year' },
];
