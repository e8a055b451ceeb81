import type { AddResult, FileProgress, QueueEntry } from '../../shared/models/queue';
import type { QueueStatus, QueueTotals } from '../../shared/models/queue';
import { queueTotals } from '../../shared/models/queue-totals';
import { summarizeQueue, type QueueSummary } from '../../shared/models/queue-summary';
import { ByteRate } from '../../shared/byte-rate';
import type { CopperError } from '../../shared/errors';
import type { RendererBridge } from '../bridge/renderer-bridge';
import { toCopperError } from '../bridge/bridge-error';

/** What the renderer knows about the upload queue at one moment (immutable; a new object per change). */
export interface QueueSnapshot {
  /** False until the first `queue.list` answer. */
  readonly loaded: boolean;
  /** Every entry, oldest first. */
  readonly entries: readonly QueueEntry[];
  readonly totals: QueueTotals;
  readonly status: QueueStatus | undefined;
  /**
   * Progress of the files in flight (from `queue.progress`), and of paused or waiting files at
   * the point they reached (rate 0): across a pause and resume it never goes backwards.
   */
  readonly live: ReadonlyMap<number, FileProgress>;
  /** Overall bytes per second, over the last few seconds of bytes that really moved (0 while unknown). */
  readonly rate: number;
  /** Counts and bytes for the overall bar: only what is or will be sent. */
  readonly summary: QueueSummary;
  /** Why the list could not be read, if it could not. */
  readonly error: CopperError | undefined;
}

/** The queue's actions. */
export interface QueueActions {
  add(paths: readonly string[]): Promise<AddResult>;
  /** Pause, resume or retry one entry, or every one when `id` is omitted. */
  act(action: 'pause' | 'resume' | 'retry', id?: number): Promise<void>;
  cancel(id: number): Promise<void>;
  clearDone(): Promise<void>;
}

/** The snapshot and the actions together, as views receive them. */
export type QueueModel = QueueSnapshot & QueueActions;

// Events may arrive hundreds per second (a folder of thousands of files): they go into plain
// maps at once and a new snapshot is published at most every FLUSH_MS.
const FLUSH_MS = 60;

/**
 * The upload queue for the whole renderer, as a plain store (no React): `start()` follows the
 * bridge (`queue.list` whenever the transport opens, then the `queue.*` events), `subscribe`
 * and `getSnapshot` are what `useSyncExternalStore` needs, and the actions call the core.
 * Testable with any bridge; `start` returns the disposer.
 */
export class QueueStore implements QueueActions {
  private readonly entries = new Map<number, QueueEntry>();
  private live = new Map<number, FileProgress>();
  /** The furthest bytes each unfinished file has shown: pausing drops parts in flight, the progress never goes back. */
  private readonly reached = new Map<number, number>();
  private readonly meter = new ByteRate();
  /** Re-checked entries whose bytes were seen moving: they are being sent after all. */
  private readonly sending = new Set<number>();
  private status: QueueStatus | undefined;
  private loaded = false;
  private error: CopperError | undefined;
  private snapshot: QueueSnapshot;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listGeneration = 0;

  constructor(
    private readonly bridge: RendererBridge,
    private readonly flushMs = FLUSH_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.snapshot = this.build();
  }

