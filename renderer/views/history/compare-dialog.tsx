import type { ObjectVersion } from '../../../shared/models/bucket';
import { Dialog } from './dialog';
import { VersionThumbnail } from './version-thumbnail';
import { baseName, formatDateSeconds, shortVersion } from './history-format';
import { formatBytes } from '../../../shared/format-bytes';

function sizeDifference(older: ObjectVersion, newer: ObjectVersion): string {
  const d = newer.size - older.size;
  if (d === 0) return 'Same size';
  const pct = older.size > 0 ? ` (${d > 0 ? '+' : '−'}${Math.abs((d / older.size) * 100).toFixed(1)} %)` : '';
  return `${d > 0 ? '+' : '−'}${formatBytes(Math.abs(d))}${pct}`;
}

function Side({ version: v, heading }: { version: ObjectVersion; heading: string }) {
  const when = formatDateSeconds(v.lastModified);
  return (
    <figure className="compare__side" data-testid="compare-side" data-version={v.versionId}>
      <figcaption className="compare__heading">
        <span>{heading}</span>
        {v.isLatest ? <span className="pill pill--ok">Current</span> : null}
      </figcaption>
      <div className="compare__picture">
        <VersionThumbnail
          objectKey={v.key}
          versionId={v.versionId}
          size="large"
          alt={`The version of ${when}`}
        />
      </div>
      <dl className="compare__facts">
        <div>
          <dt>Uploaded</dt>
          <dd>{when}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(v.size)}</dd>
        </div>
        <div>
          <dt>By</dt>
          <dd>{v.uploadedBy ?? 'not recorded'}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd className="mono selectable" title={v.versionId}>
            {shortVersion(v.versionId)}
          </dd>
        </div>
      </dl>
    </figure>
  );
}

function timeApart(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return 'Uploaded within the same minute';
  if (minutes < 90) return `${Math.round(minutes)} min apart`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} hours apart`;
  return `${Math.round(minutes / 1440)} days apart`;
}

/** Two versions of one artwork side by side, the older on the left, with what changed in size and time. */
export function CompareDialog({
  older,
  newer,
  onClose,
}: {
  older: ObjectVersion;
  newer: ObjectVersion;
  onClose(): void;
}) {
  const apart = timeApart(Date.parse(newer.lastModified) - Date.parse(older.lastModified));
  return (
    <Dialog title={`Compare · ${baseName(older.key)}`} onClose={onClose} wide testId="compare-dialog">
      <div className="compare">
        <Side version={older} heading="Older" />
        <Side version={newer} heading="Newer" />
      </div>
      <p className="compare__summary" data-testid="compare-summary">
        <span>{sizeDifference(older, newer)}</span>
        <span className="version-row__dot" aria-hidden="true">
          ·
        </span>
        <span>{apart}</span>
        {older.etag && older.etag === newer.etag ? (
          <>
            <span className="version-row__dot" aria-hidden="true">
              ·
            </span>
            <span>Identical content</span>
          </>
        ) : null}
      </p>
    </Dialog>
  );
}
