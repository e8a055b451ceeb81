import { join } from 'node:path';

/** The app's name as Electron derives its user-data folder from it. */
export const APP_NAME = 'Copper';

/**
 * The profile folder the desktop app uses (Electron's `app.getPath('userData')`), so the CLI
 * and the app share one queue and one sign-in: `$XDG_CONFIG_HOME/Copper` (default
 * `~/.config/Copper`) on Linux, `~/Library/Application Support/Copper` on macOS and
 * `%APPDATA%\Copper` on Windows.
 */
export function defaultDataDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
}
