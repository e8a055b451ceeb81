import { memo } from 'react';
import type { CatalogItem } from '../../../shared/models/catalog';
import { formatBytes } from '../../../shared/format-bytes';
import { FileIcon, ImageIcon } from '../../components/icons';
import { stateLabel, type LibraryState } from './library-state';

const ERROR_LABELS: Readonly<Record<string, string>> = {
  'catalog.corrupt': 'Damaged',
  'catalog.not-image': 'Not an image',
  'catalog.empty': 'Empty file',
  'catalog.unreadable': 'Can’t read',
  'catalog.vanished': 'Missing',
  'catalog.unsupported': 'No preview',
  'catalog.too-large': 'Too large to preview',
};

/** A short label for an item's error code (the full reason is shown beneath it). */
export function errorLabel(code: string): string {
  return ERROR_LABELS[code] ?? 'Problem';
}

const SPACES: Readonly<Record<string, string>> = {
  srgb: 'sRGB',
  rgb: 'RGB',
  rgb16: 'RGB',
  scrgb: 'scRGB',
  cmyk: 'CMYK',
  'b-w': 'Greyscale',
  grey16: 'Greyscale',
  lab: 'Lab',
  labs: 'Lab',
  xyz: 'XYZ',
};

function profileText(item: CatalogItem): string {
  const image = item.image;
  if (!image) return '';
  if (image.profile) return image.profile;
  return `No profile · ${image.colourMode ?? SPACES[image.space] ?? image.space}`;
}

/** The reason without the file's name in front (the cell shows the name just above it). */
function reasonText(item: CatalogItem): string {
  // The path is in the tooltip; in the cell it would push the reason out of its three lines.
  const message = (item.error?.message ?? '')
    .replace(` Path: ${item.path}.`, '')
    .replace(`: ${item.path}.`, '.')
    .replace(` (${item.path})`, '');
  if (!message.startsWith(`${item.name} `)) return message;
  const rest = message.slice(item.name.length + 1);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * States in which the queue sends (or sent) the file as it is: a problem the catalog found in
 * it ("Not an image") is then a note about its content, not a second state beside "Paused at 5%".
 */
const SENT_AS_IS: ReadonlySet<LibraryState['kind']> = new Set([
  'queued',
  'uploading',
  'paused',
  'uploaded',
  'unchanged',
  'changed',
  'differs',
]);

interface Props {
  readonly item: CatalogItem;
  readonly state: LibraryState;
  readonly thumbnailUrl: ((id: string) => string) | undefined;
}

/**
 * One artwork in the grid: its thumbnail (or what stands in for it), name, pixel size, file
 * size and colour profile — or the reason it could not be read. Memoised: a batch of
 * updates re-renders only the cells whose item changed.
 */
export const CatalogCell = memo(function CatalogCell({ item, state, thumbnailUrl }: Props) {
  const reason = 'reason' in state ? state.reason : undefined;
  const image = item.image;
  const src = item.thumbnail && thumbnailUrl ? thumbnailUrl(item.thumbnail) : undefined;
  // One state per cell: the queue's, when it carries the file; the catalog's problem otherwise.
  const note = !!item.error && SENT_AS_IS.has(state.kind);
  return (
    <div
      className="catalog-cell"
      data-state={item.state}
      data-library-state={state.kind}
      data-kind={item.kind}
      data-note={note ? '' : undefined}
      data-testid="catalog-cell"
      title={item.path}
    >
      <div
        className={
          src && image?.hasAlpha ? 'catalog-cell__thumb catalog-cell__thumb--alpha' : 'catalog-cell__thumb'
        }
      >
        {src ? (
          <img src={src} alt="" loading="lazy" decoding="async" draggable={false} />
        ) : (
          <span className="catalog-cell__placeholder" aria-hidden="true">
            {item.kind === 'image' ? <ImageIcon size={28} /> : <FileIcon size={28} />}
          </span>
        )}
        {item.error && !note ? (
          <span className="catalog-cell__badge" data-testid="catalog-error">
            {errorLabel(item.error.code)}
          </span>
        ) : null}
        {state.kind !== 'reading' ? (
          <span
            className="catalog-cell__state"
            data-kind={state.kind}
            data-testid="catalog-state"
            data-reason={reason}
            title={reason}
            tabIndex={reason ? 0 : undefined}
            aria-label={reason ? `${stateLabel(state)}: ${reason}` : undefined}
          >
            {stateLabel(state)}
          </span>
        ) : null}
        {image?.bitDepth && image.bitDepth > 8 ? (
          <span className="catalog-cell__depth">{image.bitDepth}-bit</span>
        ) : null}
      </div>
      <div className="catalog-cell__meta">
        <div className="catalog-cell__name">{item.name}</div>
        {item.error ? (
          <div className="catalog-cell__reason" data-testid="catalog-reason" title={item.error.message}>
            {reasonText(item)}
          </div>
        ) : (
          <>
            <div className="catalog-cell__line">
              {image ? (
                <span data-testid="catalog-pixels">
                  {image.width.toLocaleString()} × {image.height.toLocaleString()}
                </span>
              ) : (
                <span>{item.state === 'pending' ? 'Reading…' : 'Not an image'}</span>
              )}
              <span className="catalog-cell__size">{formatBytes(item.size)}</span>
            </div>
            <div className="catalog-cell__line catalog-cell__profile" data-testid="catalog-profile">
              {image ? profileText(item) : item.kind === 'not-image' ? 'Uploads as is' : '\u00a0'}
            </div>
          </>
        )}
      </div>
    </div>
  );
});
