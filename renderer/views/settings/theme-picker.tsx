import type { ReactNode } from 'react';
import type { ThemePreference } from '../../shell/theme';
import { MonitorIcon, MoonIcon, SunIcon } from '../../components/icons';
import { useRadioGroup } from '../../components/radio-group';

const OPTIONS: ReadonlyArray<{ value: ThemePreference; label: string; icon: ReactNode }> = [
  { value: 'system', label: 'System', icon: <MonitorIcon size={16} /> },
  { value: 'light', label: 'Light', icon: <SunIcon size={16} /> },
  { value: 'dark', label: 'Dark', icon: <MoonIcon size={16} /> },
];

/** A segmented control for light, dark or following the system. */
export function ThemePicker({
  value,
  onChange,
}: {
  value: ThemePreference;
  onChange(next: ThemePreference): void;
}) {
  const radios = useRadioGroup(
    OPTIONS.map((o) => o.value),
    value,
    onChange,
  );
  return (
    <div className="segmented" {...radios.group} aria-label="Theme">
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          {...radios.radio(o.value)}
          className="segmented__option"
          data-theme-option={o.value}
        >
          {o.icon}
          <span>{o.label}</span>
        </button>
      ))}
    </div>
  );
}
