/**
 * What the queue's overall bar and its words say (pure; the renderer's Queue view, and any
 * host that wants the same words). Honest by construction:
 * - bytes count only what is or will be sent: a file found unchanged sent nothing, and a
 *   re-check (`recheck`) is not "bytes to upload" until its bytes really move;
 * - a failed or held-back file keeps the batch from being complete (never a full green 100 %);
 * - the words count apart what was uploaded, found unchanged, held back and failed.
 */
import { isHeldBack, type QueueEntry } from './queue';

/** Counts and bytes of one queue, as the overall bar shows them. */
export interface QueueSummary {
  readonly entries: number;
  readonly uploaded: number;
  readonly unchanged: number;
  readonly heldBack: number;
  readonly failed: number;
  /** Queued, uploading or waiting for the network. */
  readonly active: number;
  readonly paused: number;
  /** Active entries to be compared with their last upload, nothing sent for them yet… */
  readonly checking: number;
  /** …of which being compared now (state `uploading`). */
  readonly checkingNow: number;
  /** Bytes sent (or confirmed on S3) / bytes that are or will be sent. */
  readonly bytesSent: number;
  readonly bytesToSend: number;
  /** Nothing left to do and nothing held back or failed. */
  readonly complete: boolean;
  /** 0…1; below 1 while anything is unfinished, held back or failed. */
  readonly fraction: number;
}

/**
 * The summary of `entries`; `bytesOf` gives an unfinished entry's bytes as shown now (the live
 * progress, never going back).
 */
export function summarizeQueue(
  entries: readonly QueueEntry[],
  bytesOf: (e: QueueEntry) => number = (e) => e.bytesDone,
): QueueSummary {
  const n = {
    uploaded: 0,
    unchanged: 0,
    heldBack: 0,
    failed: 0,
    active: 0,
    paused: 0,
    checking: 0,
    checkingNow: 0,
  };
  let sent = 0;
  let toSend = 0;
  for (const e of entries) {
    if (e.state === 'done') {
      if (e.reason === 'unchanged') n.unchanged += 1;
      else {
        n.uploaded += 1;
        sent += e.size;
        toSend += e.size;
      }
      continue;
    }
    if (e.state === 'failed') {
      if (isHeldBack(e)) n.heldBack += 1;
      else n.failed += 1;
      toSend += e.size;
      continue;
    }
    if (e.state === 'paused') n.paused += 1;
    else n.active += 1;
    // A re-check sends nothing while it compares (the store drops `recheck` once bytes really move).
    if (e.recheck) {
      if (e.state !== 'paused') n.checking += 1;
      if (e.state === 'uploading') n.checkingNow += 1;
      continue;
    }
    sent += Math.min(e.size, bytesOf(e));
    toSend += e.size;
  }
  const unfinished = n.active + n.paused + n.heldBack + n.failed;
  const complete = entries.length > 0 && unfinished === 0;
  const ratio = toSend > 0 ? sent / toSend : complete ? 1 : 0;
  // Never a full bar while anything is left, held back or failed (an empty held-back file adds no bytes).
  const fraction = complete ? 1 : Math.min(ratio, 0.999);
  return { entries: entries.length, ...n, bytesSent: sent, bytesToSend: toSend, complete, fraction };
}

function count(n: number): string {
  return n.toLocaleString();
}

/**
 * The outcome in words: "All 4 files uploaded", "12 uploaded, 1,988 unchanged",
 * "5 uploaded, 3 held back, 1 failed". Counts of zero are left out.
 */
export function outcomeWords(s: QueueSummary): string {
  const files = (k: number) => `${count(k)} ${k === 1 ? 'file' : 'files'}`;
  if (s.complete && s.unchanged === 0) return `All ${files(s.uploaded)} uploaded`;
  if (s.complete && s.uploaded === 0) return `All ${files(s.unchanged)} unchanged, nothing sent`;
  const parts: string[] = [];
  if (s.uploaded > 0 || (s.unchanged === 0 && s.heldBack + s.failed > 0))
    parts.push(`${count(s.uploaded)} uploaded`);
  if (s.unchanged > 0) parts.push(`${count(s.unchanged)} unchanged`);
  if (s.heldBack > 0) parts.push(`${count(s.heldBack)} held back`);
  if (s.failed > 0) parts.push(`${count(s.failed)} failed`);
  return parts.join(', ');
}

/** The percentage shown beside the bar: 100 only when complete. */
export function percentOf(s: QueueSummary): number {
  return s.complete ? 100 : Math.min(99, Math.floor(s.fraction * 100));
}
