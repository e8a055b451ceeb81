import type { FileProgress, QueueEntry } from '../../../shared/models/queue';
import { formatBytes } from '../../../shared/format-bytes';
import { Dialog } from '../../components/dialog';
import { entryBytes } from './queue-row';
import { baseName } from './queue-format';

/**
 * Asks before an upload that has already sent data is cancelled: it names the file and how
 * much was sent. Focus starts on "Keep uploading" and stays in the dialog; Escape keeps uploading.
 */
export function CancelDialog({
  entry,
  live,
  onKeep,
  onCancel,
}: {
  entry: QueueEntry;
  live: FileProgress | undefined;
  onKeep(): void;
  onCancel(): void;
}) {
  const name = baseName(entry.path);
  const sent = entryBytes(entry, live);
  return (
    <Dialog
      title={`Cancel the upload of ${name}?`}
      onClose={onKeep}
      testId="queue-cancel-dialog"
      footer={
        <>
          <button
            type="button"
            className="button button--danger"
            onClick={onCancel}
            data-testid="queue-cancel-confirm"
          >
            Cancel upload
          </button>
          <button type="button" className="button button--primary" data-autofocus onClick={onKeep}>
            Keep uploading
          </button>
        </>
      }
    >
      <p className="dialog__lead">
        <strong data-testid="queue-cancel-sent">
          {formatBytes(sent)} of {formatBytes(entry.size)}
        </strong>{' '}
        {entry.state === 'uploading' ? 'has been sent so far.' : 'was sent before it stopped.'}
      </p>
      <p className="muted">
        Cancelling removes the file from the queue and discards what was sent: nothing of it reaches the
        gallery, and adding it again starts from the beginning.
      </p>
    </Dialog>
  );
}
