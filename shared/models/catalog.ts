/**
 * The local catalog: every file found under the folders a person added, with what Copper
 * could read of it. Images get pixel size, colour profile and a cached thumbnail; files that
 * are not images, or that cannot be read, carry a reason in words and are never dropped.
 */

/** What a file turned out to be. `image` by name until reading proves otherwise. */
export type CatalogKind = 'image' | 'not-image' | 'unreadable';

/** Where an item is in the catalog's work: found (pending), read (ready) or failed with a reason. */
export type CatalogState = 'pending' | 'ready' | 'failed';

/** The text fields a printer and a gallery read (XMP first, IPTC-IIM where XMP is silent); null when absent. */
export interface CatalogText {
  readonly title: string | null;
  readonly creator: string | null;
  readonly copyright: string | null;
  readonly description: string | null;
  /** As the file gives it: ISO 8601 from XMP, or IIM's date as YYYY-MM-DD. */
  readonly dateCreated: string | null;
}

/** Where a thumbnail came from: the image itself, a PSD's composite, or a PSD's embedded preview. */
export type CatalogPreview = 'image' | 'composite' | 'embedded';

/** What was read from an image's header (sharp/libvips, or the PSD reader). */
export interface CatalogImageInfo {
  readonly width: number;
  readonly height: number;
  /** libvips' loader name: jpeg, png, tiff, webp, heif, gif… */
  readonly format: string;
  /** The colour space of the pixels (srgb, cmyk, b-w, rgb16, grey16…). */
  readonly space: string;
  /** The colour mode in words: RGB, CMYK, Grey, Lab, Indexed… */
  readonly colourMode: string;
  /** The embedded ICC profile's description ("Adobe RGB (1998)"), or null when none is embedded. */
  readonly profile: string | null;
  readonly hasAlpha: boolean;
  /** Bits per channel (8, 16, 32). */
  readonly bitDepth: number;
  /** Pixels per inch recorded in the file, or null (print size follows from it). */
  readonly ppi: number | null;
  readonly text: CatalogText;
  readonly preview: CatalogPreview;
  /** Set when the content is not what the extension says ("x.tif is named .tif but its content is JPEG."). */
  readonly mismatch: string | null;
}

/** Why a file could not be catalogued (the file itself is kept, and still uploads). */
export interface CatalogError {
  /** catalog.empty | catalog.not-image | catalog.corrupt | catalog.unsupported | catalog.too-large | catalog.unreadable | catalog.vanished */
  readonly code: string;
  /** Names the file and the reason, in words a person can act on. */
  readonly message: string;
}

/** One file in the catalog. */
export interface CatalogItem {
  /** sha1(path, size, mtime): the item's identity, and its thumbnail's name in the cache. */
  readonly id: string;
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly kind: CatalogKind;
  readonly state: CatalogState;
  readonly image: CatalogImageInfo | null;
  /** The cached thumbnail's id (the renderer turns it into a URL for its transport), or null. */
  readonly thumbnail: string | null;
  readonly error: CatalogError | null;
  /** The Library source (added folder or file) it was found under; null outside the Library (tests, one-off reads). */
  readonly sourceId: number | null;
  /** The content's SHA-256 (hex) once known, for duplicates; null until hashed. */
  readonly sha256: string | null;
}

/** The Library header's counts: items found, read (with an image), failed, still pending, and images among them. */
export interface CatalogSummary {
  readonly found: number;
  readonly ready: number;
  readonly failed: number;
  readonly pending: number;
  readonly images: number;
}

/**
 * One window of the catalog (`catalog.page`): the items at `offset` of a snapshot of the
 * whole list, its total and counts. Later pages asked with the same `snapshot` come from the
 * same list, however the catalog changed since; an expired one answers with a new snapshot.
 */
export interface CatalogPage {
  readonly snapshot: string;
  readonly offset: number;
  readonly total: number;
  readonly summary: CatalogSummary;
  readonly items: readonly CatalogItem[];
}

