import { isHeldBack, type FileProgress, type QueueEntry } from '../../../shared/models/queue';
import type { QueueTotals } from '../../../shared/models/queue';
import { entryBytes } from './queue-row';
import { formatEta, formatRate } from './queue-format';
import { plural } from '../../components/plural';
import { formatBytes } from '../../../shared/format-bytes';

/** Bytes of the current batch: everything listed except failed files (done ones count as sent). */
export function batchBytes(
  entries: readonly QueueEntry[],
  live: ReadonlyMap<number, FileProgress>,
): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const e of entries) {
    if (e.state === 'failed') continue;
    total += e.size;
    done += entryBytes(e, live.get(e.id));
  }
  return { done, total };
}

function headline(t: QueueTotals, held: number, online: boolean, canUpload: boolean): string {
  const s = t.byState;
  if (t.entries === 0) return 'Nothing is uploading';
  if (t.active === 0 && s.paused === 0) {
    // Held-back files (damaged, empty, duplicates) are not failures: they wait for "Upload anyway".
    const failed = s.failed - held;
    if (failed === 0 && held === 0) return `All ${plural(s.done, 'file')} uploaded`;
    return `${plural(s.done, 'file')} uploaded${failed > 0 ? `, ${failed} failed` : ''}${held > 0 ? `, ${held} held back` : ''}`;
  }
  if (!canUpload) return `${plural(t.active + s.paused, 'file')} waiting to upload`;
  if (!online || (s['waiting-for-network'] > 0 && s.uploading === 0))
    return `Waiting for the network · ${plural(t.active, 'file')} to go`;
  if (s.uploading === 0 && s.queued === 0) return `Paused · ${plural(s.paused, 'file')} to go`;
  return `Uploading ${plural(s.uploading + s.queued + s['waiting-for-network'], 'file')}`;
}

/** The card above the list: one bar for the whole batch, with bytes, rate, time left and the counts per state. */
export function OverallProgress({
  entries,
  totals,
  live,
  rate,
  online,
  canUpload,
}: {
  entries: readonly QueueEntry[];
  totals: QueueTotals;
  live: ReadonlyMap<number, FileProgress>;
  rate: number;
  online: boolean;
  canUpload: boolean;
}) {
  const { done, total } = batchBytes(entries, live);
  const fraction = total > 0 ? Math.min(1, done / total) : totals.entries > 0 ? 1 : 0;
  const moving = totals.byState.uploading > 0 && online;
  const eta = moving && rate > 0 ? formatEta((total - done) / rate) : undefined;
  const s = totals.byState;
  const counts: Array<[string, number, string]> = [
    ['uploading', s.uploading, 'uploading'],
    ['queued', s.queued, 'queued'],
    ['waiting-for-network', s['waiting-for-network'], 'waiting'],
    ['paused', s.paused, 'paused'],
    ['failed', s.failed, 'failed'],
    ['done', s.done, 'done'],
  ];
  const state =
    fraction >= 1 && totals.active === 0
      ? 'complete'
      : !online && totals.active > 0
        ? 'offline'
        : moving
          ? 'moving'
          : 'idle';
  return (
    <section className="overall" data-testid="queue-overall" data-state={state} aria-label="Overall progress">
      <div className="overall__top">
        <div className="overall__headline" data-testid="queue-headline">
          {headline(totals, entries.filter(isHeldBack).length, online, canUpload)}
        </div>
        <div className="overall__percent">{Math.floor(fraction * 100)}%</div>
      </div>
      <div
        className="progress progress--large"
        role="progressbar"
        aria-label="All uploads"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.floor(fraction * 100)}
      >
        <span className="progress__fill" data-state={state} style={{ transform: `scaleX(${fraction})` }} />
      </div>
      <div className="overall__bottom">
        <span className="overall__bytes" data-testid="queue-bytes">
          {formatBytes(done)} of {formatBytes(total)}
        </span>
        {moving ? <span className="overall__rate">{formatRate(rate)}</span> : null}
        {eta ? (
          <span className="overall__eta" data-testid="queue-eta">
            {eta}
          </span>
        ) : null}
        <span className="overall__counts">
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
