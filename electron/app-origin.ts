// Where the desktop app's own pages live. Kept apart from app-protocol.ts (which imports
// 'electron') so the IPC sender check can use it without loading Electron.

/** The custom scheme that serves the built renderer inside the desktop app. */
export const APP_SCHEME = 'app';
/** The host part of every app:// URL. */
export const APP_HOST = 'copper';
/** The origin of the desktop app's pages: the only one allowed to call the core over IPC. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the main window loads. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The IPC channel carrying every contract call: (name, payload) → InvokeResult. */
export const INVOKE_CHANNEL = 'copper:invoke';
/** The IPC channel carrying every contract event: (name, payload). */
export const EVENT_CHANNEL = 'copper:event';
