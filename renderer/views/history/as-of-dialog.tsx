import { useState } from 'react';
import type { AsOfEntry, FolderRestoreResult } from '../../../shared/models/history';
import { useBridge, useCall } from '../../bridge/bridge-context';
import { Dialog } from '../../components/dialog';
import { baseName, formatDateSeconds, shortVersion } from './history-format';
import { formatBytes } from '../../../shared/format-bytes';
import { TaskError, useTask } from './use-task';

/** "2026-11-30T14:05" for a datetime-local input, in the person's own time zone. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function describe(e: AsOfEntry): { badge: string; tone: string; detail: string } {
  if (e.state === 'absent') return { badge: 'Did not exist', tone: 'neutral', detail: 'Uploaded later.' };
  if (e.state === 'deleted')
    return { badge: 'Deleted', tone: 'bad', detail: `Deleted ${formatDateSeconds(e.then!.lastModified)}.` };
  const v = e.then!;
  return {
    badge: e.differs ? 'Older version' : 'Same as now',
    tone: e.differs ? 'warn' : 'ok',
    detail: `${formatDateSeconds(v.lastModified)} · ${formatBytes(v.size)} · ${shortVersion(v.versionId)}`,
  };
}

/**
 * A folder as it was at a moment (yesterday by default): each artwork's version then, or
 * "did not exist" / "deleted", paged; and, confirmed, restoring the folder to that moment
 * (staff: only offered with `onRestored`; an artist's as-of view is read-only).
 */
export function AsOfDialog({
  prefix,
  onClose,
  onRestored,
}: {
  prefix: string;
  onClose(): void;
  onRestored?: () => void;
}) {
  const bridge = useBridge();
  const [when, setWhen] = useState(() => localInput(new Date(Date.now() - 24 * 3600_000)));
  const [entries, setEntries] = useState<AsOfEntry[]>();
  const [token, setToken] = useState<string>();
  const task = useTask();
  // The folder's labelled versions (none where there is no Copper API): shown beside each artwork's version then.
  const labelled = useCall('history.label-find', { prefix });
  const labelsOf = new Map((labelled.data ?? []).map((l) => [`${l.key}\n${l.versionId}`, l.labels]));
  // The moment the list shows (it may lag the field while a new moment loads).
  const [shownAt, setShownAt] = useState<string>();
  const busy = task.busy;
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<FolderRestoreResult>();
  const at = new Date(when);
  const valid = Number.isFinite(at.getTime());

  const load = async (pageToken?: string) => {
    if (!valid) return;
    const page = await task.run(() =>
      bridge.invoke('history.as-of', { prefix, at: at.toISOString(), ...(pageToken ? { pageToken } : {}) }),
    );
    if (!page) return;
    setEntries((old) => [...(pageToken ? (old ?? []) : []), ...page.entries]);
    setToken(page.nextToken);
    setShownAt(at.toISOString());
  };
  const restore = async () => {
    const done = await task.run(() =>
      bridge.invoke('history.restore-folder', { prefix, at: at.toISOString() }),
    );
    if (!done) return;
    setResult(done);
    setConfirming(false);
    onRestored?.();
  };
  const changes = (entries ?? []).filter((e) => e.differs && e.state === 'version').length;

  return (
    <Dialog title={`As of · ${baseName(prefix) || prefix}`} onClose={onClose} wide testId="as-of-dialog">
      <form
        className="as-of__form"
        onSubmit={(e) => {
          e.preventDefault();
          setResult(undefined);
          void load();
        }}
      >
        <label>
          <span>The folder as it was on</span>
          <input
            type="datetime-local"
            className="input"
            value={when}
            onChange={(e) => setWhen(e.target.value)}
            step={1}
            data-testid="as-of-moment"
            data-autofocus
          />
        </label>
        <button type="submit" className="button button--primary button--small" disabled={!valid || busy}>
          Show
        </button>
      </form>
      <TaskError error={task.error} />
      {entries ? (
        <ul className="as-of__list" data-testid="as-of-list" data-at={shownAt}>
          {entries.length === 0 ? <li className="muted">No artworks directly in this folder.</li> : null}
          {entries.map((e) => {
            const d = describe(e);
            return (
              <li
                key={e.key}
                className="as-of__row"
                data-testid="as-of-row"
                data-state={e.state}
                data-differs={e.differs}
              >
                <span className="as-of__name" title={e.key}>
                  {baseName(e.key)}
                </span>
                <span className={`pill pill--${d.tone}`}>{d.badge}</span>
                <span className="as-of__detail">
                  {d.detail}
                  {(e.then ? (labelsOf.get(`${e.key}\n${e.then.versionId}`) ?? []) : []).map((l) => (
                    <span key={l} className="version-label as-of__label" data-label={l}>
                      {l}
                    </span>
                  ))}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      {token ? (
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={busy}
          onClick={() => void load(token)}
        >
          Show more
        </button>
      ) : null}
      {result ? (
        <p className="notice" role="status" data-testid="as-of-result">
          Restored {result.restored.length} artwork{result.restored.length === 1 ? '' : 's'} as new current
          versions; {result.unchanged} already as they were.
          {result.keptNewer.length
            ? ` ${result.keptNewer.length} that did not exist or were deleted then are kept (Copper never deletes).`
            : ''}
        </p>
      ) : null}
      {entries && !result && onRestored ? (
        <div className="as-of__restore">
          {confirming ? (
            <>
              <p>
                Restore every artwork in this folder to {formatDateSeconds(at.toISOString())}? Each changed
                artwork gets a new current version copied from then; every version stays in the history, and
                nothing is deleted.
              </p>
              <button
                type="button"
                className="button button--primary button--small"
                disabled={busy}
                onClick={() => void restore()}
                data-action="confirm-restore-folder"
              >
                Restore the folder
              </button>
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => setConfirming(false)}
              >
                Cancel
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy || (changes === 0 && !token)}
              onClick={() => setConfirming(true)}
              data-action="restore-folder"
            >
              Restore this folder to that moment…
            </button>
          )}
        </div>
      ) : null}
    </Dialog>
  );
}
