import { CopperError } from '../../shared/errors';
import type { AddResult, AddSkip, QueueEntry, QueueProgress } from '../../shared/models/queue';
import type { CredentialProvider } from '../credentials/provider';
import type { CopperDatabase } from '../db/database';
import { QueueRepository, toQueueEntry, type QueueRow } from '../db/queue-repository';
import { BandwidthLimiter } from './bandwidth';
import { ByteBudget } from './byte-budget';
import { systemClock, type Clock } from './clock';
import { nodeUploadFs, type UploadFs } from './file-access';
import { FileUploader } from './file-uploader';
import { abortUpload } from './multipart-upload';
import { slotCapacity, slotsFor } from './file-slots';
import { PartHasher } from './part-hasher';
import { resolveUploadOptions, type UploadOptions } from './options';
import { MAX_OBJECT_SIZE } from './part-size';
import { NETWORK_DOWN, RequestRunner, type RetryInfo } from './request-runner';
import { S3Session } from './s3-session';
import { describeFailure, errorCode } from './s3-errors';
import { sweepStaleUploads, type SweepResult } from './startup-sweep';
import { ConnectivityProbe } from './connectivity';
import { keyFor } from './keys';
import { ProgressMeter } from './progress-meter';
import { ProgressTicker } from './progress-ticker';
import { RunnerLock } from '../db/runner-lock';
import { uploadMetadata } from './object-metadata';
import { TypedEmitter } from './typed-emitter';
import { walkPaths } from './walk';

/** Events of the queue. Every `on` returns its unsubscribe. */
export interface QueueEvents {
  /** An entry was added or changed state. */
  entry: QueueEntry;
  /** An entry left the queue (cancel, clear done). */
  removed: { readonly id: number };
  /** Throttled (~10/s) byte-accurate progress while anything uploads. */
  progress: QueueProgress;
  /** A request failed and is being retried (or the credential renewed). */
  retry: RetryInfo & { readonly id: number; readonly path: string; readonly key: string };
  /** A part was attempted, finished, or found already on S3. */
  part: {
    readonly id: number;
    readonly partNumber: number;
    readonly size: number;
    readonly phase: 'attempt' | 'done' | 'skipped';
  };
  /** The S3 endpoint stopped or started answering. */
  connectivity: { readonly online: boolean };
  /** The startup sweep finished. */
  sweep: SweepResult;
  /** Something unexpected (a bug or an environment problem), already logged. */
  error: { readonly message: string };
}

/** What the queue is built from. */
export interface UploadQueueDeps {
  readonly db: CopperDatabase;
  readonly credentials: CredentialProvider;
  readonly clock?: Clock;
  readonly fs?: UploadFs;
  readonly options?: Partial<UploadOptions>;
  readonly random?: () => number;
  /** Recorded as each new object's `uploaded-by`; default: the target's `uploadedBy`. */
  readonly uploadedBy?: string;
  /**
   * How this process is named to another that finds the profile's queue already running
   * ("the Copper app (PID 123) is already uploading from this profile"). Default "the Copper app".
   */
  readonly runnerName?: string;
}

type StopReason = 'pause' | 'cancel' | 'close' | 'offline';

/**
 * The durable upload queue: entries live in SQLite, so a quit or crash loses nothing and
 * `start()` continues each file from the parts already on S3. Runs `fileConcurrency` files at
 * a time; goes `waiting-for-network` when S3 stops answering and resumes by itself.
 */
export class UploadQueue {
  private readonly repo: QueueRepository;
  private readonly session: S3Session;
  private readonly runner: RequestRunner;
  private readonly uploader: FileUploader;
  private readonly limiter: BandwidthLimiter;
  private readonly clock: Clock;
  private readonly fs: UploadFs;
  private readonly options: UploadOptions;
  private readonly events = new TypedEmitter<QueueEvents>();
  private readonly running = new Map<
    number,
    { controller: AbortController; done: Promise<void>; reason?: StopReason; slots: number }
  >();
  private readonly meter: ProgressMeter;
  private readonly hasher: PartHasher;
  private readonly ticker: ProgressTicker;
  private readonly lock: RunnerLock;
  private readonly probe: ConnectivityProbe;
  private readonly idleWaiters: (() => void)[] = [];
  private started = false;
  private closed = false;
  private online = true;
  private sweeping?: Promise<void>;

