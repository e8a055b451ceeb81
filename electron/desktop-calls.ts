import { dialog, shell, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CopperError } from '../shared/errors';
import type { Handlers } from '../core/ipc/dispatch';
import type { CoreClient } from '../core/process/core-client';
import { downloadFileName } from '../core/history/download-target';
import type { DesktopPreferences } from '../shared/ipc/contract';

/** What the desktop-only calls need from main. */
export interface DesktopCallDeps {
  readonly core: Pick<CoreClient, 'handlers' | 'downloadTo'>;
  readonly window: () => BrowserWindow | undefined;
  readonly downloadsDir: string;
  readonly preferences: { get(): DesktopPreferences; set(next: DesktopPreferences): void };
}

/** The OS's open dialog for folders or files, several at once; [] when cancelled. */
export async function pickPaths(
  win: BrowserWindow | undefined,
  kind: 'folders' | 'files',
): Promise<readonly string[]> {
  const options: OpenDialogOptions = {
    title: kind === 'folders' ? 'Add folders of artwork' : 'Add artwork files',
    buttonLabel: 'Add',
    properties: [kind === 'folders' ? 'openDirectory' : 'openFile', 'multiSelections'],
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

/**
 * Opens the core's log folder in the file manager. The path is the core's own answer (never the
 * renderer's), and it must be an absolute, existing folder: nothing else is ever opened.
 */
async function openLogs(core: DesktopCallDeps['core']): Promise<{ readonly opened: true }> {
  const { logDir } = await core.handlers['storage.info']({});
  let folder: boolean;
  try {
    folder = isAbsolute(logDir) && statSync(logDir).isDirectory();
  } catch {
    folder = false;
  }
  if (!folder) throw new CopperError('logs.missing', `The log folder ${logDir} does not exist yet.`, false);
  const failure = await shell.openPath(logDir);
  if (failure) throw new CopperError('logs.open-failed', `Could not open ${logDir}: ${failure}`, false);
  return { opened: true };
}

/**
 * The contract as the desktop serves it: the core's handlers, with the calls only main can
 * answer (the OS dialogs, the desktop's preferences) put in front. Downloads ask where to save.
 */
export function desktopHandlers(deps: DesktopCallDeps): Handlers {
  return {
    ...deps.core.handlers,
    'dialog.pick-paths': async ({ kind }) => ({ paths: await pickPaths(deps.window(), kind) }),
    'desktop.preferences': async () => deps.preferences.get(),
    'desktop.open-logs': () => openLogs(deps.core),
    'desktop.set-preferences': async (next) => {
      deps.preferences.set(next);
      return deps.preferences.get();
    },
    'history.download': async ({ key, versionId }) => {
      const win = deps.window();
      const options = { defaultPath: join(deps.downloadsDir, downloadFileName(key)) };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath)
        throw new CopperError('download.cancelled', 'The download was cancelled.', false);
      return deps.core.downloadTo(key, versionId, result.filePath);
    },
  };
}
