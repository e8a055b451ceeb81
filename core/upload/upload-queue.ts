import {
  queueStateNames,
  type AddResult,
  type QueueEntry,
  type QueueStateName,
} from '../../shared/models/queue';
import type { QueuePlanStore } from '../db/queue-plan-store';
import { toQueueEntry, type QueueRepository, type QueueRow } from '../db/queue-repository';
import { RunnerLock } from '../db/runner-lock';
import type { BandwidthLimiter } from './bandwidth';
import type { Clock } from './clock';
import { ConnectivityProbe } from './connectivity';
import type { UploadFs } from './file-access';
import type { UploadOptions } from './options';
import { addEntries } from './queue-add';
import type { QueueEvents, UploadQueueDeps } from './queue-events';
import { FailureSettler } from './queue-failure';
import { QueuePump } from './queue-pump';
import { QueueRuns } from './queue-runs';
import type { RequestRunner } from './request-runner';
import type { S3Session } from './s3-session';
import { sweepAtStart } from './startup-sweep';
import { TypedEmitter } from './typed-emitter';
import { buildUploadEngine } from './upload-engine';
import type { PartHasher } from './part-hasher';

export type { QueueEvents, UploadQueueDeps } from './queue-events';

/**
 * The durable upload queue: entries live in SQLite, so a quit or crash loses nothing and
 * `start()` continues each file from the parts already on S3. Runs `fileConcurrency` files at
 * a time; goes `waiting-for-network` when S3 stops answering and resumes by itself.
 */
export class UploadQueue {
  private readonly repo: QueueRepository;
  private readonly store: QueuePlanStore;
  private readonly session: S3Session;
  private readonly runner: RequestRunner;
  private readonly limiter: BandwidthLimiter;
  private readonly hasher: PartHasher;
  private readonly clock: Clock;
  private readonly fs: UploadFs;
  private readonly options: UploadOptions;
  private readonly events = new TypedEmitter<QueueEvents>();
  private readonly running = new QueueRuns();
  private readonly settler: FailureSettler;
  private readonly pumper: QueuePump;
  private readonly lock: RunnerLock;
  private readonly probe: ConnectivityProbe;
  private readonly idleWaiters: (() => void)[] = [];
  private started = false;
  private closed = false;
  private online = true;
  private sweeping?: Promise<void>;
  private readonly screen: UploadQueueDeps['screen'];

