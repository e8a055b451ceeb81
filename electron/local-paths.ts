// Where the desktop app keeps what it can rebuild (Chromium's caches, the thumbnail cache),
// as opposed to what it must keep (the queue, the catalog, the sign-in). On Windows, Electron
// puts everything under %APPDATA% (Roaming), which a domain with roaming profiles copies to
// the server at every sign-out: caches belong in %LOCALAPPDATA%. Elsewhere the OS already
// keeps the app's folder local (~/Library/Application Support, ~/.config).
//
// Pure (no 'electron' import) so it is unit-tested here; electron/main.ts applies it (through
// launch-settings.ts) before `app` is ready (`app.setPath('sessionData', …)`) and hands the
// thumbnail folder to the core.
import { win32 } from 'node:path';

/** The folders for rebuildable data; `undefined` fields keep Electron's default. */
export interface LocalPaths {
  /** Chromium's profile data (Cache, Code Cache, GPUCache…): `app.setPath('sessionData', …)`. */
  readonly sessionData?: string;
  /** The core's thumbnail cache, when it is not under the data folder. */
  readonly thumbnailCache?: string;
}

/**
 * Local (non-roaming) folders for caches: on Windows `%LOCALAPPDATA%\<app name>`, unless
 * the person chose a data folder of their own (COPPER_DATA_DIR), where everything stays.
 */
export function localPaths(options: {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly appName: string;
}): LocalPaths {
  const local = options.env.LOCALAPPDATA;
  if (options.platform !== 'win32' || !local || options.env.COPPER_DATA_DIR) return {};
  const base = win32.join(local, options.appName);
  return { sessionData: win32.join(base, 'Session'), thumbnailCache: win32.join(base, 'thumbnails') };
}
