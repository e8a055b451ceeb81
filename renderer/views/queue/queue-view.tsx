import { useCallback, useMemo, useRef, useState } from 'react';
import type { QueueEntry } from '../../../shared/models/queue';
import { EmptyState } from '../../components/empty-state';
import { QueueIcon } from '../../components/icons';
import { ViewHeader } from '../../components/view-header';
import { toCopperError } from '../../bridge/bridge-error';
import { OverallProgress } from './overall-progress';
import { QueueNotices } from './queue-notices';
import { entryBytes, QueueRow, type RowActions } from './queue-row';
import { CancelDialog } from './cancel-dialog';
import { BroomIcon, PauseIcon, PlayIcon, RetryIcon } from '../../components/icons';
import type { QueueModel } from '../../stores/queue-store';
import { VirtualList } from '../../components/virtual-list';
import { SpeedLimit } from './speed-limit';
import { useRadioGroup } from '../../components/radio-group';

type Filter = 'all' | 'active' | 'failed' | 'done';
const FILTERS: readonly Filter[] = ['all', 'active', 'failed', 'done'];
const ROW_HEIGHT = 64;

function matches(filter: Filter, e: QueueEntry): boolean {
  if (filter === 'all') return true;
  if (filter === 'failed') return e.state === 'failed';
  if (filter === 'done') return e.state === 'done';
  return e.state !== 'failed' && e.state !== 'done';
}

/** Queue: uploads with per-file and overall progress; pause/resume/retry/cancel one file or all. */
/** The header's bulk actions, each shown only while it has something to act on. */
const bulkActions = [
  {
    action: 'resume',
    label: 'Resume all',
    testId: 'queue-resume-all',
    Icon: PlayIcon,
    when: (paused: number) => paused > 0,
  },
  {
    action: 'pause',
    label: 'Pause all',
    testId: 'queue-pause-all',
    Icon: PauseIcon,
    when: (_paused: number, active: number) => active > 0,
  },
  {
    action: 'retry',
    label: 'Retry failed',
    testId: 'queue-retry-failed',
    Icon: RetryIcon,
    when: (_paused: number, _active: number, failed: number) => failed > 0,
  },
] as const;

export function QueueView({
  queue,
  onGoToLibrary,
  onSignIn,
}: {
  queue: QueueModel;
  onGoToLibrary(): void;
  onSignIn(): void;
}) {
  const [filter, setFilter] = useState<Filter>('all');
  const radios = useRadioGroup(FILTERS, filter, setFilter);
  const [actionError, setActionError] = useState<string>();
  /** The entry whose cancel waits for a yes: it has already sent data. */
  const [confirming, setConfirming] = useState<number>();
  const { entries, totals, summary, status, live } = queue;
  const liveRef = useRef(live);
  liveRef.current = live;
  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  const s = totals.byState;

  const run = useCallback((p: Promise<unknown>) => {
    setActionError(undefined);
    p.catch((err: unknown) => setActionError(toCopperError(err).message));
  }, []);
  const actions = useMemo<RowActions>(
    () => ({
      pause: (id) => run(queue.act('pause', id)),
      resume: (id) => run(queue.act('resume', id)),
      retry: (id) => run(queue.act('retry', id)),
      cancel: (id) => {
        const e = entriesRef.current.find((x) => x.id === id);
        // Nothing sent yet: nothing to lose, no question. Else ask first.
        if (e && e.state !== 'done' && entryBytes(e, liveRef.current.get(id)) > 0) setConfirming(id);
        else run(queue.cancel(id));
      },
    }),
    [queue, run],
  );

  const shown = useMemo(
    () => (filter === 'all' ? entries : entries.filter((e) => matches(filter, e))),
    [entries, filter],
  );
  const online = status?.online ?? true;
  const canUpload = status?.account === 'ready' && !status.blocked;

  const header = (
    <ViewHeader
      title="Queue"
      subtitle="Uploads run in the background and carry on after a restart or a lost connection."
      actions={
        totals.entries > 0 ? (
          <div className="queue-actions">
            {bulkActions
              .filter((a) => a.when(s.paused, totals.active, summary.failed))
              .map((a) => (
                <button
                  key={a.action}
                  type="button"
                  className="button button--secondary"
                  data-testid={a.testId}
                  onClick={() => run(queue.act(a.action))}
                >
                  <a.Icon size={14} /> {a.label}
                </button>
              ))}
            <button
              type="button"
              className="button button--ghost"
              data-testid="queue-clear-done"
              disabled={s.done === 0}
              onClick={() => run(queue.clearDone())}
            >
              <BroomIcon size={14} /> Clear done
            </button>
          </div>
        ) : null
      }
    />
  );

  if (totals.entries === 0) {
    return (
      <div className="view">
        {header}
        <div className="view__body view__body--center">
          <EmptyState
            icon={<QueueIcon size={34} />}
            title="Nothing is uploading"
            actions={
              <button type="button" className="button button--primary" onClick={onGoToLibrary}>
                Add artwork
              </button>
            }
          >
            <p>
              Artwork you add in the Library waits here with its progress. You can pause, resume or cancel any
              file, or the whole queue.
            </p>
          </EmptyState>
        </div>
      </div>
    );
  }

  const pending = confirming === undefined ? undefined : entries.find((e) => e.id === confirming);
  const filters: Array<[Filter, string, number]> = [
    ['all', 'All', totals.entries],
    ['active', 'In progress', totals.active + s.paused],
    ['failed', 'Failed', s.failed],
    ['done', 'Done', s.done],
  ];
  return (
    <div className="view view--fill queue-view">
      {header}
      <div className="view__body queue-view__body">
        <QueueNotices status={status} totals={totals} onSignIn={onSignIn} />
        {queue.error ? (
          <div className="notice notice--bad" role="alert">
            {queue.error.message}
          </div>
        ) : null}
        {actionError ? (
          <div className="notice notice--bad" role="alert" data-testid="queue-action-error">
            {actionError}
          </div>
        ) : null}
        <OverallProgress
          totals={totals}
          summary={summary}
          rate={queue.rate}
          online={online}
          canUpload={canUpload}
        />
        <section className="panel queue-panel">
          <div className="panel__header">
            <div className="segmented" {...radios.group} aria-label="Show">
              {filters.map(([id, label, n]) => (
                <button
                  key={id}
                  type="button"
                  {...radios.radio(id)}
                  className="segmented__option"
                  data-filter={id}
                >
                  {label}
                  <span className="segmented__count">{n.toLocaleString()}</span>
                </button>
              ))}
            </div>
            <SpeedLimit current={status?.bandwidthLimit ?? null} onError={setActionError} />
          </div>
          {shown.length === 0 ? (
            <div className="queue-panel__empty">
              {filter === 'failed'
                ? 'No failed files.'
                : filter === 'done'
                  ? 'Nothing finished yet.'
                  : 'Nothing in progress.'}
            </div>
          ) : (
            <VirtualList
              items={shown}
              rowHeight={ROW_HEIGHT}
              itemKey={(e) => e.id}
              label="Files in the queue"
              className="queue-list"
              renderRow={(e) => <QueueRow entry={e} live={live.get(e.id)} actions={actions} />}
            />
          )}
        </section>
      </div>
      {pending && pending.state !== 'done' ? (
        <CancelDialog
          entry={pending}
          live={live.get(pending.id)}
          onKeep={() => setConfirming(undefined)}
          onCancel={() => {
            setConfirming(undefined);
            run(queue.cancel(pending.id));
          }}
        />
      ) : null}
    </div>
  );
}
