import { useState } from 'react';
import type { ObjectVersion } from '../../../shared/models/bucket';
import type { VersionPreview, VersionRegion } from '../../../shared/models/history';
import type { CallState } from '../../bridge/bridge-context';
import { useBridge } from '../../bridge/bridge-context';
import { Dialog } from '../../components/dialog';
import { useRadioGroup } from '../../components/radio-group';
import { usePreviewUrl, useVersionPreview } from './version-thumbnail';
import { baseName, formatDateSeconds, printFacts, shortVersion } from './history-format';
import { formatBytes } from '../../../shared/format-bytes';

type Mode = 'side' | 'swipe' | 'zoom';
const MODES: ReadonlyArray<readonly [Mode, string]> = [
  ['side', 'Side by side'],
  ['swipe', 'Swipe'],
  ['zoom', '100 %'],
];

function sizeDifference(older: ObjectVersion, newer: ObjectVersion): string {
  const d = newer.size - older.size;
  if (d === 0) return 'Same size';
  const pct = older.size > 0 ? ` (${d > 0 ? '+' : '−'}${Math.abs((d / older.size) * 100).toFixed(1)} %)` : '';
  return `${d > 0 ? '+' : '−'}${formatBytes(Math.abs(d))}${pct}`;
}

function timeApart(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return 'Uploaded within the same minute';
  if (minutes < 90) return `${Math.round(minutes)} min apart`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} hours apart`;
  return `${Math.round(minutes / 1440)} days apart`;
}

/** The larger of the two pixel sizes: both pictures are drawn on this one scale. */
function frameOf(a?: VersionPreview, b?: VersionPreview): { w: number; h: number } {
  return {
    w: Math.max(a?.image.width ?? 4, b?.image.width ?? 4),
    h: Math.max(a?.image.height ?? 3, b?.image.height ?? 3),
  };
}

/**
 * One version inside the shared frame: its box is its pixel size relative to the frame, so
 * two versions of different sizes show at the same scale, whole (letterboxed, never cropped).
 */
function Placed({
  state,
  frame,
  alt,
  clip,
}: {
  state: CallState<VersionPreview>;
  frame: { w: number; h: number };
  alt: string;
  clip?: number;
}) {
  const url = usePreviewUrl(state);
  const img = state.data?.image;
  if (!url || !img)
    return (
      <span
        className="compare__placed compare__placed--empty"
        data-state={state.loading ? 'loading' : 'missing'}
      >
        {state.error ? state.error.message : 'Making the preview…'}
      </span>
    );
  return (
    <img
      className="compare__placed"
      src={url}
      alt={alt}
      draggable={false}
      data-testid="compare-image"
      style={{
        width: `${(img.width / frame.w) * 100}%`,
        height: `${(img.height / frame.h) * 100}%`,
        ...(clip !== undefined ? { clipPath: `inset(0 0 0 ${clip}%)` } : {}),
      }}
    />
  );
}

function Frame({ frame, children }: { frame: { w: number; h: number }; children: React.ReactNode }) {
  return (
    <div
      className="compare__frame"
      style={{ aspectRatio: `${frame.w} / ${frame.h}`, ['--frame-ratio' as string]: frame.w / frame.h }}
    >
      {children}
    </div>
  );
}

interface Row {
  readonly label: string;
  readonly older: string;
  readonly newer: string;
}

function rows(older: ObjectVersion, newer: ObjectVersion, a?: VersionPreview, b?: VersionPreview): Row[] {
  const fa = a ? printFacts(a.image) : undefined;
  const fb = b ? printFacts(b.image) : undefined;
  const pick = (f: typeof fa, k: keyof NonNullable<typeof fa>) => f?.[k] ?? '…';
  return [
    { label: 'Pixel size', older: pick(fa, 'pixels'), newer: pick(fb, 'pixels') },
    { label: 'Colour', older: pick(fa, 'mode'), newer: pick(fb, 'mode') },
    { label: 'Profile', older: pick(fa, 'profile'), newer: pick(fb, 'profile') },
    { label: 'Resolution', older: pick(fa, 'ppi'), newer: pick(fb, 'ppi') },
    { label: 'Print size', older: pick(fa, 'print'), newer: pick(fb, 'print') },
    { label: 'File size', older: formatBytes(older.size), newer: formatBytes(newer.size) },
    {
      label: 'Uploaded by',
      older: older.uploadedBy ?? 'not recorded',
      newer: newer.uploadedBy ?? 'not recorded',
    },
    {
      label: 'Uploaded',
      older: formatDateSeconds(older.lastModified),
      newer: formatDateSeconds(newer.lastModified),
    },
    { label: 'Version', older: shortVersion(older.versionId), newer: shortVersion(newer.versionId) },
  ];
}

/** Both versions' facts in one table; a row that differs is marked (colour and the word "changed"). */
function MetadataDiff({ rows: list }: { rows: Row[] }) {
  return (
    <table className="compare__diff" data-testid="compare-diff">
      <thead>
        <tr>
          <th scope="col">Fact</th>
          <th scope="col">Older</th>
          <th scope="col">Newer</th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => {
          const changed = r.older !== r.newer && r.label !== 'Version' && r.label !== 'Uploaded';
          return (
            <tr
              key={r.label}
              className={changed ? 'compare__diff-row--changed' : undefined}
              data-changed={changed}
            >
              <th scope="row">
                {r.label}
                {changed ? <span className="compare__changed"> · changed</span> : null}
              </th>
              <td title={r.older}>{r.older}</td>
              <td title={r.newer}>{r.newer}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const TILE = { width: 480, height: 360 };

/** Compare at 100%: the same region of both versions, cut at full resolution by the core. */
function ZoomView({
  older,
  newer,
  a,
  b,
}: {
  older: ObjectVersion;
  newer: ObjectVersion;
  a?: VersionPreview;
  b?: VersionPreview;
}) {
  const bridge = useBridge();
  const [tiles, setTiles] = useState<{ a?: VersionRegion; b?: VersionRegion; error?: string }>({});
  const [busy, setBusy] = useState(false);
  const frame = frameOf(a, b);
  const aState = { data: a, error: undefined, loading: !a, reload() {} };
  // Where the region is centred, as fractions of the picture (the keyboard moves it from here).
  const [at, setAt] = useState({ x: 0.5, y: 0.5 });
  const pickAt = (fx: number, fy: number) => {
    setAt({ x: fx, y: fy });
    const x = Math.round(fx * frame.w - TILE.width / 2);
    const y = Math.round(fy * frame.h - TILE.height / 2);
    const rect = { left: Math.max(0, x), top: Math.max(0, y), ...TILE };
    setBusy(true);
    Promise.all([
      bridge.invoke('history.region', { key: older.key, versionId: older.versionId, ...rect }),
      bridge.invoke('history.region', { key: newer.key, versionId: newer.versionId, ...rect }),
    ])
      .then(
        ([ra, rb]) => setTiles({ a: ra, b: rb }),
        (err: unknown) => setTiles({ error: (err as Error).message }),
      )
      .finally(() => setBusy(false));
  };
  const pick = (e: React.MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    pickAt((e.clientX - box.left) / box.width, (e.clientY - box.top) / box.height);
  };
  // Enter or Space cuts the region at the centre (or where it is), the arrows move it a tenth.
  const onKey = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const step: Record<string, [number, number]> = {
      ArrowLeft: [-0.1, 0],
      ArrowRight: [0.1, 0],
      ArrowUp: [0, -0.1],
      ArrowDown: [0, 0.1],
      Enter: [0, 0],
      ' ': [0, 0],
    };
    const move = step[e.key];
    if (!move) return;
    e.preventDefault();
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    pickAt(clamp(at.x + move[0]), clamp(at.y + move[1]));
  };
  const tile = (r: VersionRegion | undefined, label: string) =>
    r && bridge.thumbnailUrl ? (
      <figure className="compare__tile">
        <img
          src={bridge.thumbnailUrl(r.thumbnail)}
          alt={`${label} at 100 %`}
          width={r.width}
          height={r.height}
          data-testid="compare-tile"
        />
        <figcaption>
          {label} · {r.width} × {r.height} px from {r.left}, {r.top}
        </figcaption>
      </figure>
    ) : null;
  return (
    <div className="compare__zoom">
      <p className="compare__hint" id="compare-zoom-hint">
        Click the picture where you want to look at 100 % (or press Enter, then the arrow keys); both versions
        show the same pixels.
      </p>
      <div
        className="compare__zoom-pick"
        onClick={pick}
        onKeyDown={onKey}
        role="button"
        tabIndex={0}
        aria-label="Show a region of both versions at 100 %"
        aria-describedby="compare-zoom-hint"
        data-testid="compare-zoom-pick"
      >
        <Frame frame={frame}>
          <Placed
            state={aState}
            frame={frame}
            alt={`The version of ${formatDateSeconds(older.lastModified)}`}
          />
        </Frame>
      </div>
      {busy ? <p className="compare__hint">Cutting the region at full resolution…</p> : null}
      {tiles.error ? <p className="compare__hint compare__hint--bad">{tiles.error}</p> : null}
      <div className="compare__tiles">
        {tile(tiles.a, 'Older')}
        {tile(tiles.b, 'Newer')}
      </div>
    </div>
  );
}

/**
 * Two versions of one artwork on the same scale: side by side, or one over the other with a
 * swipe, or the same region of both at 100 %; with a table of what differs (pixel size,
 * colour, profile, ppi, print size, file size, uploader, date).
 */
export function CompareDialog({
  older,
  newer,
  onClose,
}: {
  older: ObjectVersion;
  newer: ObjectVersion;
  onClose(): void;
}) {
  const [mode, setMode] = useState<Mode>('side');
  const modes = useRadioGroup(
    MODES.map(([m]) => m),
    mode,
    setMode,
  );
  const [swipe, setSwipe] = useState(50);
  const a = useVersionPreview(older.key, older.versionId);
  const b = useVersionPreview(newer.key, newer.versionId);
  const frame = frameOf(a.data, b.data);
  const apart = timeApart(Date.parse(newer.lastModified) - Date.parse(older.lastModified));
  const olderAlt = `The version of ${formatDateSeconds(older.lastModified)}`;
  const newerAlt = `The version of ${formatDateSeconds(newer.lastModified)}`;
  return (
    <Dialog title={`Compare · ${baseName(older.key)}`} onClose={onClose} wide testId="compare-dialog">
      <div className="compare__modes" {...modes.group} aria-label="How to compare">
        {MODES.map(([m, label]) => (
          <button
            key={m}
            type="button"
            {...modes.radio(m)}
            className={
              mode === m ? 'button button--secondary button--small' : 'button button--ghost button--small'
            }
            data-mode={m}
          >
            {label}
          </button>
        ))}
      </div>
      {mode === 'side' ? (
        <div className="compare" data-testid="compare-side-by-side">
          {[
            { v: older, s: a, heading: 'Older', alt: olderAlt },
            { v: newer, s: b, heading: 'Newer', alt: newerAlt },
          ].map(({ v, s, heading, alt }) => (
            <figure
              className="compare__side"
              data-testid="compare-side"
              data-version={v.versionId}
              key={heading}
            >
              <figcaption className="compare__heading">
                <span>{heading}</span>
                {v.isLatest ? <span className="pill pill--ok">Current</span> : null}
              </figcaption>
              <Frame frame={frame}>
                <Placed state={s} frame={frame} alt={alt} />
              </Frame>
            </figure>
          ))}
        </div>
      ) : null}
      {mode === 'swipe' ? (
        <div className="compare__swipe" data-testid="compare-swipe">
          <Frame frame={frame}>
            <Placed state={a} frame={frame} alt={olderAlt} />
            <Placed state={b} frame={frame} alt={newerAlt} clip={swipe} />
            <span className="compare__swipe-line" style={{ left: `${swipe}%` }} aria-hidden="true" />
          </Frame>
          <label className="compare__swipe-control">
            <span>Older</span>
            <input
              type="range"
              min={0}
              max={100}
              value={swipe}
              onChange={(e) => setSwipe(Number(e.target.value))}
              aria-label="Swipe between the older and the newer version"
              data-testid="compare-swipe-range"
            />
            <span>Newer</span>
          </label>
        </div>
      ) : null}
      {mode === 'zoom' ? <ZoomView older={older} newer={newer} a={a.data} b={b.data} /> : null}
      <MetadataDiff rows={rows(older, newer, a.data, b.data)} />
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
