import { useEffect, useState } from 'react';
import type { ObjectVersion } from '../../../shared/models/bucket';
import type { CopperError } from '../../../shared/errors';
import { useBridge, useCall } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';
import { VersionsIcon } from '../../components/icons';
import { EmptyState } from '../../components/empty-state';
import { CompareDialog } from './compare-dialog';
import { ShareDialog } from './share-dialog';
import { LabelDialog } from './label-dialog';
import { RestoreDialog } from './restore-dialog';
import { VersionRow, type VersionActions } from './version-row';
import { baseName, formatDateSeconds } from './history-format';
import { formatBytes } from '../../../shared/format-bytes';
import type { VersionLabels } from '../../../shared/models/history';

type Notice = { readonly tone: 'ok' | 'bad'; readonly text: string; readonly code?: string };

/**
 * The selected artwork's history: every version and delete marker, newest first, with
 * restore (after a confirmation), undo delete, download, share link, and compare any two.
 * `onChanged` tells the browser a new current version exists (its size and date changed).
 * `readOnly` (an artist's own history): no restore, undo or labelling is offered at all.
 */
export function VersionPanel({
  objectKey,
  onChanged,
  readOnly = false,
}: {
  objectKey: string;
  onChanged(): void;
  readOnly?: boolean;
}) {
  const bridge = useBridge();
  const versions = useCall('history.versions', { key: objectKey });
  // Labels live at the Copper API: where there is none (direct mode) the rows simply have none.
  const labels = useCall('history.labels', { key: objectKey });
  const [labelling, setLabelling] = useState<ObjectVersion>();
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [confirm, setConfirm] = useState<ObjectVersion>();
  const [sharing, setSharing] = useState<ObjectVersion>();
  const [comparing, setComparing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>();

  // Another artwork: start clean.
  useEffect(() => {
    setPicked([]);
    setNotice(undefined);
    setConfirm(undefined);
    setSharing(undefined);
    setLabelling(undefined);
    setComparing(false);
  }, [objectKey]);

  const list = versions.data ?? [];
  const byId = new Map(list.map((v) => [v.versionId, v]));
  const labelsOf = new Map<string, VersionLabels>((labels.data ?? []).map((l) => [l.versionId, l]));
  const pickedVersions = picked.map((id) => byId.get(id)).filter((v): v is ObjectVersion => v !== undefined);
  // Older first by the history's own order (newest first), which also settles equal timestamps.
  const comparePair = list.filter((v) => picked.includes(v.versionId)).reverse();

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setNotice(undefined);
    try {
      setNotice({ tone: 'ok', text: await what() });
    } catch (err) {
      const e: CopperError = toCopperError(err);
      setNotice({ tone: 'bad', text: e.message, code: e.code });
    } finally {
      setBusy(false);
    }
  };

  const canLabel = !readOnly && labels.error?.code !== 'sharing.needs-api';
  const actions: VersionActions = {
    ...(readOnly ? {} : { restore: (v: ObjectVersion) => setConfirm(v), undelete }),
    share: (v) => setSharing(v),
    ...(canLabel ? { label: (v: ObjectVersion) => setLabelling(v) } : {}),
    download: (v) =>
      void run(async () => {
        const saved = await bridge.invoke('history.download', { key: v.key, versionId: v.versionId });
        return `Saved ${formatBytes(saved.bytes)} to ${saved.path}`;
      }),
    toggleCompare: (v) =>
      setPicked((p) =>
        p.includes(v.versionId) ? p.filter((id) => id !== v.versionId) : [...p, v.versionId].slice(-2),
      ),
  };

  function undelete() {
    void run(async () => {
      await bridge.invoke('history.undelete', { key: objectKey });
      versions.reload();
      onChanged();
      return 'Delete undone: the newest version is current again. The delete stays in the history.';
    });
  }

  const restore = (v: ObjectVersion) => {
    setConfirm(undefined);
    void run(async () => {
      await bridge.invoke('history.restore', { key: v.key, versionId: v.versionId });
      versions.reload();
      onChanged();
      return `Restored the version of ${formatDateSeconds(v.lastModified)}. It is now the current version; nothing was removed from the history.`;
    });
  };

  const real = list.filter((v) => !v.isDeleteMarker).length;
  // Numbered from the oldest (1) up, as a person counts them; the list itself is newest first.
  const numbers = new Map<string, number>();
  let n = 0;
  for (const v of [...list].reverse()) if (!v.isDeleteMarker) numbers.set(v.versionId, ++n);
  return (
    <section
      className="panel history-versions"
      aria-labelledby="versions-title"
      data-testid="version-panel"
      data-key={objectKey}
    >
      <header className="panel__header history-versions__header">
        <div className="history-versions__heading">
          <h2 id="versions-title" className="panel__title">
            {baseName(objectKey)}
          </h2>
          <span className="history-versions__key mono selectable" title={objectKey}>
            {objectKey}
          </span>
        </div>
        <div className="history-versions__tools">
          <span className="panel__count" data-testid="version-count">
            {versions.data ? `${real} ${real === 1 ? 'version' : 'versions'}` : ''}
          </span>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={pickedVersions.length !== 2}
            onClick={() => setComparing(true)}
            data-testid="compare-open"
            title={
              pickedVersions.length === 2
                ? 'Show the two picked versions side by side'
                : 'Tick two versions to compare them'
            }
          >
            Compare{pickedVersions.length ? ` (${pickedVersions.length}/2)` : ''}
          </button>
        </div>
      </header>
      {notice ? (
        <div
          className={
            notice.tone === 'ok' ? 'history-notice history-notice--ok' : 'history-notice history-notice--bad'
          }
          role={notice.tone === 'bad' ? 'alert' : 'status'}
          data-testid="history-notice"
          data-tone={notice.tone}
          data-code={notice.code}
        >
          <span className="history-notice__text selectable">{notice.text}</span>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setNotice(undefined)}
          >
            Dismiss
          </button>
        </div>
      ) : null}
      {versions.error && !versions.data ? (
        <div className="history-panel-state">
          <p className="notice notice--bad" role="alert" data-code={versions.error.code}>
            Couldn’t read this artwork’s history: {versions.error.message}
          </p>
          <button type="button" className="button button--secondary button--small" onClick={versions.reload}>
            Try again
          </button>
        </div>
      ) : !versions.data ? (
        <div className="history-panel-state muted">
          <span className="spinner" aria-hidden="true" /> Reading the history…
        </div>
      ) : list.length === 0 ? (
        <div className="history-panel-state">
          <EmptyState icon={<VersionsIcon size={28} />} title="No versions">
            <p>Nothing is stored under this name any more.</p>
          </EmptyState>
        </div>
      ) : (
        <ol className="version-list" aria-label="Versions, newest first">
          {list.map((v) => (
            <VersionRow
              key={v.versionId}
              version={v}
              busy={busy}
              actions={actions}
              comparing={picked.includes(v.versionId)}
              compareFull={pickedVersions.length >= 2}
              labels={labelsOf.get(v.versionId)}
              number={numbers.get(v.versionId)}
            />
          ))}
        </ol>
      )}
      {confirm ? (
        <RestoreDialog
          version={confirm}
          onCancel={() => setConfirm(undefined)}
          onConfirm={() => restore(confirm)}
        />
      ) : null}
      {sharing ? <ShareDialog version={sharing} onClose={() => setSharing(undefined)} /> : null}
      {labelling ? (
        <LabelDialog
          version={labelling}
          current={labelsOf.get(labelling.versionId)}
          onClose={() => setLabelling(undefined)}
          onSaved={() => {
            setLabelling(undefined);
            labels.reload();
          }}
        />
      ) : null}
      {comparing && comparePair.length === 2 ? (
        <CompareDialog older={comparePair[0]!} newer={comparePair[1]!} onClose={() => setComparing(false)} />
      ) : null}
    </section>
  );
}
