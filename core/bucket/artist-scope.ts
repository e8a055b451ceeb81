import { CopperError } from '../../shared/errors';
import { ARTIST_LINK_MAX_SECONDS } from '../../shared/models/bucket';
import type { BucketTarget } from '../credentials/provider';

/**
 * What the signed-in person may do with the bucket's history. An artist's credential reads and
 * lists only `artists/<own id>/` (S3 enforces it); staff read every artist. `root` is where
 * their History starts.
 */
export interface BucketScope {
  readonly artist: boolean;
  readonly root: string;
}

/** The scope of a credential's target (the API says the role; direct mode has none: not an artist). */
export function bucketScope(target: BucketTarget, artist = target.role === 'artist'): BucketScope {
  return { artist, root: target.prefix };
}

/**
 * An artist asks only about their own folder: anything else is refused here, in words, before
 * a request S3 would deny anyway. Staff are left to S3 (their grant is `artists/`).
 */
export function assertOwnFolder(scope: BucketScope, keyOrPrefix: string, what: string): void {
  if (!scope.artist || keyOrPrefix.startsWith(scope.root)) return;
  throw new CopperError(
    'history.outside-own-folder',
    `You can see only your own artworks, under ${scope.root}: ${what} "${keyOrPrefix}" is outside it.`,
  );
}

/**
 * Restores (a version, an undo of a delete, a folder to a moment) are the gallery's decision:
 * an artist's History is read-only. Their credential could copy within their own folder, so
 * this is the product's rule, kept in the core so no caller (renderer, CLI) offers it.
 */
export function assertStaff(scope: BucketScope, what: string): void {
  if (!scope.artist) return;
  throw new CopperError(
    'history.staff-only',
    `${what} is for gallery staff. Your History shows what the gallery holds; ask the gallery to change it.`,
  );
}

/** An artist's pre-signed link is signed by their own hour-long credential: no longer than it. */
export function assertArtistLinkLifetime(scope: BucketScope, seconds: number): void {
  if (!scope.artist || seconds <= ARTIST_LINK_MAX_SECONDS) return;
  throw new CopperError(
    'invalid-expiry',
    `Your pre-signed links live at most an hour (your sign-in's S3 credential signs them; asked: ${seconds} s). ` +
      'For longer, make a share link: it works up to 7 days and can be revoked.',
  );
}
