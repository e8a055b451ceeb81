// Share-link lifetimes as plain numbers, apart from the zod schemas that enforce them, so the
// CLI can check an --expires value without loading zod.

/** Share-link lifetimes the API accepts: one minute to a year (the link is not a pre-signed URL). */
export const SHARE_MIN_SECONDS = 60;
export const SHARE_MAX_SECONDS = 365 * 86_400;
/** An artist's share links (their own work only) live at most seven days; staff's up to a year. */
export const ARTIST_SHARE_MAX_SECONDS = 7 * 86_400;
