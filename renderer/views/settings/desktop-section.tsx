import { useEffect, useState } from 'react';
import type { DesktopPreferences } from '../../../shared/ipc/contract';
import { useBridge } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';
import './desktop-section.css';
import { SettingsCard, SettingsControl } from './settings-card';

const CHOICES: readonly { value: DesktopPreferences['closeWhileUploading']; label: string }[] = [
  { value: 'ask', label: 'Ask each time' },
  { value: 'background', label: 'Keep uploading in the background' },
  { value: 'quit', label: 'Quit (uploads continue next time)' },
];

/** Desktop only: what closing the window does while uploads run (kept by the main process). */
export function DesktopSection() {
  const bridge = useBridge();
  const [prefs, setPrefs] = useState<DesktopPreferences>();
  const [error, setError] = useState<string>();
  const desktop = bridge.kind === 'electron';
  useEffect(() => {
    if (!desktop) return;
    bridge
      .invoke('desktop.preferences', {})
      .then(setPrefs, (r: unknown) => setError(toCopperError(r).message));
  }, [bridge, desktop]);
  if (!desktop) return null;
  const change = (closeWhileUploading: DesktopPreferences['closeWhileUploading']) =>
    bridge
      .invoke('desktop.set-preferences', { closeWhileUploading })
      .then(setPrefs, (r: unknown) => setError(toCopperError(r).message));
  return (
    <SettingsCard id="desktop" title="When the window closes">
      <div className="settings-rows">
        <SettingsControl
          htmlFor="close-while-uploading"
          label="While files are uploading"
          hint={error ?? 'In the background, Copper keeps an icon in the tray or menu bar.'}
        >
          <select
            id="close-while-uploading"
            className="input desktop-close-select"
            data-testid="close-while-uploading"
            value={prefs?.closeWhileUploading ?? 'ask'}
            disabled={!prefs}
            onChange={(e) => void change(e.target.value as DesktopPreferences['closeWhileUploading'])}
          >
            {CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </SettingsControl>
      </div>
    </SettingsCard>
  );
}
