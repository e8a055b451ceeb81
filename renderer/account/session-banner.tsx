import { useAccount } from './account-context';

/**
 * Across the top of every view when the session ended (expired, revoked, signed out from
 * the CLI): says the queue is safe and leads to the sign-in form.
 */
export function SessionBanner({ onSignIn }: { onSignIn(): void }) {
  const { state } = useAccount();
  if (state?.status !== 'session-expired') return null;
  return (
    <div className="session-banner" role="status" data-testid="session-banner">
      <span className="session-banner__dot" aria-hidden="true" />
      <span className="session-banner__text">
        <strong>Your session has ended.</strong> Sign in again to carry on uploading — your queue is intact
        and nothing has been lost.
      </span>
      <button type="button" className="button button--primary button--small" onClick={onSignIn}>
        Sign in again
      </button>
    </div>
  );
}
