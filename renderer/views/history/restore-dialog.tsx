import type { ObjectVersion } from '../../../shared/models/bucket';
import { formatBytes } from '../../../shared/format-bytes';
import { Dialog } from '../../components/dialog';
import { baseName, formatDateSeconds } from './history-format';
import { DialogActions } from './dialog-actions';

/** Asks before a version is copied to become the current one (nothing is deleted). */
export function RestoreDialog({
  version,
  onCancel,
  onConfirm,
}: {
  version: ObjectVersion;
  onCancel(): void;
  onConfirm(): void;
}) {
  return (
    <Dialog
      title="Restore this version?"
      onClose={onCancel}
      testId="restore-dialog"
      footer={
        <DialogActions onCancel={onCancel} label="Restore" onConfirm={onConfirm} testId="restore-confirm" />
      }
    >
      <p className="dialog__lead">
        The version of <strong>{formatDateSeconds(version.lastModified)}</strong> ({formatBytes(version.size)}
        ) is copied to become the current version of <strong>{baseName(version.key)}</strong>.
      </p>
      <p className="muted">
        Nothing is deleted: the version that is current now stays in the history and can be restored later.
      </p>
    </Dialog>
  );
}
