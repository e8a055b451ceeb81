import type { QueueStatus, QueueTotals } from '../../../shared/models/queue';
import { OfflineIcon } from '../../components/icons';
import { plural } from '../../components/plural';

function offlineWords(n: number): string {
  if (n === 0) return 'Uploads carry on by themselves when the connection returns.';
  return n === 1
    ? '1 file carries on by itself when the connection returns, from where it stopped.'
    : `${plural(n, 'file')} carry on by themselves when the connection returns, from where they stopped.`;
}

/**
 * Why the queue is not moving, in words, above the overall bar: offline (it resumes by
 * itself), nobody signed in (it waits for a sign-in), or another Copper process running
 * this profile's queue. Nothing shows while uploads can run.
 */
export function QueueNotices({
  status,
  totals,
  onSignIn,
}: {
  status: QueueStatus | undefined;
  totals: QueueTotals;
  onSignIn(): void;
}) {
  if (!status) return null;
  const waiting = totals.active + totals.byState.paused;
  if (status.account !== 'ready') {
    return (
      <div className="queue-notice queue-notice--warn" role="status" data-testid="queue-signed-out">
        <span className="queue-notice__text">
          <strong>
            {status.account === 'session-expired' ? 'Your session has ended.' : 'You’re signed out.'}
          </strong>{' '}
          {waiting > 0
            ? `${plural(waiting, 'file')} will upload as soon as you sign in — nothing is lost.`
            : 'Sign in to upload.'}
        </span>
        <button type="button" className="button button--primary button--small" onClick={onSignIn}>
          Sign in
        </button>
      </div>
    );
  }
  if (status.blocked) {
    return (
      <div className="queue-notice queue-notice--warn" role="status" data-testid="queue-blocked">
        <span className="queue-notice__text">
          <strong>Uploads are running elsewhere.</strong> {status.blocked.message}
        </span>
      </div>
    );
  }
  if (!status.online || totals.byState['waiting-for-network'] > 0) {
    return (
      <div className="queue-notice queue-notice--offline" role="status" data-testid="queue-offline">
        <span className="queue-notice__icon">
          <OfflineIcon size={18} />
        </span>
        <span className="queue-notice__text">
          <strong>Waiting for the network.</strong>{' '}
          {offlineWords(totals.byState['waiting-for-network'] || totals.active)}
        </span>
      </div>
    );
  }
  return null;
}
