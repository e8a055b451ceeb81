import type { AccountRole, SessionState } from '../../shared/models/account';
import type { CopperError } from '../../shared/errors';

/**
 * A short headline for a sign-in or API-check failure. The core's message already says what
 * happened and what to do (including how long to wait when rate-limited); the headline lets
 * a person see at a glance which kind of problem it is.
 */
export function failureTitle(err: CopperError): string {
  switch (err.code) {
    case 'auth.invalid-credentials':
      return 'Wrong email or password';
    case 'auth.rate-limited':
      return 'Too many attempts';
    case 'keychain.unavailable':
      return 'The system keychain isn’t available';
    case 'network.offline':
    case 'network.timeout':
      return 'Can’t reach the gallery';
    case 'network.tls':
      return 'The connection isn’t secure';
    case 'api.not-copper':
      return 'That address isn’t a Copper API';
    case 'api.url-invalid':
    case 'api.url-insecure':
      return 'Check the API address';
    case 'api.unavailable':
      return 'The gallery’s API is having trouble';
    case 'auth.forbidden':
      return 'This account can’t sign in here';
    case 'ipc.invalid-payload':
      return 'Check the form';
    case 'transport.failed':
      return 'Copper’s core didn’t answer';
    default:
      return 'Couldn’t sign in';
  }
}

/**
 * The words under the headline: the core's message, except where it would only repeat the
 * headline (then a practical hint instead).
 */
export function failureDetail(err: CopperError): string {
  if (err.code === 'auth.invalid-credentials')
    return 'Check both and try again — passwords are case-sensitive. If you have forgotten yours, ask the gallery to reset it.';
  return err.message;
}

/** The role in words. */
export function roleLabel(role: AccountRole): string {
  return role === 'staff' ? 'Gallery staff' : 'Artist';
}

/** True when the person is known and may not see staff-only views. */
export function isArtist(state: SessionState | undefined): boolean {
  return state !== undefined && state.status !== 'signed-out' && state.profile.role === 'artist';
}

/** Two letters for the avatar: the display name's initials, else the email's first letter. */
export function initials(displayName: string, email: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  const letters =
    words.length >= 2 ? `${words[0]![0]}${words[words.length - 1]![0]}` : (words[0] ?? email).slice(0, 2);
  return letters.toUpperCase();
}
