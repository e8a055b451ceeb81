/**
 * The person's preferences the core keeps in the data folder (`<data>/settings.json`), shared by
 * every host of that folder (desktop, web host, CLI). Nothing here is secret.
 */
export interface Preferences {
  /** Large files uploading at the same time (1–16); small files share the slots (core/upload/file-slots.ts). */
  readonly fileConcurrency: number;
  /** True: files start uploading as soon as they are added. False: they wait, paused, until "Start". */
  readonly autoStart: boolean;
  /** The Queue view's speed limit in bytes per second, remembered across restarts; null = no limit. */
  readonly bandwidthLimit: number | null;
  /** A desktop notification per finished batch; only ever true after the person allowed it. */
  readonly notify: boolean;
}

/** What `prefs.set` may change (the speed limit is set by `queue.set-bandwidth`). */
export type PreferencesChange = Partial<Pick<Preferences, 'fileConcurrency' | 'autoStart' | 'notify'>>;

/** The limits of `fileConcurrency`. */
export const FILE_CONCURRENCY_MIN = 1;
export const FILE_CONCURRENCY_MAX = 16;

/** What the data folder holds that Settings shows: the thumbnail cache and the logs. */
export interface StorageInfo {
  /** Bytes and files in the thumbnail cache (rebuilt on demand, safe to clear). */
  readonly thumbnailBytes: number;
  readonly thumbnailFiles: number;
  /** The folder of the rotating log files. */
  readonly logDir: string;
}

/** What `storage.clear-thumbnails` removed. */
export interface ClearedCache {
  readonly removedFiles: number;
  readonly freedBytes: number;
}
