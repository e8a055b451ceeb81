import { CatalogRepository } from './db/catalog-repository';
import { openDatabase } from './db/database';
import { ensurePrivateDir } from './app/private-dir';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createHandlers } from './handlers';
import { EventHub } from './ipc/event-hub';
import { startHeartbeat } from './app/heartbeat';
import { interfaceNetworkStatus, type NetworkStatus } from './app/network-status';
import type { Handlers } from './ipc/dispatch';
import type { AppInfo } from '../shared/models/app-info';
import { createAccountServices } from './account/account-services';
import type { ApiClientOptions } from './credentials/api-client';
import type { SessionCredentialProvider } from './credentials/session-credential-provider';
import type { SessionLog, SessionService } from './account/session-service';
import { HistoryService } from './history/history-service';
import { SharingService } from './history/sharing-service';
import { ImageSources } from './history/image-sources';
import { VersionPreviews, versionFilesDir } from './history/version-previews';
import { ThumbnailCache } from './catalog/thumbnail-cache';
import sharp from 'sharp';
import * as nodeFs from 'node:fs/promises';
import type { CredentialProvider } from './credentials/provider';
import type { UploadOptions } from './upload/options';
import { QueueService } from './queue/queue-service';
import { watchNetwork } from './queue/network-feed';
import { CatalogService } from './catalog/catalog-service';
import { forwardCatalogEvents } from './catalog/catalog-handlers';
import { uploadScreen } from './catalog/upload-screen';
import { PreferencesStore } from './app/preferences-store';
import { logDirOf, RotatingLog, type CoreLog } from './log/rotating-log';
import { logQueueEvents } from './log/queue-log';

/** How a host (Electron main, the web host, a test) describes the core it wants. */
export interface AppContextOptions {
  /** Where the catalog, queue and thumbnail cache live; created if missing. */
  readonly dataDir: string;
  readonly host: AppInfo['host'];
  readonly version: string;
  readonly platform?: string;
  readonly network?: NetworkStatus;
  readonly now?: () => Date;
  /** 0 turns the heartbeat off (the CLI has nobody to tell). */
  readonly heartbeatMs?: number;
  /** The OS keychain's service name for session tokens (default 'Copper', shared with the CLI). */
  readonly keychainService?: string;
  /** How the core reaches the Copper API (fetch, timeout). */
  readonly apiOptions?: ApiClientOptions;
  /** Where the account services log (events and codes only, never a secret); default: warnings to the console. */
  readonly accountLog?: SessionLog;
  /** Where History saves downloaded versions (default: ~/Downloads; Electron passes app.getPath('downloads')). */
  readonly downloadsDir?: string;
  /** The thumbnail cache (rebuildable); default `<dataDir>/thumbnails`. */
  readonly thumbnailsDir?: string;
  /**
   * A fixed S3 credential provider instead of the signed-in session's (tests, scripted
   * setups): the upload queue runs with it whoever is signed in. Omit it in the app.
   */
  readonly s3Credentials?: CredentialProvider;
  /** Upload engine tunables (tests use small parts and short backoffs); production keeps the defaults. */
  readonly uploadOptions?: Partial<UploadOptions>;
  /** Where the core logs key events and unexpected errors; default a rotating file in `<dataDir>/logs` (core/log). */
  readonly log?: CoreLog;
}

/** The composed core: what every transport binds to. */
export interface AppContext {
  readonly dataDir: string;
  readonly handlers: Handlers;
  readonly hub: EventHub;
  /** The signed-in person (sign-in/out, restore, state); its changes are emitted as `account.changed`. */
  readonly session: SessionService;
  /**
   * S3 credentials for whoever is signed in (a CredentialProvider for createS3Client and the
   * upload queue): fetched from the API, memory only, refreshed ahead of expiry, forgotten
   * when the session ends or changes.
   */
  readonly credentials: SessionCredentialProvider;
  /** Resolves once the saved session has been restored at start-up (never rejects; offline-friendly). */
  readonly ready: Promise<void>;
  /** The upload queue (follows the session; main.ts feeds it the OS's online/resume events via setOnline). */
  readonly queue: QueueService;
  /** The local catalog (scans, items, cached thumbnails; hosts serve `readThumbnail(id)` to the renderer). */
  readonly catalog: CatalogService;
  /** The core's log (key events, unexpected errors; redacted): hosts log their own failures here too. */
  readonly log: CoreLog;
  /** The person's preferences (`<dataDir>/settings.json`); changes are emitted as `prefs.changed`. */
  readonly preferences: PreferencesStore;
  /** History's downloads to a path the desktop's save dialog chose (host-only; the renderer's call saves into Downloads). */
  readonly history: Pick<HistoryService, 'download'>;
  /** Origins History's thumbnails load from (AWS, plus bucket endpoints seen in this data folder): for the CSP's img-src. */
  imageSources(): readonly string[];
  /** Stops timers and closes services, last built first. */
  dispose(): Promise<void>;
}

