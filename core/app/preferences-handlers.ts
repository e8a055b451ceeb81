import type { Handlers } from '../ipc/dispatch';
import type { PreferencesStore } from './preferences-store';
import { cacheSize, clearCache } from './storage-info';
import { CopperError } from '../../shared/errors';

export interface PreferencesHandlerDeps {
  readonly preferences: Pick<PreferencesStore, 'get' | 'set'>;
  /** The thumbnail cache folder (core/catalog/thumbnail-cache.ts). */
  readonly thumbnailsDir: string;
  /** The rotating log's folder (core/log). */
  readonly logDir: string;
  /** Told what the person changed (a key event for the log; never a secret). */
  readonly onChanged?: (what: string, context: Record<string, unknown>) => void;
}

type PreferenceCalls =
  'prefs.get' | 'prefs.set' | 'storage.info' | 'storage.clear-thumbnails' | 'desktop.open-logs';

/** The `prefs.*` and `storage.*` calls: the person's preferences and what the data folder holds. */
export function preferencesHandlers(deps: PreferencesHandlerDeps): Pick<Handlers, PreferenceCalls> {
  return {
    'prefs.get': async () => deps.preferences.get(),
    'prefs.set': async (change) => {
      const next = deps.preferences.set(change);
      deps.onChanged?.('preferences changed', { ...change });
      return next;
    },
    'storage.info': async () => {
      const cache = await cacheSize(deps.thumbnailsDir);
      return { thumbnailBytes: cache.bytes, thumbnailFiles: cache.files, logDir: deps.logDir };
    },
    'storage.clear-thumbnails': async () => {
      const cleared = await clearCache(deps.thumbnailsDir);
      deps.onChanged?.('thumbnail cache cleared', { ...cleared });
      return cleared;
    },
    // Opening a folder in the file manager is Electron main's (shell.openPath), which answers first.
    'desktop.open-logs': async () => {
      throw new CopperError(
        'desktop.unsupported',
        'Only the Copper desktop app can open a folder: copy the path instead.',
        false,
      );
    },
  };
}
