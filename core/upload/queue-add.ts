import type { AddResult, AddSkip, QueueEntry } from '../../shared/models/queue';
import { toQueueEntry, type QueueRepository, type QueueRow } from '../db/queue-repository';
import type { UploadFs } from './file-access';
import { keyFor } from './keys';
import { MAX_OBJECT_SIZE } from './part-size';
import { walkPaths, type WalkedFile } from './walk';

type Target = {
  readonly bucket: string;
  readonly prefix: string;
  readonly uploadPrefixes?: readonly string[];
};

/**
 * Walks `paths` and writes their entries: keys are `prefix` plus the path relative to each
 * given path's parent. Files over 5 TiB are added as `failed` (`file-too-large`) so the person
 * sees why; a file already waiting is not added twice (a failed one is queued again). The
 * rows are written in one transaction: one commit, not one per file.
 */
export async function addEntries(
  deps: { readonly repo: QueueRepository; readonly fs: UploadFs; readonly online: boolean },
  target: Target,
  paths: readonly string[],
): Promise<AddResult> {
  const { repo, online } = deps;
  const { files, skipped } = await walkPaths(deps.fs, paths);
  const added: QueueEntry[] = [];
  const skips: AddSkip[] = [...skipped];
  const waiting = { state: online ? 'queued' : 'waiting-for-network' } as const;
  repo.batch(() => {
    for (const f of files) {
      const result = addFile(repo, target, f, waiting);
      if ('reason' in result) skips.push(result);
      else added.push(toQueueEntry(result));
    }
  });
  return { added, skipped: skips };
}

/** One walked file: its new (or re-queued) row, or why it was not added. */
function addFile(
  repo: QueueRepository,
  target: Target,
  f: WalkedFile,
  waiting: { readonly state: 'queued' | 'waiting-for-network' },
): QueueRow | AddSkip {
  const key = keyFor(target.prefix, f.root, f.path);
  const outside = outsideWritable(target, f.path, key);
  if (outside) return outside;
  const existing = repo.findActive(f.path, target.bucket, key);
  if (existing && existing.state !== 'failed')
    return {
      path: f.path,
      reason: 'already-queued',
      message: `${f.path} is already in the queue as ${key}.`,
    };
  if (existing) {
    repo.setState(existing.id, waiting);
    return repo.get(existing.id)!;
  }
  return repo.insert({
    path: f.path,
    bucket: target.bucket,
    key,
    size: f.size,
    mtimeMs: f.mtimeMs,
    state:
      f.size > MAX_OBJECT_SIZE
        ? {
            state: 'failed',
            code: 'file-too-large',
            message: `${f.path} is over the 5 TiB S3 object maximum (${f.size} bytes); it was not uploaded.`,
            retryable: false,
          }
        : waiting,
  });
}

/**
 * Refuses a key outside every folder the credential may write (staff: each existing artist's
 * folder), before S3 would: a folder named `probe` must not become a new "artist".
 */
function outsideWritable(target: Target, path: string, key: string): AddSkip | undefined {
  const allowed = target.uploadPrefixes;
  if (!allowed || allowed.some((p) => key.startsWith(p))) return undefined;
  const folder = key.slice(target.prefix.length).split('/')[0] ?? '';
  const why =
    key.slice(target.prefix.length).includes('/') && folder
      ? `"${folder}" is not an artist of the gallery`
      : `it is not inside an artist's folder`;
  return {
    path,
    reason: 'outside-artist-folder',
    message: `${path} was not queued: it would be uploaded as ${key}, but ${why}. Staff upload only into an existing artist's folder (${target.prefix}<artist id>/).`,
  };
}
