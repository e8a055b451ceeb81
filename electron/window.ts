import { BrowserWindow, nativeTheme, shell, type App, type Session } from 'electron';
import { isVettedExternalUrl } from '../core/security/external-url';
import { APP_ORIGIN } from './app-origin';

/**
 * The one main window, locked down per Electron's security checklist: sandboxed renderer,
 * context isolation, no Node, no <webview>, no insecure content, the preload as the only
 * bridge. Shown once painted so it never flashes white.
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 780,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Copper',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#151517' : '#fbfbfa',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click must not open new windows either (Electron's auxclick check).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  return win;
}

/**
 * For every webContents the app ever creates: no navigation away from the loaded page, no
 * redirects, no new windows (vetted https links open in the person's browser instead), no
 * <webview>. Registered once, before any window exists.
 */
export function lockDownContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isVettedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

/**
 * Denies every permission request and check (camera, notifications, geolocation, …) except
 * writing to the clipboard from our own pages: "Copy share link" needs exactly that.
 */
export function denyPermissions(session: Session): void {
  const allowed = (permission: string, origin: string): boolean =>
    permission === 'clipboard-sanitized-write' && origin === APP_ORIGIN;
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, originOf(details.requestingUrl))),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowed(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '';
  }
}
