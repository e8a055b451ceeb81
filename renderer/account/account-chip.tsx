import { useAccount } from './account-context';
import { initials, roleLabel } from './account-words';

/** The sidebar's reminder of who is signed in (or that nobody is); a click opens Settings → Account. */
export function AccountChip({ onOpen }: { onOpen(): void }) {
  const { state } = useAccount();
  if (!state) return null;
  if (state.status === 'signed-out') {
    return (
      <button
        type="button"
        className="account-chip account-chip--out"
        onClick={onOpen}
        data-testid="account-chip"
        data-status="signed-out"
      >
        <span className="avatar avatar--small avatar--empty" aria-hidden="true">
          ?
        </span>
        <span className="account-chip__text">
          <span className="account-chip__name">Not signed in</span>
          <span className="account-chip__detail">Sign in to upload</span>
        </span>
      </button>
    );
  }
  const { profile } = state;
  const expired = state.status === 'session-expired';
  return (
    <button
      type="button"
      className="account-chip"
      onClick={onOpen}
      data-testid="account-chip"
      data-status={state.status}
      title={profile.email}
    >
      <span className="avatar avatar--small" aria-hidden="true">
        {initials(profile.displayName, profile.email)}
      </span>
      <span className="account-chip__text">
        <span className="account-chip__name">{profile.displayName || profile.email}</span>
        <span className={`account-chip__detail${expired ? ' account-chip__detail--warn' : ''}`}>
          {expired ? 'Session ended — sign in' : roleLabel(profile.role)}
        </span>
      </span>
    </button>
  );
}