/**
 * The core's composition helper, shared by main.ts, the web host and the tests. Later
 * services (store, credentials, queue, catalog) are built here in dependency order, each
 * pushing its disposer, and handed to createHandlers.
 */
export function createAppContext(options: AppContextOptions): AppContext {
  ensurePrivateDir(options.dataDir);
  const now = options.now ?? (() => new Date());
  const network = options.network ?? interfaceNetworkStatus();
  const hub = new EventHub();
  const disposers: Array<() => void | Promise<void>> = [];

  const logDir = logDirOf(options.dataDir);
  const log = options.log ?? new RotatingLog({ dir: logDir, echo: (line) => console.warn(line) });
  log.info('core started', { version: options.version, host: options.host });
  const preferences = new PreferencesStore(options.dataDir, {
    ...(options.uploadOptions?.fileConcurrency
      ? { fileConcurrency: options.uploadOptions.fileConcurrency }
      : {}),
  });
  disposers.push(preferences.onChange((p) => hub.emit('prefs.changed', p)));

  const heartbeatMs = options.heartbeatMs ?? 2000;
  if (heartbeatMs > 0) disposers.push(startHeartbeat({ hub, network, intervalMs: heartbeatMs, now }));

  const account = createAccountServices({
    dataDir: options.dataDir,
    hub,
    keychainService: options.keychainService,
    apiOptions: options.apiOptions,
    log: options.accountLog ?? log,
  });
  disposers.push(() => account.dispose());

  const imageSources = new ImageSources(options.dataDir);
  const thumbnailsDir = options.thumbnailsDir ?? join(options.dataDir, 'thumbnails');
  const history = new HistoryService({
    // One thumbnailer and one cache for the Library and History: both are served by the same route.
    previews: new VersionPreviews({
      sharp,
      cache: new ThumbnailCache(nodeFs, thumbnailsDir),
      filesDir: versionFilesDir(options.dataDir),
    }),
    credentials: account.credentials,
    account: account.session,
    presign: (request) => account.session.presign(request),
    downloadsDir: options.downloadsDir ?? join(homedir(), 'Downloads'),
    onEndpoint: (endpoint) => imageSources.learn(endpoint),
  });
  disposers.push(() => history.dispose());

  // Its own connection to the profile's database (WAL: the queue's connection writes beside it).
  const catalogDb = openDatabase(options.dataDir);
  disposers.push(() => {
    catalogDb.close();
  });
  const catalogRepository = new CatalogRepository(catalogDb);

  const queue = new QueueService({
    dataDir: options.dataDir,
    hub,
    session: account.session,
    sessionCredentials: account.credentials,
    credentials: options.s3Credentials,
    options: options.uploadOptions,
    screen: uploadScreen({ uploaded: (...a) => catalogRepository.uploadedLike(...a) }),
    preferences,
    log: (message) => log.warn(`queue: ${message}`),
  });
  disposers.push(() => queue.close());
  const queueLog = logQueueEvents(hub, log);
  disposers.push(() => queueLog.dispose());
  void queue.snapshot().then(
    (snapshot) => queueLog.seed(snapshot.entries),
    () => {},
  );
  disposers.push(watchNetwork(network, (online) => queue.setOnline(online)));

  const catalog = new CatalogService({
    cacheDir: thumbnailsDir,
    repository: catalogRepository,
    bucketAccess: () => queue.bucketAccess(),
  });
  disposers.push(() => catalog.dispose());
  disposers.push(forwardCatalogEvents(catalog, hub));

  const handlers = createHandlers({
    app: {
      version: options.version,
      dataDir: options.dataDir,
      host: options.host,
      platform: options.platform ?? process.platform,
      network,
      now,
    },
    account: { session: account.session, ready: account.ready },
    history: { history, sharing: new SharingService((fn) => account.session.withToken(fn)) },
    queue,
    catalog,
    preferences: {
      preferences,
      thumbnailsDir,
      logDir,
      onChanged: (what, context) => log.info(what, context),
    },
  });

  let disposed = false;
  return {
    dataDir: options.dataDir,
    handlers,
    hub,
    session: account.session,
    credentials: account.credentials,
    ready: account.ready,
    queue,
    catalog,
    history,
    log,
    preferences,
    imageSources: () => imageSources.list(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const d of disposers.reverse()) await d();
      log.info('core stopped');
    },
  };
}
