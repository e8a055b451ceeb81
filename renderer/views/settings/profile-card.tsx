import { useState } from 'react';
import type { CopperError } from '../../../shared/errors';
import type { AccountProfile } from '../../../shared/models/account';
import { useAccount } from '../../account/account-context';
import { initials, roleLabel } from '../../account/account-words';
import { toCopperError } from '../../bridge/bridge-error';
import { BusyLabel } from '../../components/busy-label';
import { SettingsRow } from './settings-card';

/** Who is signed in (never a secret: the token stays in the keychain) and the way out. */
export function ProfileCard({ profile }: { profile: AccountProfile }) {
  const { signOut } = useAccount();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<CopperError>();
  const leave = async () => {
    setPending(true);
    setError(undefined);
    try {
      await signOut();
    } catch (err) {
      setError(toCopperError(err));
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="profile" data-testid="account-signed-in" data-role={profile.role}>
      <div className="profile__head">
        <span className="avatar" aria-hidden="true">
          {initials(profile.displayName, profile.email)}
        </span>
        <div className="profile__who">
          <div className="profile__name" data-testid="profile-name">
            {profile.displayName || profile.email}
          </div>
          <div className="profile__email selectable" data-testid="profile-email">
            {profile.email}
          </div>
        </div>
        <span
          className={`pill ${profile.role === 'staff' ? 'pill--accent' : 'pill--neutral'}`}
          data-testid="profile-role"
        >
          {roleLabel(profile.role)}
        </span>
      </div>
      <dl className="settings-rows settings-rows--flush">
        <SettingsRow label="Artist ID" testId="profile-artist-id">
          {profile.artistId ? (
            <>
              <span className="mono selectable">{profile.artistId}</span>
              <span className="muted"> · uploads go to </span>
              <span className="mono selectable">artists/{profile.artistId}/</span>
            </>
          ) : (
            <span className="muted">None — staff see every artist’s work</span>
          )}
        </SettingsRow>
        <SettingsRow label="Gallery API" className="mono selectable" testId="profile-api-url">
          {profile.apiUrl}
        </SettingsRow>
      </dl>
      {error ? (
        <div className="notice notice--bad profile__error" role="alert" data-testid="sign-out-error">
          {error.message}
        </div>
      ) : null}
      <div className="profile__footer">
        <span className="settings-row__hint">
          Your sign-in is kept in this computer’s keychain, never in a file.
        </span>
        <button
          type="button"
          className="button button--secondary"
          onClick={leave}
          disabled={pending}
          data-testid="sign-out"
        >
          <BusyLabel busy={pending} busyText="Signing out…" idle="Sign out" />
        </button>
      </div>
    </div>
  );
}
