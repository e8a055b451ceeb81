import type { QueueEntry } from '../../shared/models/queue';
import type { CopperDatabase } from '../db/database';
import { QueueRepository } from '../db/queue-repository';

const UNFINISHED: ReadonlySet<string> = new Set(['queued', 'uploading', 'paused', 'waiting-for-network']);

/**
 * Marks the entries the engine will compare before sending (`recheck`, see QueueEntry): an
 * unfinished file with nothing on S3 yet whose key's last upload from this profile had the same
 * size. One primary-key lookup per entry; read-only, the engine's tables are not touched.
 */
export class RecheckHint {
  private readonly repo: QueueRepository;

  constructor(db: CopperDatabase) {
    this.repo = new QueueRepository(db);
  }

  mark(e: QueueEntry): QueueEntry {
    if (!UNFINISHED.has(e.state) || e.bytesDone > 0) return e;
    const last = this.repo.lastUpload(e.bucket, e.key);
    return last && last.size === e.size ? { ...e, recheck: true } : e;
  }

  markAll(entries: readonly QueueEntry[]): QueueEntry[] {
    return entries.map((e) => this.mark(e));
  }
}