/** A folder or file added to the Library (one per path, however often it is added). */
export interface CatalogSource {
  readonly id: number;
  readonly path: string;
  /** ISO time it was first added. */
  readonly addedAt: string;
}

/** What one scan found. */
export interface CatalogCounts {
  readonly found: number;
  readonly images: number;
  readonly ready: number;
  readonly failed: number;
  readonly notImages: number;
  /** Images whose metadata and thumbnail came from the cache (no decode). */
  readonly cached: number;
  /** Folders or entries the walk skipped (hidden, symlink loops, vanished). */
  readonly skipped: number;
}

/**
 * What checking a typed Library path gave: a reason in words, or the resolved path (`~`
 * expanded) with its file count (up to a cap) and, when adding it deserves a second thought
 * (a system folder, the home folder, thousands of files), the question to ask first.
 */
export type PathCheck =
  | { readonly ok: false; readonly message: string }
  | {
      readonly ok: true;
      readonly path: string;
      readonly files: number;
      /** More files than `files` (the count stopped at the cap). */
      readonly more: boolean;
      readonly ask: string | null;
    };

/**
 * How a Library file's last upload from this machine compares with the bucket's current
 * version of its key: `same` (the bucket still holds it), `differs` (someone wrote or
 * restored another version since), `missing` (deleted in the bucket), `unknown` (no
 * credential or no answer; `message` says why).
 */
export type BucketStatus = 'same' | 'differs' | 'missing' | 'unknown';

/** One file's comparison with the bucket (only files this machine uploaded have one). */
export interface BucketComparison {
  readonly path: string;
  readonly key: string;
  readonly status: BucketStatus;
  /** The current version's id when the bucket answered with one. */
  readonly currentVersionId: string | null;
  /** The version the current one was restored from (`x-amz-meta-restored-from`), when it says so. */
  readonly restoredFrom: string | null;
  readonly message: string | null;
  /** ISO time of the HEAD this comes from. */
  readonly checkedAt: string;
}

/** One upload of a Library file from this machine (a `done` entry of the local queue). */
export interface LocalUpload {
  readonly key: string;
  readonly size: number;
  /** ISO time the upload finished (or the re-check found it unchanged). */
  readonly uploadedAt: string;
  readonly versionId: string | null;
  /** `uploaded` sent the bytes; `unchanged` found the same content already there and sent nothing. */
  readonly reason: 'uploaded' | 'unchanged';
}

/**
 * The gallery's current version of a file's key, from one HEAD with the signed-in credential:
 * `present` (with its size, date, version and whether it is the file's content), `absent`
 * ("not in the gallery yet", or deleted), `unknown` (signed out, offline, refused: `message`).
 */
export interface GalleryVersion {
  readonly status: 'present' | 'absent' | 'unknown';
  readonly size: number | null;
  /** ISO time S3 gives as the version's Last-Modified. */
  readonly lastModified: string | null;
  readonly versionId: string | null;
  /** Whether the current version holds the file's content as it is on disk now; null when Copper cannot tell. */
  readonly sameContent: boolean | null;
  /** The current version is one this machine uploaded. */
  readonly uploadedHere: boolean;
  /** The version it was restored from (`x-amz-meta-restored-from`), when it says so. */
  readonly restoredFrom: string | null;
  /** In words: why it is unknown, or how "same content" was decided. */
  readonly message: string | null;
  readonly checkedAt: string;
}

/** What the Library's details panel shows beyond the item itself (`catalog.details`). */
export interface CatalogDetails {
  readonly path: string;
  /** The S3 key: the one it was queued under, else the one adding its source would give; null when unknown (signed out, never queued). */
  readonly key: string | null;
  /** True when `key` is where it would go (never queued from here). */
  readonly keyPlanned: boolean;
  /** This machine's uploads of the file, newest first. */
  readonly uploads: LocalUpload[];
  readonly gallery: GalleryVersion;
}