  constructor(deps: UploadQueueDeps) {
    this.options = resolveUploadOptions(deps.options);
    this.clock = deps.clock ?? systemClock;
    this.fs = deps.fs ?? nodeUploadFs;
    this.repo = new QueueRepository(deps.db, () => this.clock.now());
    this.session = new S3Session(deps.credentials, {
      maxSockets: this.options.fileConcurrency * this.options.partConcurrency + 4,
      requestTimeoutMs: this.options.requestTimeoutMs,
    });
    this.runner = new RequestRunner(this.session, this.clock, this.options, deps.random);
    this.limiter = new BandwidthLimiter(this.options.bandwidthLimit, this.clock);
    this.hasher = new PartHasher(this.options.hashWorkers);
    this.uploader = new FileUploader({
      repo: this.repo,
      runner: this.runner,
      fs: this.fs,
      limiter: this.limiter,
      budget: new ByteBudget(this.options.memoryBudget),
      options: this.options,
      hasher: this.hasher,
      objectMetadata: async () => uploadMetadata(await this.session.target(), deps.uploadedBy),
    });
    this.lock = new RunnerLock(deps.db, { owner: deps.runnerName ?? 'the Copper app' });
    this.meter = new ProgressMeter(() => this.clock.now());
    this.ticker = new ProgressTicker(
      this.repo,
      this.meter,
      () => this.running.keys(),
      (p) => this.events.emit('progress', p),
    );
    this.probe = new ConnectivityProbe(
      this.session,
      this.clock,
      { baseMs: this.options.probeBaseDelayMs, maxMs: this.options.probeMaxDelayMs },
      () => this.goOnline(),
      deps.random,
    );
  }

  /** Subscribes to an event; returns the unsubscribe. */
  on<K extends keyof QueueEvents>(name: K, fn: (payload: QueueEvents[K]) => void): () => void {
    return this.events.on(name, fn);
  }

  /** Every entry, oldest first. */
  list(): QueueEntry[] {
    return this.repo.all().map(toQueueEntry);
  }

  get(id: number): QueueEntry | undefined {
    const r = this.repo.get(id);
    return r ? toQueueEntry(r) : undefined;
  }

  /** Whether the S3 endpoint is believed reachable. */
  get isOnline(): boolean {
    return this.online;
  }

  /**
   * Queues files and folders (recursively). Keys are `prefix` (default: the target's) plus the
   * path relative to each given path's parent. Files over 5 TiB are added as `failed`
   * (`file-too-large`) so the person sees why; a file already waiting is not added twice.
   * Zero-byte files are queued: they upload as empty objects, which S3 stores like any other.
   */
  async add(paths: readonly string[], opts: { prefix?: string } = {}): Promise<AddResult> {
    const target = await this.session.target();
    const prefix = opts.prefix ?? target.prefix;
    const { files, skipped } = await walkPaths(this.fs, paths);
    const added: QueueEntry[] = [];
    const skips: AddSkip[] = [...skipped];
    for (const f of files) {
      const key = keyFor(prefix, f.root, f.path);
      const existing = this.repo.findActive(f.path, target.bucket, key);
      if (existing && existing.state !== 'failed') {
        skips.push({
          path: f.path,
          reason: 'already-queued',
          message: `${f.path} is already in the queue as ${key}.`,
        });
        continue;
      }
      let row: QueueRow;
      if (existing) {
        this.repo.setState(existing.id, { state: this.online ? 'queued' : 'waiting-for-network' });
        row = this.repo.get(existing.id)!;
      } else {
        const tooLarge = f.size > MAX_OBJECT_SIZE;
        row = this.repo.insert({
          path: f.path,
          bucket: target.bucket,
          key,
          size: f.size,
          mtimeMs: f.mtimeMs,
          state: tooLarge
            ? {
                state: 'failed',
                code: 'file-too-large',
                message: `${f.path} is over the 5 TiB S3 object maximum (${f.size} bytes); it was not uploaded.`,
                retryable: false,
              }
            : { state: this.online ? 'queued' : 'waiting-for-network' },
        });
      }
      const entry = toQueueEntry(row);
      added.push(entry);
      this.events.emit('entry', entry);
    }
    this.pump();
    return { added, skipped: skips };
  }

  /**
   * Starts uploading (idempotent) and, once, sweeps multipart uploads this profile started
   * and no longer tracks. Takes the profile's runner lock first: when another process (the
   * desktop app, another `copper upload`) runs this profile's queue, throws CopperError
   * `queue.locked` naming it, and changes nothing. Without start() the queue may still add,
   * list, pause and cancel entries (the running process picks them up).
   */
  start(): void {
    if (this.started || this.closed) return;
    this.lock.acquire();
    this.started = true;
    // A previous run that crashed or quit mid-upload left entries "uploading": they continue.
    // Only the lock holder may say so (another process's entries may really be uploading).
    for (const r of this.repo.inStates(['uploading', 'waiting-for-network']))
      this.repo.setState(r.id, { state: 'queued' });
    this.sweeping = this.sweep().finally(() => {
      this.sweeping = undefined;
      this.checkIdle();
    });
    this.pump();
  }

