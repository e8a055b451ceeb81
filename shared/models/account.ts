import type { ErrorShape } from '../errors';

/** Who may do what: artists upload under their own prefix, staff browse and restore everything. */
export type AccountRole = 'artist' | 'staff';

/**
 * The signed-in person as the renderer and the settings file may know them: never a secret.
 * (The session token lives only in the OS keychain, S3 credentials only in memory.)
 */
export interface AccountProfile {
  /** The gallery's Copper API, normalised (no trailing slash). */
  readonly apiUrl: string;
  readonly email: string;
  readonly role: AccountRole;
  /** The artist's id (their key prefix is `artists/<artistId>/`); null for staff. */
  readonly artistId: string | null;
  readonly displayName: string;
}

/**
 * The session as a discriminated union. `session-expired` keeps the profile so the sign-in
 * form can be prefilled; the reason says in words what happened.
 */
export type SessionState =
  | { readonly status: 'signed-out'; readonly reason?: ErrorShape }
  | { readonly status: 'signed-in'; readonly profile: AccountProfile }
  | { readonly status: 'session-expired'; readonly profile: AccountProfile; readonly reason: ErrorShape };
