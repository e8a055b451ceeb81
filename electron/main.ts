// The desktop app's composition root: registers the app:// scheme, builds the core for the
// person's data folder, opens the locked-down window and binds the contract to it.
import { app, BrowserWindow, ipcMain, net, powerMonitor, session } from 'electron';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../core/app-context';
import { contentSecurityPolicy } from '../core/security/content-security-policy';
import { registerAppSchemes, serveRenderer, serveThumbnails } from './app-protocol';
import { createMainWindow, denyPermissions, lockDownContents } from './window';
import { createInvokeListener, forwardEvents } from './ipc-main';
import { APP_INDEX_URL, APP_ORIGIN, INVOKE_CHANNEL } from './app-origin';

// COPPER_DATA_DIR lets the e2e run (and a person with two profiles) pick the folder; the
// Chromium profile, the single-instance lock and the core's data then all live there.
if (process.env.COPPER_DATA_DIR) app.setPath('userData', process.env.COPPER_DATA_DIR);
// Every renderer sandboxed, whatever a later window forgets to set.
app.enableSandbox();
registerAppSchemes();
lockDownContents(app);

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const heartbeatMs = Number(process.env.COPPER_HEARTBEAT_MS) || undefined;
  const context: AppContext = createAppContext({
    dataDir,
    host: 'electron',
    version: app.getVersion(),
    network: () => (net.isOnline() ? 'online' : 'offline'),
    heartbeatMs,
    downloadsDir: app.getPath('downloads'),
  });

  denyPermissions(session.defaultSession);
  // History's thumbnails come straight from the bucket: its endpoint joins img-src.
  serveRenderer(session.defaultSession, join(__dirname, '../renderer'), () =>
    contentSecurityPolicy({ imageSources: context.imageSources() }),
  );
  serveThumbnails(session.defaultSession, (id) => context.catalog.readThumbnail(id));

  let win: BrowserWindow | undefined;
  const open = () => {
    win = createMainWindow(join(__dirname, 'preload.cjs'));
    win.on('closed', () => {
      win = undefined;
    });
    void win.loadURL(APP_INDEX_URL);
  };

  ipcMain.handle(
    INVOKE_CHANNEL,
    createInvokeListener({
      handlers: context.handlers,
      policy: { webContentsId: () => win?.webContents.id, origin: APP_ORIGIN },
      logUnexpected: (name, err) => console.error(`[ipc] ${name} failed unexpectedly`, err),
      logRefused: (refusal, url) =>
        console.warn(`[ipc] ${refusal.message} (from ${url ?? 'an unknown frame'})`),
    }),
  );
  const stopEvents = forwardEvents(context.hub, () => win?.webContents);
  // After sleep the network may be back before net.isOnline() notices: let the queue probe S3 now.
  powerMonitor.on('resume', () => context.queue.setOnline(true));

  open();
  app.on('second-instance', () => {
    if (!win) return open();
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  // Quit waits for the core to stop: running uploads go back to `queued` (their parts stay on
  // S3 for the next launch), the profile's runner lock is released and SQLite is closed.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    stopEvents();
    ipcMain.removeHandler(INVOKE_CHANNEL);
    const giveUp = new Promise<void>((resolve) => setTimeout(resolve, 5_000));
    Promise.race([context.dispose(), giveUp])
      .catch((err: unknown) => console.error('Copper could not stop cleanly', err))
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });
}

if (!app.requestSingleInstanceLock()) {
  // A second launch just focuses the first (which owns the queue and the database).
  app.quit();
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('Copper failed to start', err);
      app.exit(1);
    });
}
