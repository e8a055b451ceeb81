import { isHeldBack, type QueueEntry } from '../../../shared/models/queue';
import { formatBytes } from '../../../shared/format-bytes';

/** A transfer rate; an em dash while unknown. */
export function formatRate(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '—';
}

/** Time left in words: "about 3 min left"; undefined when it cannot be known. */
export function formatEta(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined;
  if (seconds < 5) return 'a few seconds left';
  if (seconds < 60) return `${Math.round(seconds / 5) * 5} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return `about ${h} h${m ? ` ${m} min` : ''} left`;
}

/** The last path segment (what the person recognises), in either separator style. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** The tone and words of an entry's state badge. */
export function stateBadge(e: QueueEntry): {
  label: string;
  tone: 'neutral' | 'accent' | 'ok' | 'warn' | 'bad';
} {
  switch (e.state) {
    case 'queued':
      return { label: 'Queued', tone: 'neutral' };
    case 'uploading':
      // Compared with its last upload before anything is sent (see QueueEntry.recheck).
      return e.recheck ? { label: 'Checking', tone: 'accent' } : { label: 'Uploading', tone: 'accent' };
    case 'paused':
      return { label: 'Paused', tone: 'neutral' };
    case 'waiting-for-network':
      return { label: 'Waiting for network', tone: 'warn' };
    case 'failed':
      if (isHeldBack(e)) return { label: e.code === 'duplicate' ? 'Duplicate' : 'Held back', tone: 'warn' };
      return { label: e.retryable ? 'Failed' : 'Can’t upload', tone: 'bad' };
    case 'done':
      return e.reason === 'unchanged'
        ? { label: 'Unchanged', tone: 'ok' }
        : { label: 'Uploaded', tone: 'ok' };
  }
}
