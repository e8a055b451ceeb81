import { useCallback, useEffect, useState } from 'react';
import type { Preferences, PreferencesChange } from '../../shared/models/preferences';
import { useBridge, useCall, useEvent } from '../bridge/bridge-context';
import { toCopperError } from '../bridge/bridge-error';

/** The core's preferences, kept current by `prefs.changed` (another window may change them), and how to change them. */
export function usePreferences(): {
  readonly prefs: Preferences | undefined;
  readonly error: string | undefined;
  change(next: PreferencesChange): Promise<void>;
} {
  const bridge = useBridge();
  const { data, error: loadError } = useCall('prefs.get', {});
  const [prefs, setPrefs] = useState<Preferences>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (data) setPrefs(data);
  }, [data]);
  useEvent('prefs.changed', setPrefs);
  const change = useCallback(
    (next: PreferencesChange) =>
      bridge.invoke('prefs.set', next).then(
        (value) => {
          setPrefs(value);
          setError(undefined);
        },
        (reason: unknown) => setError(toCopperError(reason).message),
      ),
    [bridge],
  );
  return { prefs, error: error ?? loadError?.message, change };
}
