import type { SessionState } from '../../../shared/models/account';
import { useAccount } from '../../account/account-context';
import { ProfileCard } from './profile-card';
import { SignInForm } from './sign-in-form';
import { SettingsCard } from './settings-card';

function statusPill(state: SessionState | undefined) {
  if (!state) return null;
  if (state.status === 'signed-in')
    return (
      <span className="pill pill--ok" data-testid="account-status">
        Signed in
      </span>
    );
  if (state.status === 'session-expired')
    return (
      <span className="pill pill--warn" data-testid="account-status">
        Session ended
      </span>
    );
  return (
    <span className="pill pill--neutral" data-testid="account-status">
      Signed out
    </span>
  );
}

/** Settings → Account: the sign-in form, or the profile and sign-out. */
export function AccountSection({ onSignedIn }: { onSignedIn?(next: SessionState): void }) {
  const { state } = useAccount();
  return (
    <SettingsCard id="account" title="Account" testId="account" actions={statusPill(state)}>
      {!state ? (
        <div className="settings-rows settings-rows--loading" aria-busy="true">
          Looking for your saved sign-in…
        </div>
      ) : state.status === 'signed-in' ? (
        <ProfileCard profile={state.profile} />
      ) : (
        // Keyed by status so an expiry mid-typing starts a fresh form prefilled from the profile.
        <SignInForm key={state.status} state={state} onSignedIn={onSignedIn} />
      )}
    </SettingsCard>
  );
}
