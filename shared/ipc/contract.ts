import { z } from 'zod';
import { call, event } from './define';
import type { AppInfo } from '../models/app-info';
import type { ErrorShape } from '../errors';
import type { SessionState } from '../models/account';
import { accountStateSchema, checkApiRequest, signInRequest, type ApiCheck } from './account-schemas';
import type { AddResult, QueueSnapshot, QueueTotals } from '../models/queue';
import {
  queueAddRequest,
  queueBandwidthRequest,
  queueEntrySchema,
  queueIdRequest,
  queueOptionalIdRequest,
  queueProgressSchema,
  queueStatusSchema,
} from './queue-schemas';
import type {
  AsOfPage,
  FolderRestoreResult,
  GalleryShare,
  HistoryPage,
  VersionLabels,
  VersionPreview,
  VersionRegion,
} from '../models/history';
import type {
  DeletedArtwork,
  DownloadResult,
  ObjectVersion,
  RestoreResult,
  ShareLink,
} from '../models/bucket';
import {
  historyDeletedRequest,
  historyKeyRequest,
  historyLabelFindRequest,
  historyLabelSetRequest,
  historyLinkRequest,
  historyShareCreateRequest,
  historyShareListRequest,
  historyShareRevokeRequest,
  historyAsOfRequest,
  historyListRequest,
  historyRegionRequest,
  historyRestoreFolderRequest,
  historyVersionRequest,
} from './history-schemas';
import type { StorageUsage } from '../models/usage';
import { historyUsageRequest } from './usage-schemas';
import type {
  BucketComparison,
  CatalogDetails,
  CatalogItem,
  CatalogPage,
  CatalogSource,
  PathCheck,
} from '../models/catalog';
import {
  catalogDoneEvent,
  catalogItemsEvent,
  catalogCheckPathRequest,
  catalogCompareRequest,
  catalogDetailsRequest,
  catalogScanIdRequest,
  catalogPageRequest,
  catalogScanRequest,
  catalogSourceIdRequest,
} from './catalog-schemas';
import type { ClearedCache, Preferences, StorageInfo } from '../models/preferences';
import { preferencesChangeRequest, preferencesSchema } from './preferences-schemas';

/**
 * The one table of renderer↔core calls. Electron IPC, the web host's WebSocket and the CLI
 * all bind these names; nothing else crosses the boundary. Add a call here, then its handler
 * in core/handlers.ts — the types make both sides agree.
 */
export const calls = {
  'app.info': call<AppInfo>()(z.object({}).strict()),
  'app.ping': call<{ readonly echo: string; readonly at: string }>()(
    z.object({ echo: z.string().max(1000) }).strict(),
  ),
  // Identity: the renderer learns the state (profile, role), never a token or a key.
  'account.state': call<SessionState>()(z.object({}).strict()),
  'account.check-api': call<ApiCheck>()(checkApiRequest),
  'account.sign-in': call<SessionState>()(signInRequest),
  'account.sign-out': call<SessionState>()(z.object({}).strict()),
  // Upload queue: add files/folders by absolute path; pause/resume/retry one entry or all (no id).
  'queue.add': call<AddResult>()(queueAddRequest),
  'queue.list': call<QueueSnapshot>()(z.object({}).strict()),
  'queue.pause': call<QueueTotals>()(queueOptionalIdRequest),
  'queue.resume': call<QueueTotals>()(queueOptionalIdRequest),
  'queue.retry': call<QueueTotals>()(queueOptionalIdRequest),
  'queue.cancel': call<QueueTotals>()(queueIdRequest),
  'queue.clear-done': call<QueueTotals>()(z.object({}).strict()),
  'queue.set-bandwidth': call<QueueSnapshot['status']>()(queueBandwidthRequest),
  // History (staff): browse the bucket, read a key's versions, restore, download, share.
  'history.list': call<HistoryPage>()(historyListRequest),
  'history.versions': call<ObjectVersion[]>()(historyKeyRequest),
  'history.restore': call<RestoreResult>()(historyVersionRequest),
  'history.undelete': call<RestoreResult>()(historyKeyRequest),
  'history.deleted': call<DeletedArtwork[]>()(historyDeletedRequest),
  'history.link': call<ShareLink>()(historyLinkRequest),
  /** Saves the version into the person's Downloads folder under a name that overwrites nothing. */
  'history.download': call<DownloadResult>()(historyVersionRequest),
  /** A version's preview made by the core from its bytes (any gallery format), served by the thumbnail route. */
  'history.preview': call<VersionPreview>()(historyVersionRequest),
  /** A full-resolution rectangle of a version, rendered by the core (Compare at 100% on huge files). */
  'history.region': call<VersionRegion>()(historyRegionRequest),
  /** A folder level as it was at a moment (paged), beside what each artwork is now. */
  'history.as-of': call<AsOfPage>()(historyAsOfRequest),
  /** Restores a folder level to a moment: a new current version per changed artwork, nothing deleted. */
  'history.restore-folder': call<FolderRestoreResult>()(historyRestoreFolderRequest),
  /** Share links kept by the Copper API (`/s/<id>`): revocable, outliving any credential, counted. */
  'history.share-create': call<GalleryShare>()(historyShareCreateRequest),
  'history.share-list': call<GalleryShare[]>()(historyShareListRequest),
  'history.share-revoke': call<GalleryShare>()(historyShareRevokeRequest),
  /** Version labels and notes kept by the Copper API: one artwork's, set one version's, or find by label. */
  'history.labels': call<VersionLabels[]>()(historyKeyRequest),
  'history.label-set': call<VersionLabels>()(historyLabelSetRequest),
  'history.label-find': call<VersionLabels[]>()(historyLabelFindRequest),
  /** Bytes in current and older versions and the estimated monthly cost, per artist and artwork (cached; `refresh` recomputes). */
  'history.usage': call<StorageUsage>()(historyUsageRequest),
  // Local catalog: walk files/folders, read each image (size, colour profile, thumbnail); items arrive as `catalog.items`.
  'catalog.scan': call<{ readonly scanId: string }>()(catalogScanRequest),
  'catalog.cancel': call<{ readonly cancelled: boolean }>()(catalogScanIdRequest),
  'catalog.list': call<CatalogItem[]>()(z.object({}).strict()),
  // The same list a window at a time: the Library paints from a small first page, then reads the rest.
  'catalog.page': call<CatalogPage>()(catalogPageRequest),
  // Desktop only: the OS's open dialog; the chosen paths then go to `queue.add` / `catalog.scan`.
  // Other hosts answer `dialog.unsupported` (the web host keeps its path field).
  'dialog.pick-paths': call<PickedPaths>()(z.object({ kind: z.enum(['folders', 'files']) }).strict()),
  // Desktop only: what closing the window does while uploads run (kept by the main process).
  'desktop.preferences': call<DesktopPreferences>()(z.object({}).strict()),
  'desktop.set-preferences': call<DesktopPreferences>()(
    z.object({ closeWhileUploading: z.enum(['ask', 'background', 'quit']) }).strict(),
  ),
  // The Library's sources, kept in the catalog database (a reload or a core restart keeps them).
  'catalog.sources': call<CatalogSource[]>()(z.object({}).strict()),
  'catalog.checkPath': call<PathCheck>()(catalogCheckPathRequest),
  'catalog.removeSource': call<{ readonly removed: boolean }>()(catalogSourceIdRequest),
  // The Library's "unchanged" follows the bucket: each file's last upload vs the key's current version (HEAD, batched).
  'catalog.compareBucket': call<BucketComparison[]>()(catalogCompareRequest),
  // The person's preferences, kept by the core in the data folder (every host of it sees the same); changes arrive as `prefs.changed`.
  'prefs.get': call<Preferences>()(z.object({}).strict()),
  'prefs.set': call<Preferences>()(preferencesChangeRequest),
  // What the data folder holds that Settings shows: the thumbnail cache (size, clear) and where the logs are.
  'storage.info': call<StorageInfo>()(z.object({}).strict()),
  'storage.clear-thumbnails': call<ClearedCache>()(z.object({}).strict()),
  // Desktop only: opens the log folder in the file manager (main's shell.openPath, the core's own path only).
  'desktop.open-logs': call<{ readonly opened: true }>()(z.object({}).strict()),
  // The Library's details panel: the file's key, its uploads from this machine, the gallery's current version (one HEAD).
  'catalog.details': call<CatalogDetails>()(catalogDetailsRequest),
} as const;

