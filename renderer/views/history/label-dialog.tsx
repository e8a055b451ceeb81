import { useState } from 'react';
import type { ObjectVersion } from '../../../shared/models/bucket';
import { VERSION_LABEL_CHOICES, type VersionLabels } from '../../../shared/models/history';
import { useBridge } from '../../bridge/bridge-context';
import { Dialog } from '../../components/dialog';
import { baseName, formatDateSeconds } from './history-format';
import { TaskError, useTask } from './use-task';
import { DialogActions } from './dialog-actions';

const MAX_LABELS = 8;

/**
 * Labels ("print master", "web", "press", "approved" or any other) and a note for one version,
 * kept by the Copper API with who set them and when; saved as a whole.
 */
export function LabelDialog({
  version,
  current,
  onClose,
  onSaved,
}: {
  version: ObjectVersion;
  current: VersionLabels | undefined;
  onClose(): void;
  onSaved(saved: VersionLabels): void;
}) {
  const bridge = useBridge();
  const [labels, setLabels] = useState<readonly string[]>(current?.labels ?? []);
  const [extra, setExtra] = useState('');
  const [note, setNote] = useState(current?.note ?? '');
  const task = useTask();
  const choices = [...new Set([...VERSION_LABEL_CHOICES, ...labels])];
  const toggle = (l: string) =>
    setLabels((old) => (old.includes(l) ? old.filter((x) => x !== l) : [...old, l].slice(0, MAX_LABELS)));
  const addExtra = () => {
    const l = extra.trim().replace(/\s+/g, ' ').toLowerCase();
    if (l && !labels.includes(l)) setLabels((old) => [...old, l].slice(0, MAX_LABELS));
    setExtra('');
  };

  const save = async () => {
    const typed = extra.trim() ? [extra.trim().replace(/\s+/g, ' ').toLowerCase()] : [];
    const saved = await task.run(() =>
      bridge.invoke('history.label-set', {
        key: version.key,
        versionId: version.versionId,
        labels: [...new Set([...labels, ...typed])].slice(0, MAX_LABELS),
        note,
      }),
    );
    if (saved) onSaved(saved);
  };

  const footer = (
    <DialogActions
      onCancel={onClose}
      label="Save"
      onConfirm={() => void save()}
      busy={task.busy}
      testId="label-save"
    />
  );

  return (
    <Dialog title="Labels" onClose={onClose} footer={footer} testId="label-dialog">
      <p className="dialog__lead">
        The version of <strong>{formatDateSeconds(version.lastModified)}</strong> of{' '}
        <strong className="share-dialog__name">{baseName(version.key)}</strong>.
      </p>
      <div className="field">
        <span className="field__label" id="label-choices">
          Labels
        </span>
        <div className="label-choices" role="group" aria-labelledby="label-choices">
          {choices.map((l) => (
            <button
              key={l}
              type="button"
              className="label-choice"
              aria-pressed={labels.includes(l)}
              onClick={() => toggle(l)}
              data-label={l}
            >
              {l}
            </button>
          ))}
        </div>
        <form
          className="label-extra"
          onSubmit={(e) => {
            e.preventDefault();
            addExtra();
          }}
        >
          <input
            className="input"
            value={extra}
            maxLength={40}
            placeholder="Another label"
            aria-label="Another label"
            onChange={(e) => setExtra(e.target.value)}
            data-testid="label-extra"
          />
          <button type="submit" className="button button--secondary button--small" disabled={!extra.trim()}>
            Add
          </button>
        </form>
      </div>
      <label className="field">
        <span className="field__label">Note</span>
        <textarea
          className="input label-note"
          value={note}
          maxLength={2000}
          rows={3}
          onChange={(e) => setNote(e.target.value)}
          data-testid="label-note"
        />
      </label>
      {current ? (
        <p className="field__hint">
          Last set by {current.updatedBy}, {formatDateSeconds(current.updatedAt)}.
        </p>
      ) : null}
      <TaskError error={task.error} />
    </Dialog>
  );
}
