import type { SessionSource } from '../account/session-source';
import { CopperError, toErrorShape, type ErrorShape } from '../../shared/errors';
import type { SessionState } from '../../shared/models/account';
import { isHeldBack, type AddResult, type QueueEntry } from '../../shared/models/queue';
import type { QueueSnapshot, QueueStatus, QueueTotals } from '../../shared/models/queue';
import type { CredentialProvider } from '../credentials/provider';
import type { EventHub } from '../ipc/event-hub';
import { UploadQueue } from '../upload/upload-queue';
import type { UploadScreen } from '../upload/queue-add';
import { openDatabase, type CopperDatabase } from '../db/database';
import type { UploadOptions } from '../upload/options';
import { isCredentialFailure, SessionQueueProvider, SignedOutProvider } from './queue-credentials';
import { TargetMemory, type AccountKey } from './target-memory';
import { queueTotals } from '../../shared/models/queue-totals';
import type { QueuePreferences } from '../app/preferences-store';
import { RecheckHint } from './recheck-hint';

/** What the queue service is built from. */
export interface QueueServiceDeps {
  /** The profile folder: the SQLite database and the remembered upload target live here. */
  readonly dataDir: string;
  readonly hub: EventHub;
  /** The signed-in session and its S3 credentials (the desktop's normal mode). */
  readonly session?: SessionSource;
  readonly sessionCredentials?: CredentialProvider;
  /**
   * A fixed provider that overrides the session (tests, direct mode): the queue always runs
   * with it, whoever is signed in.
   */
  readonly credentials?: CredentialProvider;
  readonly options?: Partial<UploadOptions>;
  /** Where unexpected engine errors go (already logged by the engine); default console.warn. */
  readonly log?: (message: string) => void;
  /** How often to try again when another process holds the profile's queue (default 15 s). */
  readonly lockRetryMs?: number;
  /** Holds damaged or empty files back at add (core/catalog/damage-check.ts); "upload anyway" is `retry(id)`. */
  readonly screen?: UploadScreen;
  /**
   * The person's preferences: parallel files (the engine's `fileConcurrency`; a change rebuilds
   * the engine, uploads in flight continue from the parts S3 holds), uploads on demand (added
   * paused until "Start", i.e. resume) and the remembered speed limit.
   */
  readonly preferences?: QueuePreferences;
}

type Mode =
  | { readonly kind: 'fixed'; readonly provider: CredentialProvider }
  | { readonly kind: 'session'; readonly account: AccountKey }
  | { readonly kind: 'parked'; readonly account: QueueStatus['account'] };

/**
 * The upload queue as the app serves it: one UploadQueue on the profile's database, built for
 * whoever is signed in and rebuilt when that changes (a different person's credential must
 * never upload into the previous one's running engine). While nobody is signed in the queue
 * still takes entries (with the last known target) and keeps them; they start when a
 * credential is there. Engine events are forwarded to the hub as `queue.*`.
 */