  constructor(deps: UploadQueueDeps) {
    const engine = buildUploadEngine(deps);
    this.screen = deps.screen;
    ({
      options: this.options,
      clock: this.clock,
      fs: this.fs,
      repo: this.repo,
      store: this.store,
      session: this.session,
      runner: this.runner,
      limiter: this.limiter,
      hasher: this.hasher,
    } = engine);
    this.settler = new FailureSettler({
      repo: this.repo,
      aborter: { runner: this.runner, store: this.store },
      setState: (id, state) => this.setState(id, state),
      goOffline: () => this.goOffline(),
      removed: (id) => {
        this.events.emit('removed', { id });
        this.checkIdle();
      },
      unexpected: (message) => this.events.emit('error', { message }),
    });
    this.lock = new RunnerLock(deps.db, {
      owner: deps.runnerName ?? 'the Copper app',
      onLost: () => this.lockLost(),
    });
    this.pumper = new QueuePump({
      ...engine,
      settler: this.settler,
      running: this.running,
      events: this.events,
      now: () => this.clock.now(),
      setState: (id, state) => this.setState(id, state),
      emitEntry: (id) => this.emitEntry(id),
      ended: () => this.pump(),
    });
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

  /** How many entries are in each state (no entry is read: cheap with tens of thousands). */
  counts(): Record<QueueStateName, number> {
    return this.repo.countsByState();
  }

  /** The entries not done yet (queued, uploading, waiting, paused or failed), oldest first. */
  unfinished(): QueueEntry[] {
    return this.repo.inStates(queueStateNames.filter((s) => s !== 'done')).map(toQueueEntry);
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
   * Queues files and folders (recursively; see queue-add.ts), keys under `prefix` (default: the
   * target's). Zero-byte files are queued: they upload as empty objects, as S3 stores any other.
   * `paused` adds them paused: they wait for `resume()` (uploads on demand).
   */
  async add(paths: readonly string[], opts: { prefix?: string; paused?: boolean } = {}): Promise<AddResult> {
    const target = await this.session.target();
    const result = await addEntries(
      {
        repo: this.repo,
        fs: this.fs,
        online: this.online,
        screen: this.screen,
        paused: opts.paused,
        onAdded: (entries) => {
          for (const entry of entries) this.events.emit('entry', entry);
          this.pump();
        },
      },
      {
        bucket: target.bucket,
        prefix: opts.prefix ?? target.prefix,
        ...(target.uploadPrefixes ? { uploadPrefixes: target.uploadPrefixes } : {}),
      },
      paths,
    );
    return result;
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
    for (const r of this.pick(id, ['queued', 'uploading', 'waiting-for-network'])) {
      this.setState(r.id, { state: 'paused' });
      void this.running.stop(r.id, 'pause');
    }
  }

  /** Resumes one paused entry, or all. */
  resume(id?: number): void {
    for (const r of this.pick(id, ['paused']))
      this.setState(r.id, { state: this.online ? 'queued' : 'waiting-for-network' });
    this.pump();
  }

  /** Queues one failed entry again, or all failed ones. */
  retry(id?: number): void {
    for (const r of this.pick(id, ['failed']))
      this.setState(r.id, { state: this.online ? 'queued' : 'waiting-for-network' });
    this.pump();
  }

  /** Removes an entry; its multipart upload (if any) is aborted on S3. */
  async cancel(id: number): Promise<void> {
    if (this.running.has(id)) await this.running.stop(id, 'cancel');
    else await this.settler.discard(id);
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
    await Promise.allSettled([this.running.stopAll('close'), this.sweeping]);
    this.pumper.ticker.stop();
    this.session.close();
    await this.hasher.close();
    if (this.started) this.lock.release();
  }

  private pump(): void {
    if (!this.started || this.closed || !this.online) return;
    this.pumper.fill();
    this.checkIdle();
  }

  private goOffline(): void {
    if (this.closed) return;
    if (this.online) {
      this.online = false;
      this.events.emit('connectivity', { online: false });
      void this.running.stopAll('offline');
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
    const outcome = await sweepAtStart({ repo: this.repo, runner: this.runner }, () => this.session.target());
    if (outcome.kind === 'done') this.events.emit('sweep', outcome.result);
    else if (outcome.kind === 'offline') this.goOffline();
    else this.events.emit('error', { message: outcome.message });
  }

  /** Entry `id` if it is in one of `states`, or every entry in them when `id` is undefined. */
  private pick(id: number | undefined, states: QueueStateName[]): QueueRow[] {
    if (id === undefined) return this.repo.inStates(states);
    const row = this.repo.get(id);
    return row && states.includes(row.state) ? [row] : [];
  }

  /** State changes go in the next batch commit: a crash's states are recomputed at start. */
  private setState(id: number, s: Parameters<QueueRepository['setState']>[1]): void {
    this.repo.later(() => this.repo.setState(id, s));
    this.emitEntry(id);
  }

  private emitEntry(id: number): void {
    // Read back only for a listener (the CLI's `upload --wait` has none): a read per change.
    const r = this.events.has('entry') ? this.repo.get(id) : undefined;
    if (r) this.events.emit('entry', toQueueEntry(r));
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0) return;
    if (this.running.size > 0 || this.sweeping) return;
    if (this.repo.countInStates(['queued', 'uploading', 'waiting-for-network']) > 0) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /**
   * Another process took the runner lock while this one was suspended past its heartbeat (a
   * laptop asleep): stop uploading and leave the rows to it; start() again asks for the lock.
   */
  private lockLost(): void {
    if (!this.started || this.closed) return;
    this.started = false;
    void this.running.stopAll('lost');
  }
}
