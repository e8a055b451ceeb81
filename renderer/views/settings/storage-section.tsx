import { useState } from 'react';
import { formatBytes } from '../../../shared/format-bytes';
import { useBridge, useCall } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';
import { plural } from '../../components/plural';
import { SettingsCard } from './settings-card';
import './settings-sections.css';

/** Settings → Storage: the thumbnail cache (size, Clear) and where the log files are (desktop: Open folder). */
export function StorageSection() {
  const bridge = useBridge();
  const { data, error, reload } = useCall('storage.info', {});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const act = (p: Promise<string>) => {
    setBusy(true);
    p.then(setMessage, (err: unknown) => setMessage(toCopperError(err).message)).finally(() => {
      setBusy(false);
      reload();
    });
  };
  const clear = () =>
    act(
      bridge
        .invoke('storage.clear-thumbnails', {})
        .then((r) => `Cleared ${plural(r.removedFiles, 'file')} (${formatBytes(r.freedBytes)}).`),
    );
  const openLogs = () => act(bridge.invoke('desktop.open-logs', {}).then(() => ''));
  return (
    <SettingsCard id="storage" title="Storage" testId="settings-storage">
      {error ? (
        <div className="notice notice--bad" role="alert">
          {error.message}
        </div>
      ) : null}
      <div className="settings-rows">
        <div className="settings-row settings-row--control">
          <div>
            <div className="settings-row__label">Thumbnail cache</div>
            <div className="settings-row__hint" data-testid="thumbnail-cache-size">
              {data
                ? `${formatBytes(data.thumbnailBytes)} in ${plural(data.thumbnailFiles, 'file')}. Made again from your files when the Library next reads them.`
                : 'Measuring…'}
            </div>
          </div>
          <button
            type="button"
            className="button button--secondary"
            data-testid="thumbnail-cache-clear"
            disabled={busy || !data || data.thumbnailFiles === 0}
            onClick={clear}
          >
            Clear
          </button>
        </div>
        <div className="settings-row settings-row--control">
          <div className="settings-logs">
            <div className="settings-row__label">Log files</div>
            <div className="settings-row__hint mono selectable" data-testid="log-dir">
              {data?.logDir ?? '…'}
            </div>
          </div>
          {bridge.kind === 'electron' ? (
            <button
              type="button"
              className="button button--secondary"
              data-testid="log-open"
              disabled={busy || !data}
              onClick={openLogs}
            >
              Open folder
            </button>
          ) : null}
        </div>
      </div>
      {message ? (
        <div className="settings-rows settings-message" role="status" data-testid="storage-message">
          {message}
        </div>
      ) : null}
    </SettingsCard>
  );
}
