import { useState } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';

const MB = 1_000_000;
const CHOICES: ReadonlyArray<[number | null, string]> = [
  [null, 'No limit'],
  [0.5 * MB, '0.5 MB/s'],
  [1 * MB, '1 MB/s'],
  [2 * MB, '2 MB/s'],
  [5 * MB, '5 MB/s'],
  [10 * MB, '10 MB/s'],
  [25 * MB, '25 MB/s'],
];

/**
 * The upload speed limit (for a shared or metered connection), applied to the whole queue at
 * once by `queue.set-bandwidth`. Shows the core's current value, which may be one not listed.
 */
export function SpeedLimit({ current, onError }: { current: number | null; onError(message: string): void }) {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const options = CHOICES.some(([v]) => v === current)
    ? CHOICES
    : [...CHOICES, [current, `${((current ?? 0) / MB).toFixed(1)} MB/s`] as [number | null, string]];
  const change = (value: string) => {
    setBusy(true);
    bridge
      .invoke('queue.set-bandwidth', { bytesPerSecond: value === '' ? null : Number(value) })
      .catch((err: unknown) => onError(toCopperError(err).message))
      .finally(() => setBusy(false));
  };
  return (
    <label
      className="speed-limit"
      title="Limit how fast Copper uploads, to leave room for other work on this connection"
    >
      <span className="speed-limit__label">Speed</span>
      <select
        className="speed-limit__select"
        data-testid="queue-speed"
        value={current ?? ''}
        disabled={busy}
        onChange={(e) => change(e.target.value)}
      >
        {options.map(([v, label]) => (
          <option key={label} value={v ?? ''}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
