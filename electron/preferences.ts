import Store from 'electron-store';
import type { DesktopPreferences } from '../shared/ipc/contract';

/**
 * The desktop's own preferences, in `<data>/preferences.json` through electron-store (atomic
 * writes; a hand-edited file that fails the schema falls back to the defaults). Main only:
 * the renderer reaches them through the validated `desktop.*` calls.
 */
export function openPreferences(): { get(): DesktopPreferences; set(next: DesktopPreferences): void } {
  const store = new Store<DesktopPreferences>({
    name: 'preferences',
    defaults: { closeWhileUploading: 'ask' },
    schema: { closeWhileUploading: { type: 'string', enum: ['ask', 'background', 'quit'] } },
    clearInvalidConfig: true,
  });
  return {
    get: () => ({ closeWhileUploading: store.get('closeWhileUploading') }),
    set: (next) => store.set('closeWhileUploading', next.closeWhileUploading),
  };
}