  /** Follows the bridge; returns the disposer. */
  start(): () => void {
    const offs = [
      this.bridge.onTransport((state) => {
        if (state === 'open') this.load();
      }),
      this.bridge.on('queue.entry', (e) => {
        this.put(e);
        // Found unchanged: its jump to full size was a comparison, not bytes sent.
        if (e.state === 'done' && e.reason === 'unchanged') this.meter.retract(e.id);
        this.hold(e);
        this.changed();
      }),
      this.bridge.on('queue.removed', ({ id }) => {
        this.entries.delete(id);
        this.live.delete(id);
        this.reached.delete(id);
        this.sending.delete(id);
        this.meter.retract(id);
        this.changed();
      }),
      this.bridge.on('queue.progress', (p) => this.progress(p.files)),
      this.bridge.on('queue.status', (s) => {
        this.status = s;
        this.changed(true);
      }),
      this.bridge.on('queue.connectivity', ({ online }) => {
        if (this.status) this.status = { ...this.status, online };
        this.changed(true);
      }),
    ];
    if (this.bridge.transport() === 'open') this.load();
    return () => {
      for (const off of offs) off();
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.listGeneration++;
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): QueueSnapshot => this.snapshot;

  add = (paths: readonly string[]): Promise<AddResult> =>
    this.bridge.invoke('queue.add', { paths: [...paths] });

  act = async (action: 'pause' | 'resume' | 'retry', id?: number): Promise<void> => {
    await this.bridge.invoke(`queue.${action}`, id === undefined ? {} : { id });
  };

  cancel = async (id: number): Promise<void> => {
    await this.bridge.invoke('queue.cancel', { id });
  };

  clearDone = async (): Promise<void> => {
    await this.bridge.invoke('queue.clear-done', {});
  };

  private load(): void {
    const generation = ++this.listGeneration;
    this.bridge.invoke('queue.list', {}).then(
      (snapshot) => {
        if (generation !== this.listGeneration) return;
        this.entries.clear();
        for (const e of snapshot.entries) this.put(e);
        this.status = snapshot.status;
        this.loaded = true;
        this.error = undefined;
        this.changed(true);
      },
      (reason: unknown) => {
        if (generation !== this.listGeneration) return;
        this.error = toCopperError(reason);
        this.loaded = true;
        this.changed(true);
      },
    );
  }

  /** Takes in an entry; a re-check whose bytes were seen moving is being sent (no longer `recheck`). */
  private put(e: QueueEntry): void {
    if (e.state === 'done' || e.state === 'failed') this.sending.delete(e.id);
    if (e.recheck && this.sending.has(e.id)) {
      const { recheck: _recheck, ...rest } = e;
      this.entries.set(e.id, rest as QueueEntry);
    } else this.entries.set(e.id, e);
  }

  /** One `queue.progress`: live bytes (never going back), the measured rate, and re-checks that turned into uploads. */
  private progress(files: readonly FileProgress[]): void {
    const t = this.now();
    const moving = files.filter((f) => {
      const e = this.entries.get(f.id);
      return !(e?.state === 'done' && e.reason === 'unchanged');
    });
    this.meter.observe(t, moving);
    const live = new Map<number, FileProgress>();
    for (const f of moving) {
      // A resumed upload restarts from the bytes S3 holds: the bar waits there, it does not go back.
      const bytes = Math.max(f.bytes, this.reached.get(f.id) ?? 0);
      this.reached.set(f.id, bytes);
      const rate = this.meter.rate(t, f.id);
      const left = f.size - bytes;
      live.set(f.id, {
        id: f.id,
        bytes,
        size: f.size,
        rate,
        ...(rate > 0 ? { etaSeconds: left / rate } : {}),
      });
      const e = this.entries.get(f.id);
      if (e?.recheck && f.bytes > 0 && f.bytes < f.size) {
        this.sending.add(f.id);
        this.put(e);
      }
    }
    for (const [id, f] of this.live)
      if (!live.has(id) && this.entries.get(id)?.state !== 'uploading') live.set(id, f);
    this.live = live;
    this.changed();
  }

  /** Keeps a paused or waiting file at the point it reached; a finished, failed or new file starts afresh. */
  private hold(e: QueueEntry): void {
    if (e.state === 'uploading') return;
    const reached = Math.max(this.reached.get(e.id) ?? 0, e.bytesDone);
    if (e.state === 'done' || e.state === 'failed' || reached === 0) {
      this.reached.delete(e.id);
      this.live.delete(e.id);
      return;
    }
    this.reached.set(e.id, reached);
    this.live.set(e.id, { id: e.id, bytes: reached, size: e.size, rate: 0 });
  }

  /** Publishes a new snapshot: now for rare changes, else at most every `flushMs`. */
  private changed(now = false): void {
    if (now) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.publish();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, this.flushMs);
  }

  private publish(): void {
    this.snapshot = this.build();
    for (const l of [...this.listeners]) l();
  }

  private build(): QueueSnapshot {
    const entries = [...this.entries.values()].sort((a, b) => a.id - b.id);
    const live = new Map(this.live);
    return {
      loaded: this.loaded,
      entries,
      totals: queueTotals(entries),
      summary: summarizeQueue(entries, (e) => live.get(e.id)?.bytes ?? e.bytesDone),
      status: this.status,
      live,
      rate: this.meter.rate(this.now()),
      error: this.error,
    };
  }
}
