import { useCall } from '../../bridge/bridge-context';
import { SettingsCard, SettingsRow } from './settings-card';

const HOSTS = { electron: 'Desktop app', web: 'Browser (local web host)', cli: 'Command line' } as const;
const NETWORK = { online: 'Online', offline: 'Offline', unknown: 'Unknown' } as const;

/** Version, host and data folder, answered by the core through the contract (`app.info`). */
export function AboutSection() {
  const { data, error, loading, reload } = useCall('app.info', {});
  return (
    <SettingsCard
      id="about"
      title="About Copper"
      testId="about"
      actions={
        <button type="button" className="button button--ghost" onClick={reload}>
          Refresh
        </button>
      }
    >
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
          <SettingsRow label="Version" testId="app-version">
            {data.version}
          </SettingsRow>
          <SettingsRow label="Running as" testId="app-host">
            {HOSTS[data.host]}
          </SettingsRow>
          <SettingsRow label="Platform">{data.platform}</SettingsRow>
          <SettingsRow label="Network">{NETWORK[data.connection]}</SettingsRow>
          <SettingsRow label="Data folder" className="mono selectable" testId="app-data-dir">
            {data.dataDir}
          </SettingsRow>
        </dl>
      )}
    </SettingsCard>
  );
}
