import type { QueueTotals } from '../../../shared/models/queue';
import { outcomeWords, percentOf, type QueueSummary } from '../../../shared/models/queue-summary';
import { formatEta, formatRate } from './queue-format';
import { plural } from '../../components/plural';
import { formatBytes } from '../../../shared/format-bytes';

function headline(t: QueueTotals, s: QueueSummary, online: boolean, canUpload: boolean): string {
  const by = t.byState;
  if (t.entries === 0) return 'Nothing is uploading';
  if (s.active === 0 && s.paused === 0) return outcomeWords(s);
  if (!canUpload) return `${plural(s.active + s.paused, 'file')} waiting to upload`;
  if (!online || (by['waiting-for-network'] > 0 && by.uploading === 0))
    return `Waiting for the network · ${plural(s.active, 'file')} to go`;
  if (s.active === 0) return `Paused · ${plural(s.paused, 'file')} to go`;
  const sending = s.active - s.checking;
  if (sending === 0) return `Checking ${plural(s.checking, 'file')} for changes`;
  return `Uploading ${plural(sending, 'file')}${s.checking > 0 ? ` · checking ${s.checking.toLocaleString()} for changes` : ''}`;
}

/** The bar's look: green only when every file is in the gallery; amber or red when some were held back or failed. */
function barState(s: QueueSummary, moving: boolean, online: boolean): string {
  if (s.complete) return 'complete';
  if (s.active === 0 && s.paused === 0 && s.entries > 0) return s.failed > 0 ? 'failed' : 'attention';
  if (!online && s.active > 0) return 'offline';
  return moving ? 'moving' : 'idle';
}

function bytesWords(s: QueueSummary): string {
  if (s.bytesToSend > 0) return `${formatBytes(s.bytesSent)} of ${formatBytes(s.bytesToSend)}`;
  if (s.checking > 0) return 'Comparing with what was uploaded before';
  return s.entries > 0 ? 'Nothing to send' : '';
}

/** The card above the list: one bar for the whole batch, with bytes, rate, time left and the counts per outcome. */
export function OverallProgress({
  totals,
  summary: s,
  rate,
  online,
  canUpload,
}: {
  totals: QueueTotals;
  summary: QueueSummary;
  rate: number;
  online: boolean;
  canUpload: boolean;
}) {
  const by = totals.byState;
  const moving = by.uploading > 0 && online;
  const left = s.bytesToSend - s.bytesSent;
  // Time left only from bytes that will really be sent, at the rate they really move.
  const eta = moving && rate > 0 && left > 0 ? formatEta(left / rate) : undefined;
  const counts: Array<[string, number, string]> = [
    ['uploading', by.uploading - s.checkingNow, 'uploading'],
    ['checking', s.checkingNow, 'checking'],
    ['queued', by.queued, 'queued'],
    ['waiting-for-network', by['waiting-for-network'], 'waiting'],
    ['paused', s.paused, 'paused'],
    ['done', s.uploaded, 'uploaded'],
    ['unchanged', s.unchanged, 'unchanged'],
    ['held-back', s.heldBack, 'held back'],
    ['failed', s.failed, 'failed'],
  ];
  const state = barState(s, moving, online);
  const percent = percentOf(s);
  const words = headline(totals, s, online, canUpload);
  return (
    <section
      className="overall"
      data-testid="queue-overall"
      data-state={state}
      data-sent={s.bytesSent}
      data-to-send={s.bytesToSend}
      aria-label="Overall progress"
    >
      <div className="overall__top">
        <div className="overall__headline" data-testid="queue-headline">
          {words}
        </div>
        <div className="overall__percent" data-testid="queue-percent">
          {percent}%
        </div>
      </div>
      <div
        className="progress progress--large"
        role="progressbar"
        aria-label="All uploads"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%: ${words}`}
      >
        <span className="progress__fill" data-state={state} style={{ transform: `scaleX(${s.fraction})` }} />
      </div>
      <div className="overall__bottom">
        <span className="overall__bytes" data-testid="queue-bytes">
          {bytesWords(s)}
        </span>
        {moving && rate > 0 ? (
          <span className="overall__rate" data-testid="queue-rate" data-rate={Math.round(rate)}>
            {formatRate(rate)}
          </span>
        ) : null}
        {eta ? (
          <span className="overall__eta" data-testid="queue-eta">
            {eta}
          </span>
        ) : null}
        <span className="overall__counts" data-testid="queue-counts">
          {counts
            .filter(([, n]) => n > 0)
            .map(([key, n, label]) => (
              <span key={key} className="overall__count" data-state={key}>
                <span className="overall__dot" aria-hidden="true" />
                {n.toLocaleString()} {label}
              </span>
            ))}
        </span>
      </div>
    </section>
  );
}
