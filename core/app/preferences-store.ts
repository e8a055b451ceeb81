import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Preferences, PreferencesChange } from '../../shared/models/preferences';
import { preferencesSchema } from '../../shared/ipc/preferences-schemas';
import { defaultUploadOptions } from '../upload/options';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-dir';

/** What the upload queue reads and writes of the preferences (core/queue/queue-service.ts). */
export type QueuePreferences = Pick<PreferencesStore, 'get' | 'set' | 'onChange'>;

/** What a fresh data folder starts with: the engine's default parallelism, uploads start at once, no limit, no notifications. */
export const defaultPreferences: Preferences = {
  fileConcurrency: defaultUploadOptions.fileConcurrency,
  autoStart: true,
  bandwidthLimit: null,
  notify: false,
};

/**
 * The person's preferences in `<dataDir>/settings.json` (beside electron-store's
 * `preferences.json`, which keeps the desktop's own window preferences): read once, written
 * whole to a temporary name and renamed, owner only. A file that fails the schema (hand-edited,
 * half-written by an old version) gives the defaults for the fields that fail, never a crash.
 */
export class PreferencesStore {
  private readonly file: string;
  private current: Preferences;
  private readonly defaults: Preferences;
  private readonly listeners = new Set<(prefs: Preferences) => void>();

  /** `defaults` overrides the built-in ones for fields the file does not set (a host's tuning, tests). */
  constructor(dataDir: string, defaults: Partial<Preferences> = {}) {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    this.file = join(dataDir, 'settings.json');
    this.defaults = preferencesSchema.parse({ ...defaultPreferences, ...defaults });
    this.current = this.read();
  }

  get(): Preferences {
    return this.current;
  }

  /** Applies a change (already schema-checked by the contract), saves it and tells the listeners. */
  set(change: PreferencesChange & { readonly bandwidthLimit?: number | null }): Preferences {
    const next = preferencesSchema.parse({
      ...this.current,
      ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
    });
    if (JSON.stringify(next) === JSON.stringify(this.current)) return this.current;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
    renameSync(tmp, this.file);
    this.current = next;
    for (const l of this.listeners) l(next);
    return next;
  }

  /** Called after every change; returns the unsubscribe. */
  onChange(listener: (prefs: Preferences) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private read(): Preferences {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return this.defaults;
    }
    if (!raw || typeof raw !== 'object') return this.defaults;
    const merged: Record<string, unknown> = { ...this.defaults };
    const fields = preferencesSchema.shape;
    for (const [k, schema] of Object.entries(fields)) {
      const v = (raw as Record<string, unknown>)[k];
      if (schema.safeParse(v).success) merged[k] = v;
    }
    return preferencesSchema.parse(merged);
  }
}
