// Only *types* come from 'electron' here, so the template is unit-tested without the binary.
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu needs from main. */
export interface AppMenuDeps {
  /** Shows the open dialog and hands the picked paths to the window (File → Add Folder…/Add Files…). */
  readonly onAdd: (kind: 'folders' | 'files') => void;
  /** DevTools and reload only in development (`!app.isPackaged`). */
  readonly packaged: boolean;
  readonly platform: NodeJS.Platform;
}

/** The menu template: our own items, Electron's roles for the standard ones, no links to Electron's site. */
export function appMenuTemplate(deps: AppMenuDeps): MenuItemConstructorOptions[] {
  const mac = deps.platform === 'darwin';
  const develop: MenuItemConstructorOptions[] = deps.packaged
    ? []
    : [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Add Folder…', accelerator: 'CmdOrCtrl+O', click: () => deps.onAdd('folders') },
        { label: 'Add Files…', accelerator: 'CmdOrCtrl+Shift+O', click: () => deps.onAdd('files') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...develop,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about', label: 'About Copper' }] },
  ];
}
