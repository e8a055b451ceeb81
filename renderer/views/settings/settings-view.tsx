import type { SessionState } from '../../../shared/models/account';
import type { ThemePreference } from '../../shell/theme';
import { useCoreStatus } from '../../shell/use-core-status';
import { ViewHeader } from '../../components/view-header';
import { AboutSection } from './about-section';
import { AccountSection } from './account-section';
import { ThemePicker } from './theme-picker';
import { DesktopSection } from './desktop-section';
import { SettingsCard, SettingsRow } from './settings-card';
import { UploadsSection } from './uploads-section';
import { StorageSection } from './storage-section';

function ConnectionSection() {
  const status = useCoreStatus();
  const beat = status.lastBeat ? status.lastBeat.toLocaleTimeString() : '—';
  return (
    <SettingsCard id="connection" title="Connection">
      <dl className="settings-rows">
        <SettingsRow label="Core" testId="core-status">
          {status.core === 'live' ? 'Running' : status.core === 'waiting' ? 'Connected' : 'Not answering'}
        </SettingsRow>
        <SettingsRow label="Last heartbeat" testId="last-heartbeat">
          {beat}
        </SettingsRow>
      </dl>
    </SettingsCard>
  );
}

/** Settings: account, appearance, uploads (parallel files, auto-start, notifications), storage, desktop, about. */
export function SettingsView({
  theme,
  onTheme,
  onSignedIn,
}: {
  theme: ThemePreference;
  onTheme(next: ThemePreference): void;
  onSignedIn?(next: SessionState): void;
}) {
  return (
    <div className="view">
      <ViewHeader title="Settings" />
      <div className="view__body view__body--narrow">
        <AccountSection onSignedIn={onSignedIn} />
        <SettingsCard id="appearance" title="Appearance">
          <div className="settings-rows">
            <div className="settings-row settings-row--control">
              <div>
                <div className="settings-row__label">Theme</div>
                <div className="settings-row__hint">
                  System follows your computer’s light or dark setting.
                </div>
              </div>
              <ThemePicker value={theme} onChange={onTheme} />
            </div>
          </div>
        </SettingsCard>
        <UploadsSection />
        <StorageSection />
        <DesktopSection />
        <AboutSection />
        <ConnectionSection />
      </div>
    </div>
  );
}
