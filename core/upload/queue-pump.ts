import { jobFromRow, type QueuePlanStore } from '../db/queue-plan-store';
import type { QueueRepository, QueueRow } from '../db/queue-repository';
import { slotCapacity, slotsFor } from './file-slots';
import type { FileUploader } from './file-uploader';
import type { UploadOptions } from './options';
import { ProgressMeter } from './progress-meter';
import { ProgressTicker } from './progress-ticker';
import type { QueueEvents } from './queue-events';
import type { FailureSettler } from './queue-failure';
import type { QueueRuns } from './queue-runs';
import type { TypedEmitter } from './typed-emitter';
import type { UploadObserver } from './upload-context';

/** What the pump works with: the queue's parts, and how it reports state changes. */
export interface QueuePumpDeps {
  readonly repo: QueueRepository;
  readonly store: QueuePlanStore;
  readonly options: UploadOptions;
  readonly uploader: FileUploader;
  readonly settler: FailureSettler;
  readonly running: QueueRuns;
  readonly events: TypedEmitter<QueueEvents>;
  readonly now: () => number;
  /** Sets a row's state and emits its entry. */
  readonly setState: (id: number, state: { state: 'uploading' }) => void;
  /** Emits a row's entry as it is now. */
  readonly emitEntry: (id: number) => void;
  /** Called when an upload has ended (the queue pumps again). */
  readonly ended: () => void;
}

/**
 * Starts queued entries, oldest first, while the queue's request slots last (file-slots.ts:
 * many small files at once, a few large ones with their parts in flight), and reports their
 * byte progress about ten times a second while any runs.
 */
export class QueuePump {
  /** Request slots each running entry holds. */
  private readonly slots = new Map<number, number>();
  private readonly meter: ProgressMeter;
  readonly ticker: ProgressTicker;

  constructor(private readonly deps: QueuePumpDeps) {
    this.meter = new ProgressMeter(deps.now);
    this.ticker = new ProgressTicker(
      deps.repo,
      this.meter,
      () => deps.running.ids(),
      (p) => deps.events.emit('progress', p),
      () => deps.events.has('progress'),
    );
  }

  /** Launches queued entries until the slots are taken. */
  fill(): void {
    const { options, repo, running } = this.deps;
    const capacity = slotCapacity(options);
    let used = 0;
    for (const n of this.slots.values()) used += n;
    while (used < capacity) {
      const row = repo.nextQueued(new Set(running.ids()));
      if (!row) break;
      const slots = slotsFor(row.size, options);
      // A large file waits for its slots (in queue order) rather than being overtaken forever.
      if (used + slots > capacity && running.size > 0) break;
      this.slots.set(row.id, slots);
      this.launch(row);
      used += slots;
    }
  }

  private launch(row: QueueRow): void {
    const { events, running } = this.deps;
    this.deps.setState(row.id, { state: 'uploading' });
    this.meter.track(row.id, row.size, 0);
    this.ticker.start();
    const observer: UploadObserver = {
      progress: (bytes) => this.meter.update(row.id, bytes),
      retry: (info) => events.emit('retry', { ...info, id: row.id, path: row.path, key: row.key }),
      part: (p) => events.emit('part', { id: row.id, ...p }),
    };
    running.launch(
      row.id,
      (signal, reason) =>
        this.deps.uploader
          .upload(jobFromRow(row), signal, observer)
          .then((result) => {
            if (result.reason === 'unchanged') this.deps.store.recordUnchanged(row.id, result);
            this.deps.emitEntry(row.id);
          })
          .catch((err: unknown) => this.deps.settler.settle(row, reason(), err)),
      () => {
        this.slots.delete(row.id);
        this.meter.untrack(row.id);
        if (running.size === 0) this.ticker.stop();
        this.deps.ended();
      },
    );
  }
}
