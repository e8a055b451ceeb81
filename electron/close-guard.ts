import { dialog, Menu, Tray, type BrowserWindow } from 'electron';
import type { DesktopPreferences } from '../shared/ipc/contract';
import { trayIcon } from './tray-icon';

/** What the close guard needs from main. */
export interface CloseGuardDeps {
  /** Queued, uploading or waiting for the network. */
  readonly active: () => number;
  readonly preferences: { get(): DesktopPreferences; set(next: DesktopPreferences): void };
  /** True once the person chose Quit (the app is on its way out: let every window close). */
  readonly quitting: () => boolean;
  readonly show: () => void;
  readonly quit: () => void;
}

/**
 * Closing the window while uploads run: asks (Keep uploading in the background / Quit /
 * Cancel, with "remember"), or does what Settings says. In the background the window hides and
 * a tray / menu-bar icon brings it back or quits. Returns the disposer (removes the tray).
 */
export function guardWindowClose(win: BrowserWindow, deps: CloseGuardDeps): () => void {
  let tray: Tray | undefined;
  const toBackground = () => {
    win.hide();
    if (tray) return;
    tray = new Tray(trayIcon());
    tray.setToolTip('Copper is uploading');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show Copper', click: deps.show },
        { type: 'separator' },
        { label: 'Quit Copper', click: deps.quit },
      ]),
    );
    tray.on('click', deps.show);
  };
  win.on('show', () => {
    tray?.destroy();
    tray = undefined;
  });
  win.on('close', (event) => {
    if (deps.quitting() || deps.active() === 0) return;
    const choice = deps.preferences.get().closeWhileUploading;
    if (choice === 'quit') return;
    event.preventDefault();
    if (choice === 'background') return toBackground();
    const left = deps.active();
    void dialog
      .showMessageBox(win, {
        type: 'question',
        message: `${left} ${left === 1 ? 'file is' : 'files are'} still uploading.`,
        detail:
          'Uploads can go on with the window closed, or stop now and continue from where they are next time.',
        buttons: ['Keep Uploading in the Background', 'Quit', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        checkboxLabel: 'Remember my choice (Settings can change it)',
      })
      .then(({ response, checkboxChecked }) => {
        if (response === 2) return;
        if (checkboxChecked)
          deps.preferences.set({ closeWhileUploading: response === 0 ? 'background' : 'quit' });
        if (response === 0) toBackground();
        else deps.quit();
      });
  });
  return () => {
    tray?.destroy();
    tray = undefined;
  };
}
