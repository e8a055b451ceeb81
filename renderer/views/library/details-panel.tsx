import { useEffect, useRef, type ReactNode } from 'react';
import type { CatalogDetails, CatalogItem, GalleryVersion } from '../../../shared/models/catalog';
import { formatBytes } from '../../../shared/format-bytes';
import { CloseIcon, FileIcon, ImageIcon, RetryIcon } from '../../components/icons';
import { formatDate, printFacts, shortVersion } from '../history/history-format';
import { stateLabel, type LibraryState } from './library-state';
import type { DetailsModel } from './use-catalog-details';
import './details-panel.css';

interface Props {
  readonly item: CatalogItem;
  readonly state: LibraryState;
  readonly thumbnailUrl: ((id: string) => string) | undefined;
  readonly model: DetailsModel;
  onClose(): void;
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

function Version({ id }: { id: string | null }) {
  return id ? (
    <code className="details__version" title={id}>
      {shortVersion(id)}
    </code>
  ) : (
    <span className="muted">no version id</span>
  );
}

function ImageFacts({ item }: { item: CatalogItem }) {
  const image = item.image;
  const facts = image ? printFacts(image) : undefined;
  const text = image?.text;
  const words = text
    ? (
        [
          ['Title', text.title],
          ['Creator', text.creator],
          ['Copyright', text.copyright],
          ['Description', text.description],
          ['Date created', text.dateCreated],
        ] as const
      ).filter(([, v]) => v)
    : [];
  return (
    <dl className="details__facts" data-testid="details-image">
      {image && facts ? (
        <>
          <Row label="Pixels">{`${image.width.toLocaleString()} × ${image.height.toLocaleString()} px`}</Row>
          <Row label="Colour">{`${facts.mode} · ${facts.profile}`}</Row>
          <Row label="Resolution">{facts.ppi}</Row>
          <Row label="Print size" testId="details-print">
            {facts.print}
          </Row>
        </>
      ) : null}
      <Row label="File size">{`${formatBytes(item.size)} (${item.size.toLocaleString()} bytes)`}</Row>
      {image ? (
        <Row label="Format">
          {image.format.toUpperCase()}
          {image.preview === 'embedded' ? ' · preview embedded in the file' : ''}
        </Row>
      ) : null}
      {image?.mismatch ? <Row label="Content">{image.mismatch}</Row> : null}
      {words.map(([label, value]) => (
        <Row key={label} label={label} testId={`details-text-${label.toLowerCase().replace(' ', '-')}`}>
          {value}
        </Row>
      ))}
      {image && words.length === 0 ? (
        <Row label="Text">
          <span className="muted">No title, creator or copyright in the file.</span>
        </Row>
      ) : null}
    </dl>
  );
}

function galleryWords(g: GalleryVersion): string {
  if (g.status !== 'present') return g.message ?? '';
  if (g.sameContent === true) return 'Same content as the file on disk.';
  if (g.sameContent === false) return 'Not the file on disk: the gallery holds other content.';
  return 'Copper cannot tell whether it is the file on disk.';
}

function Gallery({ details, model }: { details: CatalogDetails | undefined; model: DetailsModel }) {
  const g = details?.gallery;
  return (
    <section className="details__section" aria-labelledby="details-gallery" data-testid="details-gallery">
      <div className="details__section-head">
        <h3 id="details-gallery">Gallery’s current version</h3>
        <button
          type="button"
          className="icon-button"
          aria-label="Check the gallery again"
          title="Check the gallery again"
          aria-busy={model.loading}
          onClick={model.refresh}
        >
          <RetryIcon size={15} />
        </button>
      </div>
      {model.error ? (
        <p className="details__bad" role="alert">
          {model.error.message}
        </p>
      ) : !g ? (
        <p className="muted">Asking the gallery…</p>
      ) : (
        <>
          <p
            className="details__verdict"
            data-status={g.status}
            data-same={g.sameContent === null ? 'unknown' : String(g.sameContent)}
            data-testid="details-gallery-verdict"
          >
            {galleryWords(g)}
          </p>
          {g.status === 'present' ? (
            <dl className="details__facts">
              <Row label="Size">{g.size === null ? '—' : formatBytes(g.size)}</Row>
              <Row label="Date">{g.lastModified ? formatDate(g.lastModified) : '—'}</Row>
              <Row label="Version" testId="details-gallery-version">
                <Version id={g.versionId} />
                {g.uploadedHere ? ' · uploaded from this machine' : ''}
              </Row>
              {g.restoredFrom ? (
                <Row label="Restored from">
                  <Version id={g.restoredFrom} />
                </Row>
              ) : null}
              {g.message ? (
                <Row label="How">
                  <span className="muted">{g.message}</span>
                </Row>
              ) : null}
            </dl>
          ) : null}
        </>
      )}
    </section>
  );
}

function Uploads({ details }: { details: CatalogDetails | undefined }) {
  if (!details) return null;
  return (
    <section className="details__section" aria-labelledby="details-uploads" data-testid="details-uploads">
      <h3 id="details-uploads">Uploaded from this machine</h3>
      {details.uploads.length === 0 ? (
        <p className="muted">Not uploaded from this machine.</p>
      ) : (
        <ol className="details__uploads">
          {details.uploads.map((u, i) => (
            <li key={`${u.versionId ?? ''}${u.uploadedAt}${i}`} data-testid="details-upload">
              <span>{formatDate(u.uploadedAt)}</span>
              <span>{formatBytes(u.size)}</span>
              <Version id={u.versionId} />
              {u.reason === 'unchanged' ? <span className="muted">found unchanged</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * The selected artwork, whole, with everything Copper knows of it: what the reader found
 * (pixels, colour, print size, the file's own text), its state with the reason, where it
 * goes in the gallery, this machine's uploads and the gallery's current version.
 */
export function DetailsPanel({ item, state, thumbnailUrl, model, onClose }: Props) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), [item.path]);
  // Escape closes wherever focus is (the grid, the panel, or nowhere after a click), unless a dialog took it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('[role="dialog"]')) return;
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const src = item.thumbnail && thumbnailUrl ? thumbnailUrl(item.thumbnail) : undefined;
  const reason = 'reason' in state ? state.reason : (item.error?.message ?? null);
  const details = model.details;
  return (
    <aside className="details" aria-label={`Details of ${item.name}`} data-testid="details">
      <div className="details__head">
        <h2 className="details__name" data-testid="details-name">
          {item.name}
        </h2>
        <button
          ref={close}
          type="button"
          className="icon-button"
          aria-label="Close details"
          title="Close (Esc)"
          data-testid="details-close"
          onClick={onClose}
        >
          <CloseIcon size={16} />
        </button>
      </div>
      <div className="details__scroll">
        <div
          className={
            src && item.image?.hasAlpha ? 'details__thumb catalog-cell__thumb--alpha' : 'details__thumb'
          }
        >
          {src ? (
            <img src={src} alt={`${item.name}, whole`} draggable={false} data-testid="details-thumb" />
          ) : item.kind === 'image' ? (
            <ImageIcon size={40} />
          ) : (
            <FileIcon size={40} />
          )}
        </div>
        <p className="details__state">
          <span
            className="catalog-cell__state details__pill"
            data-kind={state.kind}
            data-testid="details-state"
          >
            {stateLabel(state)}
          </span>
          {reason ? (
            <span className="details__reason" data-testid="details-reason">
              {reason}
            </span>
          ) : null}
        </p>
        <ImageFacts item={item} />
        <section className="details__section" aria-labelledby="details-where">
          <h3 id="details-where">Where</h3>
          <dl className="details__facts">
            <Row label="On disk">
              <span className="details__path">{item.path}</span>
            </Row>
            <Row label={details?.keyPlanned ? 'Will upload as' : 'S3 key'} testId="details-key">
              {details ? (
                details.key ? (
                  <span className="details__path">{details.key}</span>
                ) : (
                  <span className="muted">Not known yet (sign in, or add its folder to the queue).</span>
                )
              ) : (
                '…'
              )}
            </Row>
          </dl>
        </section>
        <Uploads details={details} />
        <Gallery details={details} model={model} />
      </div>
    </aside>
  );
}