/** The desktop's own preferences: closing the window while uploads run asks, keeps uploading in the tray/menu bar, or quits. */
export interface DesktopPreferences {
  readonly closeWhileUploading: 'ask' | 'background' | 'quit';
}

/** What the open dialog returned: no paths when the person cancelled. */
export interface PickedPaths {
  readonly paths: readonly string[];
}

/** The one table of core→renderer events. */
export const events = {
  /**
   * The core process's health as its host sees it: `restarting` after a crash (the window
   * stays; the queue resumes from SQLite once the core is back), `failed` after repeated crashes.
   */
  'core.status': event(
    z
      .object({
        state: z.enum(['running', 'restarting', 'failed']),
        restarts: z.number().int().nonnegative(),
        reason: z.string().max(500).optional(),
      })
      .strict(),
  ),
  /** Desktop only: the person picked paths through the application menu (File → Add Folder…/Files…). */
  'dialog.picked': event(
    z.object({ kind: z.enum(['folders', 'files']), paths: z.array(z.string()).max(10_000) }).strict(),
  ),
  'app.heartbeat': event(
    z.object({ at: z.string(), connection: z.enum(['online', 'offline', 'unknown']) }).strict(),
  ),
  /** Signed in, signed out, or the session ended (the queue is kept). */
  'account.changed': event(accountStateSchema),
  /** A queue entry was added or changed state. */
  'queue.entry': event(queueEntrySchema),
  /** An entry left the queue (cancel, clear done). */
  'queue.removed': event(z.object({ id: z.number().int() }).strict()),
  /** Per-file and overall bytes, rate and time left (≈10/s while anything uploads). */
  'queue.progress': event(queueProgressSchema),
  /** The S3 endpoint stopped or started answering. */
  'queue.connectivity': event(z.object({ online: z.boolean() }).strict()),
  /** Whether the queue can upload (signed in, online) and its bandwidth limit. */
  'queue.status': event(queueStatusSchema),
  /** Catalog items found or read since the last batch (at most 10 batches a second). */
  'catalog.items': event(catalogItemsEvent),
  /** A catalog scan finished or was cancelled, with its counts. */
  'catalog.done': event(catalogDoneEvent),
  /** The preferences changed (from any window or host of this data folder's core). */
  'prefs.changed': event(preferencesSchema),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type EventName = keyof typeof events;
export type CallRequest<K extends CallName> = z.input<Calls[K]['request']>;
export type CallResponse<K extends CallName> = NonNullable<Calls[K]['response']>;
export type EventPayload<K extends EventName> = z.infer<(typeof events)[K]['payload']>;

/** Narrowing helper for transports receiving an untrusted name. */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** Narrowing helper for transports receiving an untrusted event name. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** The object a transport gives the renderer as `window.copper`. */
export interface CopperBridge {
  invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>>;
  /** Subscribes to an event; the listener gets the payload only. Returns the unsubscribe. */
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}

/** Messages on the web host's WebSocket (and the shape Electron IPC results are wrapped in). */
export type InvokeResult<T = unknown> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorShape };
