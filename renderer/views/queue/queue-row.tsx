import { memo } from 'react';
import { isHeldBack, type FileProgress, type QueueEntry } from '../../../shared/models/queue';
import { CloseIcon } from '../../components/icons';
import { AlertIcon, CheckIcon, PauseIcon, PlayIcon, RetryIcon } from '../../components/icons';
import { baseName, formatEta, formatRate, stateBadge } from './queue-format';
import { formatBytes } from '../../../shared/format-bytes';
import './queue-row.css';

/** What a row can ask the queue to do. */
export interface RowActions {
  pause(id: number): void;
  resume(id: number): void;
  retry(id: number): void;
  cancel(id: number): void;
}

/** Bytes shown for an entry: live bytes while it uploads, else what S3 has confirmed. */
export function entryBytes(e: QueueEntry, live: FileProgress | undefined): number {
  if (e.state === 'done') return e.size;
  return live?.bytes ?? e.bytesDone;
}

/**
 * The failure in words without the file's path in front (the row already names the file):
 * "/a/b/c.jpg is gone: it was moved…" → "Gone: it was moved…".
 */
export function failureWords(path: string, message: string): string {
  if (!message.startsWith(path)) return message;
  const rest = message
    .slice(path.length)
    .replace(/^[:\s]+/, '')
    .replace(/^is /, '');
  return rest ? rest[0]!.toUpperCase() + rest.slice(1) : message;
}

function Secondary({ entry, live }: { entry: QueueEntry; live: FileProgress | undefined }) {
  if (entry.state === 'failed') {
    return (
      <span
        className={`queue-row__detail queue-row__detail--${isHeldBack(entry) ? 'warn' : 'bad'}`}
        title={entry.message}
        data-testid="queue-row-reason"
      >
        {failureWords(entry.path, entry.message)}
      </span>
    );
  }
  const bytes = entryBytes(entry, live);
  // A file not started yet shows its size only ("0 bytes of …" is noise in a long list).
  let text = bytes > 0 ? `${formatBytes(bytes)} of ${formatBytes(entry.size)}` : formatBytes(entry.size);
  if (entry.state === 'done')
    text =
      entry.reason === 'unchanged'
        ? `${formatBytes(entry.size)} · same as the last upload, not sent again`
        : formatBytes(entry.size);
  else if (entry.state === 'uploading' && live && live.rate > 0)
    text += ` · ${formatRate(live.rate)}${live.etaSeconds !== undefined ? ` · ${formatEta(live.etaSeconds)}` : ''}`;
  return (
    <span className="queue-row__detail" title={entry.key}>
      {text}
      <span className="queue-row__key"> → {entry.key}</span>
    </span>
  );
}

/** One file of the queue: name, where it goes, its progress, its state and what can be done about it. */
export const QueueRow = memo(function QueueRow({
  entry,
  live,
  actions,
}: {
  entry: QueueEntry;
  live: FileProgress | undefined;
  actions: RowActions;
}) {
  const badge = stateBadge(entry);
  const bytes = entryBytes(entry, live);
  const fraction = entry.size > 0 ? Math.min(1, bytes / entry.size) : entry.state === 'done' ? 1 : 0;
  const name = baseName(entry.path);
  return (
    <div className="queue-row" data-state={entry.state} data-testid="queue-row" data-key={entry.key}>
      <span className={`queue-row__icon queue-row__icon--${badge.tone}`} aria-hidden="true">
        {entry.state === 'done' ? (
          <CheckIcon size={15} />
        ) : entry.state === 'failed' ? (
          <AlertIcon size={15} />
        ) : (
          <span className="queue-row__ring" style={{ ['--p' as string]: fraction }} />
        )}
      </span>
      <span className="queue-row__main">
        <span className="queue-row__name" title={entry.path}>
          {name}
        </span>
        <Secondary entry={entry} live={live} />
        {entry.state === 'uploading' ||
        ((entry.state === 'paused' || entry.state === 'waiting-for-network' || entry.state === 'queued') &&
          bytes > 0) ? (
          <span
            className="progress progress--thin"
            role="progressbar"
            aria-label={`${name} progress`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}
          >
            <span
              className="progress__fill"
              data-state={entry.state}
              style={{ transform: `scaleX(${fraction})` }}
            />
          </span>
        ) : null}
      </span>
      <span className={`pill pill--${badge.tone}`} data-testid="queue-row-state">
        {badge.label}
      </span>
      <span className="queue-row__actions">
        {entry.state === 'uploading' || entry.state === 'queued' || entry.state === 'waiting-for-network' ? (
          <button
            type="button"
            className="icon-button"
            aria-label={`Pause ${name}`}
            title="Pause"
            onClick={() => actions.pause(entry.id)}
          >
            <PauseIcon />
          </button>
        ) : null}
        {entry.state === 'paused' ? (
          <button
            type="button"
            className="icon-button"
            aria-label={`Resume ${name}`}
            title="Resume"
            onClick={() => actions.resume(entry.id)}
          >
            <PlayIcon />
          </button>
        ) : null}
        {isHeldBack(entry) ? (
          <button
            type="button"
            className="button button--ghost queue-row__anyway"
            aria-label={`Upload anyway: ${name}`}
            title="Send it as it is, damaged or empty"
            data-testid="queue-upload-anyway"
            onClick={() => actions.retry(entry.id)}
          >
            Upload anyway
          </button>
        ) : entry.state === 'failed' ? (
          <button
            type="button"
            className="icon-button"
            aria-label={`Retry ${name}`}
            title={entry.retryable ? 'Retry' : 'Try again (it failed for a reason retrying may not fix)'}
            onClick={() => actions.retry(entry.id)}
          >
            <RetryIcon />
          </button>
        ) : null}
        {entry.state !== 'done' ? (
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={`Cancel ${name}`}
            title="Cancel and remove from the queue"
            onClick={() => actions.cancel(entry.id)}
          >
            <CloseIcon size={16} />
          </button>
        ) : null}
      </span>
    </div>
  );
});
