import { isHeldBack, type QueueEntry, type QueueStateName } from '../models/queue';

/** What one batch did: files uploaded, found unchanged in the bucket, and failed. */
export interface BatchCounts {
  readonly uploaded: number;
  readonly unchanged: number;
  readonly failed: number;
}

/** The one notification a finished batch gets. */
export interface BatchNotice {
  readonly title: string;
  readonly body: string;
  readonly counts: BatchCounts;
}

const ACTIVE: ReadonlySet<QueueStateName> = new Set(['queued', 'uploading', 'waiting-for-network']);
type Outcome = keyof BatchCounts;

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/**
 * What to say when a batch ends, or undefined when it did nothing worth telling (everything
 * paused or cancelled). Failures lead: the person must look at the Queue.
 */
export function batchNotice(counts: BatchCounts): BatchNotice | undefined {
  const { uploaded, unchanged, failed } = counts;
  if (uploaded + unchanged + failed === 0) return undefined;
  const parts = [
    uploaded > 0 || failed > 0 ? `${count(uploaded, 'file')} uploaded` : '',
    unchanged > 0 ? `${unchanged.toLocaleString('en')} unchanged` : '',
    failed > 0 ? `${failed.toLocaleString('en')} failed` : '',
  ].filter(Boolean);
  const body = parts.join(', ') + (failed > 0 ? ': the Queue says why.' : '.');
  const title =
    failed > 0
      ? `Copper: ${count(failed, 'file')} could not be uploaded`
      : uploaded > 0
        ? 'Copper: uploads finished'
        : 'Copper: nothing new to upload';
  return { title, body: body.charAt(0).toUpperCase() + body.slice(1), counts };
}

/**
 * Follows the queue's entries (a `queue.list` snapshot, then `queue.entry` / `queue.removed`)
 * and says once when a batch ends: the queue went from something queued, uploading or waiting
 * to nothing. Each file counts once per batch, by how it ended last (a failed file retried and
 * uploaded counts as uploaded); files held back at add and files done before the batch do not
 * count. Pure: the Electron main process and the web host's renderer both use it.
 */
export class BatchWatch {
  private readonly states = new Map<number, QueueStateName>();
  private readonly active = new Set<number>();
  private outcomes = new Map<number, Outcome>();
  private open = false;

  /** Starts over from a snapshot (at start, after a reconnect or a core restart). */
  seed(entries: readonly QueueEntry[]): void {
    this.states.clear();
    this.active.clear();
    this.outcomes = new Map();
    for (const e of entries) {
      this.states.set(e.id, e.state);
      if (ACTIVE.has(e.state)) this.active.add(e.id);
    }
    this.open = this.active.size > 0;
  }

  /** One entry as it is now; the notice when this change ended the batch. */
  entry(e: QueueEntry): BatchNotice | undefined {
    const before = this.states.get(e.id);
    this.states.set(e.id, e.state);
    if (ACTIVE.has(e.state)) {
      this.active.add(e.id);
      this.open = true;
    } else this.active.delete(e.id);
    if (this.open && before !== e.state) {
      if (e.state === 'done') this.outcomes.set(e.id, e.reason === 'unchanged' ? 'unchanged' : 'uploaded');
      else if (e.state === 'failed' && !isHeldBack(e)) this.outcomes.set(e.id, 'failed');
    }
    return this.settle();
  }

  /** An entry left the queue (cancelled, cleared): it no longer counts. */
  removed(id: number): BatchNotice | undefined {
    this.states.delete(id);
    this.active.delete(id);
    this.outcomes.delete(id);
    return this.settle();
  }

  private settle(): BatchNotice | undefined {
    if (!this.open || this.active.size > 0) return undefined;
    const counts = { uploaded: 0, unchanged: 0, failed: 0 };
    for (const o of this.outcomes.values()) counts[o] += 1;
    this.open = false;
    this.outcomes = new Map();
    return batchNotice(counts);
  }
}
