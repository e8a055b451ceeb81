import { useAccount } from '../../account/account-context';
import { isArtist } from '../../account/account-words';

/**
 * Who is looking at History. Staff (and direct mode) see every artist and may restore and
 * label; an artist sees only their own folder, read-only: the staff-only actions are not shown
 * at all (the core and the API refuse them anyway).
 */
export interface HistoryRole {
  readonly artist: boolean;
  /** The signed-in email: an artist revokes only the share links they made. */
  readonly email: string | undefined;
}

export function useHistoryRole(): HistoryRole {
  const { state } = useAccount();
  return {
    artist: isArtist(state),
    email: state && state.status !== 'signed-out' ? state.profile.email : undefined,
  };
}
