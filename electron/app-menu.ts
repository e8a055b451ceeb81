import { Menu } from 'electron';
import { appMenuTemplate, type AppMenuDeps } from './app-menu-template';

/** Installs the application menu (replacing Electron's default, whose Help links to electronjs.org). */
export function installAppMenu(deps: AppMenuDeps): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(deps)));
}
