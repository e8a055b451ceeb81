import { useEffect, useState } from 'react';

/** The person's choice; `system` follows prefers-color-scheme live. */
export type ThemePreference = 'system' | 'light' | 'dark';

const KEY = 'copper.theme';

function readPreference(): ThemePreference {
  const v = window.localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

function apply(preference: ThemePreference, media: MediaQueryList): void {
  const resolved = preference === 'system' ? (media.matches ? 'dark' : 'light') : preference;
  document.documentElement.dataset.theme = resolved;
}

/** Applies the stored preference synchronously; call once before the first render. */
export function applyStoredTheme(): void {
  apply(readPreference(), window.matchMedia('(prefers-color-scheme: dark)'));
}

/** The theme preference, kept in localStorage and applied as `data-theme` on <html>. */
export function useTheme(): [ThemePreference, (next: ThemePreference) => void] {
  const [preference, setPreference] = useState<ThemePreference>(readPreference);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    apply(preference, media);
    const onChange = () => apply(preference, media);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [preference]);
  const set = (next: ThemePreference) => {
    window.localStorage.setItem(KEY, next);
    setPreference(next);
  };
  return [preference, set];
}
