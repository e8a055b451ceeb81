import { useEffect, useRef, useState } from 'react';
import type { CopperError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format-bytes';
import { formatMonthlyCost } from '../../../shared/format-cost';
import { storageUsageSchema } from '../../../shared/ipc/usage-schemas';
import type { StorageUsage, UsageTotals } from '../../../shared/models/usage';
import { safeText } from '../../../shared/text/safe-text';
import { useBridge } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';
import { baseName, formatDate } from './history-format';
import './storage-summary.css';

/** `history.usage` for one prefix; the answer is checked against the contract's schema before it is shown. */
function useUsage(prefix: string) {
  const bridge = useBridge();
  const [data, setData] = useState<StorageUsage>();
  const [error, setError] = useState<CopperError>();
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  // Only the Refresh button recomputes; opening another folder takes the core's cached figures.
  const force = useRef(false);
  useEffect(() => {
    let live = true;
    const refresh = force.current;
    force.current = false;
    setBusy(true);
    bridge.invoke('history.usage', { prefix, ...(refresh ? { refresh: true } : {}) }).then(
      (value) => {
        if (!live) return;
        const parsed = storageUsageSchema.safeParse(value);
        if (parsed.success) {
          setData(parsed.data);
          setError(undefined);
        } else setError(toCopperError(new Error('The storage figures were malformed.')));
        setBusy(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(toCopperError(err));
        setBusy(false);
      },
    );
    return () => {
      live = false;
    };
  }, [bridge, prefix, tick]);
  // A new folder starts without the last folder's figures.
  useEffect(() => setData(undefined), [prefix]);
  const refresh = () => {
    force.current = true;
    setTick((n) => n + 1);
  };
  return { data, error, busy, refresh };
}

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** When the figures were counted: the time of day (the full date is the title). */
function countedAt(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? clock.format(t) : '';
}

function Figures({ t, testId, withCost }: { t: UsageTotals; testId: string; withCost: boolean }) {
  return (
    <dl className="storage-summary__figures" data-testid={testId}>
      <div>
        <dt>Current</dt>
        <dd data-testid={`${testId}-current`}>{formatBytes(t.currentBytes)}</dd>
      </div>
      <div>
        <dt>Older versions</dt>
        <dd data-testid={`${testId}-older`}>{formatBytes(t.olderBytes)}</dd>
      </div>
      <div>
        <dt>Versions</dt>
        <dd>{t.versions.toLocaleString('en-US')}</dd>
      </div>
      {withCost ? (
        <div title="An estimate from the price table per storage class (COPPER_STORAGE_PRICES)">
          <dt>Est. per month</dt>
          <dd>{formatMonthlyCost(t.monthlyCost)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/**
 * A compact "Storage" strip for the folder being viewed (and the selected artwork): bytes in
 * current and in older versions, the version count and (for staff, `withCost`) the estimated
 * monthly cost, computed by the core from paged listings and cached; Refresh recomputes.
 */
export function StorageSummary({
  prefix,
  selectedKey,
  withCost = true,
  label,
}: {
  prefix: string;
  selectedKey?: string;
  /** What the strip calls the folder (an artist's root: "My artworks"); default its name. */
  label?: string;
  /** The gallery's estimated cost is the gallery's business: off for an artist's own folder. */
  withCost?: boolean;
}) {
  const usage = useUsage(prefix);
  const { data } = usage;
  const artwork = selectedKey ? data?.artworks.find((a) => a.name === safeText(selectedKey)) : undefined;
  // The breadcrumb names the folder already: the strip says how many artists it holds.
  const count = data && data.artists.length > 1 ? `${data.artists.length} artists` : '';
  const scope =
    count || label || (prefix === 'artists/' ? 'All artists' : safeText(baseName(prefix) || prefix));
  return (
    <section className="panel storage-summary" aria-label="Storage" data-testid="storage-summary">
      <div className="storage-summary__head">
        <h2 className="storage-summary__title">Storage</h2>
        <span className="storage-summary__scope" title={safeText(prefix)}>
          {scope}
        </span>
      </div>
      {data ? (
        <Figures t={data.total} testId="storage-total" withCost={withCost} />
      ) : usage.error ? (
        <p className="storage-summary__note notice notice--bad" role="alert" data-code={usage.error.code}>
          Couldn’t add up the storage: {usage.error.message}
        </p>
      ) : (
        <span className="storage-summary__note muted">
          <span className="spinner" aria-hidden="true" /> Adding up every version…
        </span>
      )}
      {artwork ? (
        <div className="storage-summary__artwork" data-testid="storage-artwork">
          <span className="storage-summary__artwork-name" title={artwork.name}>
            {baseName(artwork.name)}
          </span>
          <span className="storage-summary__artwork-facts">
            {formatBytes(artwork.currentBytes)} current · {formatBytes(artwork.olderBytes)} older ·{' '}
            {artwork.versions} {artwork.versions === 1 ? 'version' : 'versions'}
            {withCost ? ` · ${formatMonthlyCost(artwork.monthlyCost)}/month` : ''}
          </span>
        </div>
      ) : null}
      <div className="storage-summary__actions">
        {data ? (
          <span className="storage-summary__when muted" title={formatDate(data.computedAt)}>
            {data.cached ? 'Counted' : 'Just counted'} {countedAt(data.computedAt)}
          </span>
        ) : null}
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={usage.busy}
          onClick={usage.refresh}
          aria-label={usage.busy && data ? undefined : 'Refresh the storage totals'}
          data-testid="storage-refresh"
        >
          {usage.busy && data ? 'Counting…' : 'Refresh'}
        </button>
      </div>
    </section>
  );
}