  /** Pauses one entry, or every unfinished one. In-flight parts are dropped; resume picks up from S3. */
  pause(id?: number): void {
    const rows =
      id === undefined
        ? this.repo.inStates(['queued', 'uploading', 'waiting-for-network'])
        : [this.repo.get(id)].filter((r): r is QueueRow => !!r);
    for (const r of rows) {
      if (r.state === 'done' || r.state === 'failed' || r.state === 'paused') continue;
      this.setState(r.id, { state: 'paused' });
      this.stopRunning(r.id, 'pause');
    }
  }

  /** Resumes one paused entry, or all. */
  resume(id?: number): void {
    const rows =
      id === undefined
        ? this.repo.inStates(['paused'])
        : [this.repo.get(id)].filter((r): r is QueueRow => r?.state === 'paused');
    for (const r of rows) this.setState(r.id, { state: this.online ? 'queued' : 'waiting-for-network' });
    this.pump();
  }

  /** Queues one failed entry again, or all failed ones. */
  retry(id?: number): void {
    const rows =
      id === undefined
        ? this.repo.inStates(['failed'])
        : [this.repo.get(id)].filter((r): r is QueueRow => r?.state === 'failed');
    for (const r of rows) this.setState(r.id, { state: this.online ? 'queued' : 'waiting-for-network' });
    this.pump();
  }

  /** Removes an entry; its multipart upload (if any) is aborted on S3. */
  async cancel(id: number): Promise<void> {
    const run = this.running.get(id);
    if (run) {
      this.stopRunning(id, 'cancel');
      await run.done;
      return;
    }
    await this.discard(id);
  }

  /** Removes every `done` entry from the list (their upload records stay, for skip-unchanged). */
  clearDone(): void {
    for (const id of this.repo.removeDone()) this.events.emit('removed', { id });
    this.checkIdle();
  }

  /**
   * Tells the queue what the OS knows: offline stops the uploads in flight (they keep their
   * parts on S3) and waits; online probes the endpoint at once.
   */
  setOnline(online: boolean): void {
    if (online) {
      if (!this.online) this.probe.wake();
      return;
    }
    this.goOffline();
  }

  /** Changes the bandwidth limit (bytes/s; undefined or 0 = unlimited). */
  setBandwidthLimit(bytesPerSecond: number | undefined): void {
    this.limiter.setLimit(bytesPerSecond);
  }

  /** Resolves once nothing is queued, uploading or waiting for the network (and the startup sweep is over). */
  waitForIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  /**
   * Stops everything in flight (entries stay queued, to continue on the next start) and
   * releases the network clients. The database stays open: its owner closes it.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.probe.stop();
    const runs = [...this.running.entries()];
    for (const [id] of runs) this.stopRunning(id, 'close');
    await Promise.allSettled([...runs.map(([, r]) => r.done), this.sweeping]);
    this.ticker.stop();
    this.session.close();
    await this.hasher.close();
    if (this.started) this.lock.release();
  }

  private pump(): void {
    if (!this.started || this.closed || !this.online) return;
    const capacity = slotCapacity(this.options);
    let used = [...this.running.values()].reduce((n, r) => n + r.slots, 0);
    while (used < capacity) {
      const row = this.repo.nextQueued(new Set(this.running.keys()));
      if (!row) break;
      const slots = slotsFor(row.size, this.options);
      // A large file waits for its slots (in queue order) rather than being overtaken forever.
      if (used + slots > capacity && this.running.size > 0) break;
      this.launch(row, slots);
      used += slots;
    }
    this.checkIdle();
  }

  private launch(row: QueueRow, slots: number): void {
    const controller = new AbortController();
    this.setState(row.id, { state: 'uploading' });
    this.meter.track(row.id, row.size, 0);
    this.ticker.start();
    const observer = {
      progress: (bytes: number) => this.meter.update(row.id, bytes),
      retry: (info: RetryInfo) =>
        this.events.emit('retry', { ...info, id: row.id, path: row.path, key: row.key }),
      part: (p: { partNumber: number; size: number; phase: 'attempt' | 'done' | 'skipped' }) =>
        this.events.emit('part', { id: row.id, ...p }),
    };
    const run: { controller: AbortController; done: Promise<void>; reason?: StopReason; slots: number } = {
      controller,
      done: Promise.resolve(),
      slots,
    };
    run.done = this.uploader
      .upload(row.id, controller.signal, observer)
      .then((result) => {
        if (result.reason === 'unchanged')
          this.repo.setState(row.id, {
            state: 'done',
            reason: 'unchanged',
            versionId: result.versionId ?? null,
            etag: result.etag ?? null,
            sha256: result.sha256,
          });
        this.emitEntry(row.id);
      })
      .catch((err: unknown) => this.settleFailure(row, run.reason, err))
      .finally(() => {
        this.running.delete(row.id);
        this.meter.untrack(row.id);
        if (this.running.size === 0) this.ticker.stop();
        this.pump();
      });
    this.running.set(row.id, run);
  }

  private async settleFailure(row: QueueRow, reason: StopReason | undefined, err: unknown): Promise<void> {
    if (reason === 'cancel') {
      await this.discard(row.id);
      return;
    }
    if (reason === 'pause') return; // already marked paused
    if (reason === 'close') {
      this.repo.setState(row.id, { state: 'queued' });
      return;
    }
    if (reason === 'offline' || (err instanceof CopperError && err.code === NETWORK_DOWN)) {
      this.setState(row.id, { state: 'waiting-for-network' });
      this.goOffline();
      return;
    }
    if (err instanceof CopperError) {
      this.setState(row.id, {
        state: 'failed',
        code: err.code,
        message: err.message,
        retryable: err.retryable,
      });
      return;
    }
    const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    if (status) {
      // S3 said no (AccessDenied, NoSuchBucket, …): this file fails, the others go on.
      const current = this.repo.get(row.id);
      if (current?.uploadId) {
        this.repo.clearPlan(row.id);
        await abortUpload(
          { runner: this.runner, repo: this.repo },
          row.bucket,
          row.key,
          current.uploadId,
          row.path,
        );
      }
      this.setState(row.id, {
        state: 'failed',
        code: errorCode(err),
        message: `${row.path}: S3 refused the upload to ${row.key} (${describeFailure(err)}).`,
        retryable: false,
      });
      return;
    }
    console.error(`copper: unexpected failure uploading ${row.path}`, err);
    this.events.emit('error', { message: `${row.path}: ${(err as Error)?.message ?? String(err)}` });
    this.setState(row.id, {
      state: 'failed',
      code: 'internal',
      message: `${row.path} could not be uploaded because of an unexpected error (details in the log).`,
      retryable: true,
    });
  }

  /** Aborts the entry's multipart upload (if any) and removes it. */
  private async discard(id: number): Promise<void> {
    const row = this.repo.get(id);
    if (!row) return;
    if (row.uploadId)
      await abortUpload(
        { runner: this.runner, repo: this.repo },
        row.bucket,
        row.key,
        row.uploadId,
        row.path,
      );
    this.repo.remove(id);
    this.events.emit('removed', { id });
    this.checkIdle();
  }

