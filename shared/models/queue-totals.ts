/** Pure: shared by the core (call answers) and the renderer (live totals from events). */
import { queueStateNames, type QueueEntry, type QueueStateName } from './queue';
import type { QueueTotals } from '../models/queue';

const ACTIVE: ReadonlySet<QueueStateName> = new Set(['queued', 'uploading', 'waiting-for-network']);
const UNFINISHED: ReadonlySet<QueueStateName> = new Set([
  'queued',
  'uploading',
  'paused',
  'waiting-for-network',
]);

/** A count of zero for every state, in the states' order (queueStateNames). */
export function zeroByState(): Record<QueueStateName, number> {
  return Object.fromEntries(queueStateNames.map((s) => [s, 0])) as Record<QueueStateName, number>;
}

/** Counts per state and the bytes of the unfinished entries (what the overall bar shows). */
export function queueTotals(entries: readonly QueueEntry[]): QueueTotals {
  const byState = zeroByState();
  let active = 0;
  let bytesDone = 0;
  let bytesTotal = 0;
  for (const e of entries) {
    byState[e.state] += 1;
    if (ACTIVE.has(e.state)) active += 1;
    // A re-check (see QueueEntry.recheck) is not bytes to upload: most such files send nothing.
    if (UNFINISHED.has(e.state) && !e.recheck) {
      bytesDone += e.bytesDone;
      bytesTotal += e.size;
    }
  }
  return { entries: entries.length, byState, active, bytesDone, bytesTotal };
}
