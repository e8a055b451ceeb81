import { useState } from 'react';
import { FILE_CONCURRENCY_MAX, FILE_CONCURRENCY_MIN } from '../../../shared/models/preferences';
import { useBridge } from '../../bridge/bridge-context';
import { browserNotifications } from '../../shell/use-batch-notifications';
import { usePreferences } from '../../shell/use-preferences';
import { SettingsCard, SettingsControl } from './settings-card';
import './settings-sections.css';

const CONCURRENCY = Array.from(
  { length: FILE_CONCURRENCY_MAX - FILE_CONCURRENCY_MIN + 1 },
  (_, i) => FILE_CONCURRENCY_MIN + i,
);

/** Asks the browser (web host) for permission; the desktop's main process needs none of its page. */
async function allowNotifications(kind: string): Promise<string | undefined> {
  if (kind === 'electron') return undefined;
  const api = browserNotifications();
  if (!api) return 'This browser cannot show notifications.';
  const answer = api.permission === 'granted' ? 'granted' : await api.requestPermission();
  return answer === 'granted'
    ? undefined
    : 'The browser blocked notifications for this page: allow them in its site settings, then try again.';
}

/** An on/off preference (a checkbox with the switch role); `id` is its label's target and its test id. */
function Switch(p: { id: string; checked: boolean; disabled: boolean; onChange(on: boolean): void }) {
  return (
    <input
      id={p.id}
      type="checkbox"
      className="settings-switch"
      role="switch"
      data-testid={p.id}
      checked={p.checked}
      disabled={p.disabled}
      onChange={(e) => p.onChange(e.target.checked)}
    />
  );
}

/** Settings → Uploads: parallel files, start at once or on demand, and the batch notification. */
export function UploadsSection() {
  const bridge = useBridge();
  const { prefs, error, change } = usePreferences();
  const [refused, setRefused] = useState<string>();
  const toggleNotify = async (on: boolean) => {
    // The browser's own question may stay open: until it is answered, notifications stay off.
    if (on && bridge.kind !== 'electron' && browserNotifications()?.permission === 'default')
      setRefused('Allow notifications in the browser’s question to turn them on.');
    const why = on ? await allowNotifications(bridge.kind) : undefined;
    setRefused(why);
    if (!why) await change({ notify: on });
  };
  return (
    <SettingsCard id="uploads" title="Uploads" testId="settings-uploads">
      {error ? (
        <div className="notice notice--bad" role="alert">
          {error}
        </div>
      ) : null}
      <div className="settings-rows">
        <SettingsControl
          htmlFor="pref-parallel"
          label="Files uploaded at once"
          hint="Large files at a time; small ones share the same connections. Fewer is gentler on a slow line."
        >
          <select
            id="pref-parallel"
            className="input settings-number"
            data-testid="pref-parallel"
            value={prefs?.fileConcurrency ?? ''}
            disabled={!prefs}
            onChange={(e) => void change({ fileConcurrency: Number(e.target.value) })}
          >
            {CONCURRENCY.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </SettingsControl>
        <SettingsControl
          htmlFor="pref-autostart"
          label="Start uploads as soon as files are added"
          hint="Off: added files wait, paused, until you press Resume all in the Queue."
        >
          <Switch
            id="pref-autostart"
            checked={prefs?.autoStart ?? true}
            disabled={!prefs}
            onChange={(on) => void change({ autoStart: on })}
          />
        </SettingsControl>
        <SettingsControl
          htmlFor="pref-notify"
          label="Notify me when uploads finish"
          hint={refused ?? 'One notification per batch: how many were uploaded, unchanged or failed.'}
          hintTestId="pref-notify-hint"
        >
          <Switch
            id="pref-notify"
            checked={prefs?.notify ?? false}
            disabled={!prefs}
            onChange={(on) => void toggleNotify(on)}
          />
        </SettingsControl>
      </div>
    </SettingsCard>
  );
}
