import type { ObjectVersion } from '../../../shared/models/bucket';
import type { VersionLabels } from '../../../shared/models/history';
import { useVersionPreview, VersionThumbnail } from './version-thumbnail';
import { baseName, formatDateSeconds, printFacts, shortVersion } from './history-format';
import { formatBytes } from '../../../shared/format-bytes';

/** What a version row can ask its panel to do; an absent action is not shown (an artist's read-only history). */
export interface VersionActions {
  restore?(v: ObjectVersion): void;
  download(v: ObjectVersion): void;
  share(v: ObjectVersion): void;
  /** Absent where labels cannot be kept (no Copper API session). */
  label?(v: ObjectVersion): void;
  undelete?(): void;
  toggleCompare(v: ObjectVersion): void;
}

/**
 * One entry of a key's history: thumbnail, date, size, uploader, badges, and its actions.
 * A delete marker has no bytes: it shows as "Deleted" with Undo while it is the current entry.
 */
/** What a version row shows and may do. */
export interface VersionRowProps {
  readonly version: ObjectVersion;
  readonly comparing: boolean;
  readonly compareFull: boolean;
  readonly busy: boolean;
  readonly actions: VersionActions;
  /** The version's labels and note (from the Copper API), if any. */
  readonly labels?: VersionLabels;
  /** Its number in the artwork's history, the oldest version being 1 (delete markers not counted). */
  readonly number?: number;
}

/** What a row's buttons name, so each says which version it acts on: "version 3 of dune.tif (30 Nov 2026, 14:02:11)". */
export function versionName(v: ObjectVersion, number: number | undefined): string {
  const which = number ? `version ${number}` : 'the version';
  return `${which} of ${baseName(v.key)} (${formatDateSeconds(v.lastModified)})`;
}

export function VersionRow(props: VersionRowProps) {
  const { version: v, busy, actions } = props;
  const label = formatDateSeconds(v.lastModified);
  if (v.isDeleteMarker) {
    return (
      <li
        className="version-row version-row--marker"
        data-testid="version-row"
        data-version={v.versionId}
        data-current={v.isLatest ? 'true' : 'false'}
        data-delete-marker="true"
      >
        <span className="version-row__check" />
        <span className="thumb thumb--small thumb--marker" aria-hidden="true">
          ✕
        </span>
        <div className="version-row__main">
          <div className="version-row__title">
            <span className="version-row__date">{label}</span>
            <span className="pill pill--bad">Deleted</span>
          </div>
          <div className="version-row__sub">
            {!v.isLatest
              ? 'Deleted here, then brought back later.'
              : actions.undelete
                ? 'The artwork is hidden from the gallery until the delete is undone.'
                : 'The artwork is hidden from the gallery; gallery staff can bring it back.'}
          </div>
          {v.isLatest && actions.undelete ? (
            <div className="version-row__actions">
              <button
                type="button"
                className="button button--secondary button--small"
                disabled={busy}
                onClick={actions.undelete}
                aria-label={`Undo delete of ${baseName(v.key)} (${label})`}
                data-action="undelete"
              >
                Undo delete
              </button>
            </div>
          ) : null}
        </div>
      </li>
    );
  }
  return <VersionEntry {...props} />;
}

/** The version's labels as chips, and its note. */
function LabelLine({ labels }: { labels: VersionLabels | undefined }) {
  if (!labels || (labels.labels.length === 0 && !labels.note)) return null;
  return (
    <div className="version-row__labels" data-testid="version-labels" title={`Set by ${labels.updatedBy}`}>
      {labels.labels.map((l) => (
        <span key={l} className="version-label" data-label={l}>
          {l}
        </span>
      ))}
      {labels.note ? <span className="version-row__note">{labels.note}</span> : null}
    </div>
  );
}

/** What the header of a version says a printer needs, on one line (or why it cannot be read). */
function PrintLine({ preview }: { preview: ReturnType<typeof useVersionPreview> }) {
  if (preview.error)
    return (
      <div className="version-row__print version-row__print--none" data-testid="version-print">
        {preview.error.message}
      </div>
    );
  if (!preview.data)
    return (
      <div className="version-row__print" data-testid="version-print" data-state="loading">
        Reading the file…
      </div>
    );
  const f = printFacts(preview.data.image);
  return (
    <div className="version-row__print" data-testid="version-print">
      {[f.pixels, f.mode, f.profile, f.ppi, f.print].filter((x) => x !== '—').join(' · ')}
    </div>
  );
}

function VersionEntry(props: VersionRowProps) {
  const { version: v, comparing, compareFull, busy, actions, labels } = props;
  const label = formatDateSeconds(v.lastModified);
  const name = versionName(v, props.number);
  const preview = useVersionPreview(v.key, v.versionId);
  return (
    <li
      className={comparing ? 'version-row version-row--comparing' : 'version-row'}
      data-testid="version-row"
      data-version={v.versionId}
      data-current={v.isLatest ? 'true' : 'false'}
    >
      <label
        className="version-row__check"
        title={comparing ? 'Remove from the comparison' : 'Pick for comparison'}
      >
        <input
          type="checkbox"
          checked={comparing}
          disabled={!comparing && compareFull}
          onChange={() => actions.toggleCompare(v)}
          aria-label={`Compare ${name}`}
          data-action="compare"
        />
      </label>
      <VersionThumbnail alt={`Preview of ${name}`} preview={preview} />
      <div className="version-row__main">
        <div className="version-row__title">
          <span className="version-row__date">{label}</span>
          {v.isLatest ? (
            <span className="pill pill--ok" data-testid="current-badge">
              Current
            </span>
          ) : null}
          {v.restoredFrom ? (
            <span className="pill pill--neutral" title={v.restoredFrom}>
              Restored from {shortVersion(v.restoredFrom)}
            </span>
          ) : null}
        </div>
        <div className="version-row__sub">
          <span className="version-row__size">{formatBytes(v.size)}</span>
          <span className="version-row__dot" aria-hidden="true">
            ·
          </span>
          <span className="version-row__who" title={v.uploadedBy}>
            {v.uploadedBy ? `by ${v.uploadedBy}` : 'uploader not recorded'}
          </span>
          <span className="version-row__dot" aria-hidden="true">
            ·
          </span>
          <span className="mono version-row__id selectable" title={v.versionId}>
            {shortVersion(v.versionId)}
          </span>
        </div>
        <LabelLine labels={labels} />
        <PrintLine preview={preview} />
        <div className="version-row__actions">
          {!v.isLatest && actions.restore ? (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy}
              onClick={() => actions.restore!(v)}
              aria-label={`Restore ${name}`}
              data-action="restore"
            >
              Restore
            </button>
          ) : null}
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={busy}
            onClick={() => actions.download(v)}
            aria-label={`Download ${name}`}
            data-action="download"
          >
            Download
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={busy}
            onClick={() => actions.share(v)}
            aria-label={`Share link for ${name}…`}
            data-action="share"
          >
            Share link…
          </button>
          {actions.label ? (
            <button
              type="button"
              className="button button--ghost button--small"
              disabled={busy}
              onClick={() => actions.label!(v)}
              aria-label={`Label ${name}…`}
              data-action="label"
            >
              Label…
            </button>
          ) : null}
        </div>
      </div>
    </li>
  );
}
