import type { SessionState } from '../../../shared/models/account';
import type { ThemePreference } from '../../shell/theme';
import { useCoreStatus } from '../../shell/use-core-status';
import { ViewHeader } from '../../components/view-header';
import { AboutSection } from './about-section';
import { AccountSection } from './account-section';
import { ThemePicker } from './theme-picker';
import { DesktopSection } from './desktop-section';

function ConnectionSection() {
  const status = useCoreStatus();
  const beat = status.lastBeat ? status.lastBeat.toLocaleTimeString() : '—';
  return (
    <section className="settings-card" aria-labelledby="connection-title">
      <div className="settings-card__header">
        <h2 id="connection-title" className="settings-card__title">
          Connection
        </h2>
      </div>
      <dl className="settings-rows">
        <div className="settings-row">
          <dt>Core</dt>
          <dd data-testid="core-status">
            {status.core === 'live' ? 'Running' : status.core === 'waiting' ? 'Connected' : 'Not answering'}
          </dd>
        </div>
        <div className="settings-row">
          <dt>Last heartbeat</dt>
          <dd data-testid="last-heartbeat">{beat}</dd>
        </div>
      </dl>
    </section>
  );
}

/** Settings: account and appearance; bucket and bandwidth limits join as their issues land. */
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
        <section className="settings-card" aria-labelledby="appearance-title">
          <div className="settings-card__header">
            <h2 id="appearance-title" className="settings-card__title">
              Appearance
            </h2>
          </div>
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
        </section>
        <DesktopSection />
        <AboutSection />
        <ConnectionSection />
      </div>
    </div>
  );
}
