// The desktop app's composition root: registers the app:// scheme, starts the core in its own
// utility process, opens the locked-down window and binds the contract to it. Main itself keeps
// only the window, the sender + payload checks, the OS dialogs, menu, tray and preferences.
import { app, ipcMain, net, powerMonitor, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { CoreClient } from '../core/process/core-client';
import { followQueueActivity } from '../core/queue/queue-activity';
import { contentSecurityPolicy } from '../core/security/content-security-policy';
import { registerAppSchemes, serveRenderer, serveThumbnails } from './app-protocol';
import { createMainWindow, denyPermissions, lockDownContents } from './window';
import { createInvokeListener, forwardEvents } from './ipc-main';
import { APP_INDEX_URL, APP_ORIGIN, INVOKE_CHANNEL } from './app-origin';
import { spawnUtilityCore, systemProxyEnv } from './core-utility';
import { desktopHandlers, pickPaths } from './desktop-calls';
import { openPreferences } from './preferences';
import { queueShell } from './queue-shell';
import { installAppMenu } from './app-menu';
import { guardWindowClose } from './close-guard';
import { reportStartupFailure } from './startup-failure';
import { launchSettings, type LaunchSettings } from './launch-settings';

/** The one window and whether the person chose to quit: shared by the handlers main registers. */
interface Shell {
  win: BrowserWindow | undefined;
  quitting: boolean;
  show(): void;
}

async function start(shell: Shell, settings: LaunchSettings): Promise<void> {
  const dataDir = app.getPath('userData');
  const downloadsDir = app.getPath('downloads');
  const online = (): 'online' | 'offline' => (net.isOnline() ? 'online' : 'offline');
  const proxyEnv = await systemProxyEnv(session.defaultSession);
  const core = new CoreClient({
    spawn: () => spawnUtilityCore(join(__dirname, 'core-process.cjs'), session.defaultSession, proxyEnv),
    config: {
      dataDir,
      host: 'electron',
      version: app.getVersion(),
      heartbeatMs: settings.heartbeatMs,
      keychainService: settings.keychainService,
      thumbnailsDir: settings.thumbnailCache,
      downloadsDir,
      connection: online(),
    },
    log: (message) => console.error(message),
  });
  await core.start();
  const preferences = openPreferences();

  denyPermissions(session.defaultSession);
  // History's thumbnails come straight from the bucket: its endpoint joins img-src.
  serveRenderer(session.defaultSession, join(__dirname, '../renderer'), () =>
    contentSecurityPolicy({ imageSources: core.imageSources() }),
  );
  serveThumbnails(session.defaultSession, (id) => core.readThumbnail(id));

  ipcMain.handle(
    INVOKE_CHANNEL,
    createInvokeListener({
      handlers: desktopHandlers({ core, window: () => shell.win, downloadsDir, preferences }),
      policy: { webContentsId: () => shell.win?.webContents.id, origin: APP_ORIGIN },
      logUnexpected: (name, err) => console.error(`[ipc] ${name} failed unexpectedly`, err),
      logRefused: (refusal, url) =>
        console.warn(`[ipc] ${refusal.message} (from ${url ?? 'an unknown frame'})`),
    }),
  );
  const stopEvents = forwardEvents(core.hub, () => shell.win?.webContents);

  // The core hears the OS's network signal; after sleep the network may be back before
  // net.isOnline() notices, so the queue probes S3 right away.
  let lastOnline = online();
  const networkTimer = setInterval(() => {
    if (online() === lastOnline) return;
    lastOnline = online();
    void core.setConnection(lastOnline).catch(() => {});
  }, 2_000);
  powerMonitor.on('resume', () => void core.setOnline(true).catch(() => {}));

  // Sleep blocker, badge, taskbar progress and the batch notification follow the queue's events.
  // The notification only once the person turned it on in Settings (the core keeps the choice).
  const indicators = queueShell(() => shell.win);
  let active = 0;
  let notify = false;
  const activity = followQueueActivity(core.hub, {
    onChange: (a) => {
      active = a.active;
      indicators.activity(a);
    },
    onBatchDone: (notice) => {
      if (notify) indicators.batchDone(notice);
    },
  });
  const seed = () => {
    void core.handlers['queue.list']({}).then(
      (snapshot) => activity.seed(snapshot.entries),
      () => {},
    );
    void core.handlers['prefs.get']({}).then(
      (prefs) => (notify = prefs.notify),
      () => {},
    );
  };
  const offStatus = core.hub.subscribe((name, payload) => {
    if (name === 'core.status' && (payload as { state: string }).state === 'running') seed();
    if (name === 'prefs.changed') notify = (payload as { notify: boolean }).notify;
  });
  seed();

  const quit = () => {
    shell.quitting = true;
    app.quit();
  };
  let disposeGuard = () => {};
  const open = () => {
    const win = createMainWindow(join(__dirname, 'preload.cjs'));
    shell.win = win;
    disposeGuard = guardWindowClose(win, {
      active: () => active,
      preferences,
      quitting: () => shell.quitting,
      show: shell.show,
      quit,
    });
    win.on('closed', () => {
      disposeGuard();
      if (shell.win === win) shell.win = undefined;
    });
    void win.loadURL(APP_INDEX_URL);
  };
  shell.show = () => {
    const win = shell.win;
    if (!win) return open();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  installAppMenu({
    packaged: app.isPackaged,
    platform: process.platform,
    onAdd: (kind) =>
      void pickPaths(shell.win, kind).then((paths) => {
        if (paths.length === 0) return;
        shell.show();
        core.hub.emit('dialog.picked', { kind, paths: [...paths] });
      }),
  });

  open();
  app.on('activate', () => shell.show());
  app.on('before-quit', () => {
    shell.quitting = true;
  });
  // Quit waits (at most 5 s) for the core to record state: running uploads go back to `queued`
  // (their parts stay on S3 for the next launch), the runner lock is released, SQLite closed.
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    clearInterval(networkTimer);
    offStatus();
    activity.dispose();
    indicators.dispose();
    disposeGuard();
    stopEvents();
    ipcMain.removeHandler(INVOKE_CHANNEL);
    core
      .stop(5_000)
      .catch((err: unknown) => console.error('Copper could not stop cleanly', err))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}

function main(): void {
  const settings = launchSettings({
    platform: process.platform,
    env: process.env,
    appName: app.getName(),
    warn: (message) => console.warn(message),
  });
  // COPPER_DATA_DIR lets the e2e run (and a person with two profiles) pick the folder; the
  // Chromium profile, the single-instance lock and the core's data then all live there.
  // On Windows Chromium's caches go to Local instead (launch-settings.ts, local-paths.ts).
  if (settings.dataDir) app.setPath('userData', settings.dataDir);
  if (settings.sessionData) app.setPath('sessionData', settings.sessionData);
  // A second launch just focuses the first (which owns the queue and the database).
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Every renderer sandboxed, whatever a later window forgets to set.
  app.enableSandbox();
  registerAppSchemes();
  lockDownContents(app);
  const shell: Shell = { win: undefined, quitting: false, show: () => {} };
  // Registered before ready, so a second launch during start-up is not lost: it shows the
  // window once there is one.
  app.on('second-instance', () => shell.show());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(() => start(shell, settings))
    .catch((err: unknown) => reportStartupFailure(err));
}

main();