  private stopRunning(id: number, reason: StopReason): void {
    const run = this.running.get(id);
    if (!run || run.reason) return;
    run.reason = reason;
    run.controller.abort(
      new CopperError(
        'stopped',
        `Upload ${reason === 'close' ? 'stopped' : reason === 'offline' ? 'waiting for the network' : reason + 'd'}.`,
        true,
      ),
    );
  }

  private goOffline(): void {
    if (this.closed) return;
    if (this.online) {
      this.online = false;
      this.events.emit('connectivity', { online: false });
      for (const [id] of this.running) this.stopRunning(id, 'offline');
      for (const r of this.repo.inStates(['queued'])) this.setState(r.id, { state: 'waiting-for-network' });
    }
    this.probe.start();
  }

  private goOnline(): void {
    if (this.closed || this.online) return;
    this.online = true;
    this.events.emit('connectivity', { online: true });
    for (const r of this.repo.inStates(['waiting-for-network'])) this.setState(r.id, { state: 'queued' });
    this.pump();
  }

  private async sweep(): Promise<void> {
    try {
      const target = await this.session.target();
      const result = await sweepStaleUploads(
        { repo: this.repo, runner: this.runner },
        target.bucket,
        target.prefix,
      );
      this.events.emit('sweep', result);
    } catch (err) {
      // Neither S3 nor the API that hands out credentials answers: the probe takes over.
      if (err instanceof CopperError && (err.code === NETWORK_DOWN || err.code.startsWith('network.'))) {
        this.goOffline();
        return;
      }
      // A CopperError says what happened in words; anything else is a bug, logged with its stack.
      if (err instanceof CopperError)
        console.error(`copper: the startup sweep of stale multipart uploads failed: ${err.message}`);
      else console.error('copper: the startup sweep of stale multipart uploads failed', err);
      this.events.emit('error', { message: `The startup sweep failed: ${describeFailure(err)}` });
    }
  }

  private setState(id: number, s: Parameters<QueueRepository['setState']>[1]): void {
    this.repo.setState(id, s);
    this.emitEntry(id);
  }

  private emitEntry(id: number): void {
    const r = this.repo.get(id);
    if (r) this.events.emit('entry', toQueueEntry(r));
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0) return;
    if (this.running.size > 0 || this.sweeping) return;
    if (this.repo.countInStates(['queued', 'uploading', 'waiting-for-network']) > 0) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