export class QueueService {
  private readonly db: CopperDatabase;
  private readonly memory: TargetMemory;
  private readonly recheck: RecheckHint;
  private readonly offSession: () => void;
  private readonly offPrefs: () => void;
  private engine!: UploadQueue;
  private provider: CredentialProvider | undefined;
  private engineOffs: Array<() => void> = [];
  private mode: Mode;
  // Engine swaps and calls are serialized through this chain, so a call never reaches an engine being closed.
  private chain: Promise<void> = Promise.resolve();
  private bandwidth: number | null = null;
  private fileConcurrency: number | undefined;
  private osOnline = true;
  private closed = false;
  // Another process (`copper upload`) runs this profile's queue: entries are kept, and the
  // start is tried again now and then so the app takes over once that process ends.
  private blocked: ErrorShape | undefined;
  private lockRetry: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: QueueServiceDeps) {
    this.db = openDatabase(deps.dataDir);
    this.memory = new TargetMemory(deps.dataDir);
    this.recheck = new RecheckHint(this.db);
    this.mode = this.modeFor(deps.session?.getState());
    this.bandwidth = deps.preferences?.get().bandwidthLimit ?? null;
    this.build();
    this.offSession =
      deps.session && !deps.credentials ? deps.session.onState((state) => this.follow(state)) : () => {};
    this.offPrefs = deps.preferences?.onChange(() => this.followPreferences()) ?? (() => {});
  }

  /** Queues files and folders (recursively); recorded even while signed out or offline. Paused when uploads start on demand. */
  async add(paths: readonly string[]): Promise<AddResult> {
    const engine = await this.current();
    return engine.add(paths, { paused: this.deps.preferences?.get().autoStart === false });
  }

  /** Every entry, the totals and whether uploads can run now. */
  async snapshot(): Promise<QueueSnapshot> {
    const engine = await this.current();
    const entries = this.recheck.markAll(engine.list());
    return { entries, totals: queueTotals(entries), status: this.status() };
  }

  async totals(): Promise<QueueTotals> {
    return queueTotals((await this.current()).list());
  }

  async pause(id?: number): Promise<QueueTotals> {
    const engine = await this.current();
    if (id !== undefined) this.need(engine, id);
    engine.pause(id);
    return queueTotals(engine.list());
  }

  async resume(id?: number): Promise<QueueTotals> {
    const engine = await this.current();
    if (id !== undefined) this.need(engine, id);
    engine.resume(id);
    return queueTotals(engine.list());
  }

  async retry(id?: number): Promise<QueueTotals> {
    const engine = await this.current();
    if (id !== undefined) this.need(engine, id);
    // "Retry all" is for failures; a held-back file is sent only when asked for by itself ("upload anyway").
    if (id !== undefined) engine.retry(id);
    else for (const e of engine.list()) if (e.state === 'failed' && !isHeldBack(e)) engine.retry(e.id);
    return queueTotals(engine.list());
  }

  async cancel(id: number): Promise<QueueTotals> {
    const engine = await this.current();
    this.need(engine, id);
    await engine.cancel(id);
    return queueTotals(engine.list());
  }

  async clearDone(): Promise<QueueTotals> {
    const engine = await this.current();
    engine.clearDone();
    return queueTotals(engine.list());
  }

  /** Sets (or with null lifts) the bandwidth limit; kept across engine rebuilds. */
  async setBandwidth(bytesPerSecond: number | null): Promise<QueueStatus> {
    const engine = await this.current();
    this.bandwidth = bytesPerSecond;
    engine.setBandwidthLimit(bytesPerSecond ?? undefined);
    this.deps.preferences?.set({ bandwidthLimit: bytesPerSecond });
    this.emitStatus();
    return this.status();
  }

  /**
   * What the OS says about the network (Electron's net.isOnline / powerMonitor resume, or the
   * host's interface check): offline stops uploads in flight and waits; online probes S3 at once.
   */
  setOnline(online: boolean): void {
    this.osOnline = online;
    if (this.closed || this.mode.kind === 'parked') return;
    this.engine.setOnline(online);
  }

  /** Resolves once nothing is queued, uploading or waiting (tests, the CLI-like hosts). */
  async waitForIdle(): Promise<void> {
    await (await this.current()).waitForIdle();
  }

  /** The S3 credential the queue runs with now (the artist's), or undefined while signed out: the Library compares with the bucket through it. */
  bucketAccess(): CredentialProvider | undefined {
    return this.closed || this.mode.kind === 'parked' ? undefined : this.provider;
  }

  status(): QueueStatus {
    return {
      online: this.mode.kind === 'parked' ? this.osOnline : this.engine.isOnline,
      account: this.mode.kind === 'parked' ? this.mode.account : 'ready',
      bandwidthLimit: this.bandwidth,
      ...(this.blocked ? { blocked: this.blocked } : {}),
    };
  }

  /** Stops following the session, closes the engine (entries stay for the next start) and the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.offSession();
    this.offPrefs();
    const done = this.chain.then(() => this.teardown());
    this.chain = done;
    await done;
    this.db.close();
  }

  private async current(): Promise<UploadQueue> {
    await this.chain;
    if (this.closed) throw new CopperError('queue.closed', 'The upload queue is shutting down.', true);
    return this.engine;
  }

  private need(engine: UploadQueue, id: number): QueueEntry {
    const entry = engine.get(id);
    if (!entry) throw new CopperError('queue.not-found', 'That file is no longer in the queue.', false);
    return entry;
  }

  private modeFor(state: SessionState | undefined): Mode {
    if (this.deps.credentials) return { kind: 'fixed', provider: this.deps.credentials };
    if (state?.status === 'signed-in' && this.deps.sessionCredentials) {
      return { kind: 'session', account: { apiUrl: state.profile.apiUrl, email: state.profile.email } };
    }
    return {
      kind: 'parked',
      account: state?.status === 'session-expired' ? 'session-expired' : 'signed-out',
    };
  }

  private follow(state: SessionState): void {
    const next = this.modeFor(state);
    if (sameMode(this.mode, next) || this.closed) return;
    this.chain = this.chain
      .then(() => this.swap(next))
      .catch((err: unknown) => {
        this.log(`the upload queue could not follow the sign-in change: ${String(err)}`);
      });
  }

  /** Parallel files changed: the engine is rebuilt with the new concurrency (entries stay in SQLite). */
  private followPreferences(): void {
    const wanted = this.deps.preferences?.get().fileConcurrency;
    if (this.closed || wanted === undefined || wanted === this.fileConcurrency) return;
    this.chain = this.chain
      .then(() => this.swap(this.mode))
      .catch((err: unknown) => {
        this.log(`the upload queue could not change its parallel files: ${String(err)}`);
      });
  }

  private async swap(next: Mode): Promise<void> {
    if (this.closed) return;
    const before = new Map(this.engine.list().map((e) => [e.id, e.state]));
    await this.teardown();
    this.mode = next;
    this.build();
    // close() and the constructor put interrupted uploads back to `queued` without an event.
    for (const e of this.engine.list())
      if (before.get(e.id) !== e.state) this.deps.hub.emit('queue.entry', this.recheck.mark(e));
    this.emitStatus();
  }

  private build(): void {
    const mode = this.mode;
    const provider =
      mode.kind === 'fixed'
        ? mode.provider
        : mode.kind === 'session'
          ? new SessionQueueProvider(this.deps.sessionCredentials!, this.memory, mode.account)
          : new SignedOutProvider(this.memory.load());
    this.provider = provider;
    const prefs = this.deps.preferences?.get();
    this.fileConcurrency = prefs?.fileConcurrency;
    const engine = new UploadQueue({
      db: this.db,
      credentials: provider,
      options: prefs ? { ...this.deps.options, fileConcurrency: prefs.fileConcurrency } : this.deps.options,
      screen: this.deps.screen,
    });
    this.engine = engine;
    const hub = this.deps.hub;
    this.engineOffs = [
      engine.on('entry', (e) => hub.emit('queue.entry', this.recheck.mark(e))),
      engine.on('removed', (r) => hub.emit('queue.removed', { id: r.id })),
      engine.on('progress', (p) => hub.emit('queue.progress', p)),
      engine.on('connectivity', (c) => {
        hub.emit('queue.connectivity', { online: c.online });
        this.emitStatus();
      }),
      engine.on('error', (e) => this.log(e.message)),
    ];
    if (this.bandwidth !== null) engine.setBandwidthLimit(this.bandwidth);
    if (mode.kind === 'parked') return;
    // Files that failed only because the credential was missing get another go now that there is one.
    for (const e of engine.list())
      if (e.state === 'failed' && isCredentialFailure(e.code)) engine.retry(e.id);
    this.tryStart(engine);
  }

  private tryStart(engine: UploadQueue): void {
    try {
      engine.start();
    } catch (err) {
      if (!(err instanceof CopperError)) throw err;
      const first = !this.blocked;
      this.blocked = toErrorShape(err);
      if (first) this.emitStatus();
      this.lockRetry ??= setInterval(() => {
        if (engine === this.engine && !this.closed) this.tryStart(engine);
      }, this.deps.lockRetryMs ?? 15_000);
      this.lockRetry.unref?.();
      return;
    }
    const wasBlocked = !!this.blocked;
    this.stopLockRetry();
    if (!this.osOnline) engine.setOnline(false);
    if (wasBlocked) this.emitStatus();
  }

  private stopLockRetry(): void {
    if (this.lockRetry) clearInterval(this.lockRetry);
    this.lockRetry = undefined;
    this.blocked = undefined;
  }

  private async teardown(): Promise<void> {
    this.stopLockRetry();
    for (const off of this.engineOffs.splice(0)) off();
    await this.engine.close();
  }

  private emitStatus(): void {
    if (!this.closed) this.deps.hub.emit('queue.status', this.status());
  }

  private log(message: string): void {
    (this.deps.log ?? ((m: string) => console.warn(`[queue] ${m}`)))(message);
  }
}

function sameMode(a: Mode, b: Mode): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'session' && b.kind === 'session')
    return a.account.apiUrl === b.account.apiUrl && a.account.email === b.account.email;
  if (a.kind === 'parked' && b.kind === 'parked') return a.account === b.account;
  return true;
}
