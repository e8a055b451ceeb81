import { useCall } from '../../bridge/bridge-context';

const HOSTS = { electron: 'Desktop app', web: 'Browser (local web host)', cli: 'Command line' } as const;
const NETWORK = { online: 'Online', offline: 'Offline', unknown: 'Unknown' } as const;

/** Version, host and data folder, answered by the core through the contract (`app.info`). */
export function AboutSection() {
  const { data, error, loading, reload } = useCall('app.info', {});
  return (
    <section className="settings-card" aria-labelledby="about-title" data-testid="about">
      <div className="settings-card__header">
        <h2 id="about-title" className="settings-card__title">
          About Copper
        </h2>
        <button type="button" className="button button--ghost" onClick={reload}>
          Refresh
        </button>
      </div>
      {error ? (
        <div className="notice notice--bad" role="alert">
          {error.message}
        </div>
      ) : !data ? (
        <div className="settings-rows settings-rows--loading" aria-busy={loading}>
          Asking the core…
        </div>
      ) : (
        <dl className="settings-rows">
          <div className="settings-row">
            <dt>Version</dt>
            <dd data-testid="app-version">{data.version}</dd>
          </div>
          <div className="settings-row">
            <dt>Running as</dt>
            <dd data-testid="app-host">{HOSTS[data.host]}</dd>
          </div>
          <div className="settings-row">
            <dt>Platform</dt>
            <dd>{data.platform}</dd>
          </div>
          <div className="settings-row">
            <dt>Network</dt>
            <dd>{NETWORK[data.connection]}</dd>
          </div>
          <div className="settings-row">
            <dt>Data folder</dt>
            <dd className="mono selectable" data-testid="app-data-dir">
              {data.dataDir}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
