import type { QueueEntry } from '../../shared/models/queue';
import { openDatabase } from '../../core/db/database';
import { QueueRepository, toQueueEntry } from '../../core/db/queue-repository';

/**
 * The queue's entries read straight from the database: no credentials, no network, and no
 * state touched (a desktop app uploading from the same profile is not disturbed).
 */
export async function readQueueEntries(dataDir: string): Promise<QueueEntry[]> {
  const db = openDatabase(dataDir);
  try {
    return new QueueRepository(db).all().map(toQueueEntry);
  } finally {
    db.close();
  }
}
