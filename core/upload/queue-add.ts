import type { AddResult, AddSkip, QueueEntry } from '../../shared/models/queue';
import { toQueueEntry, type QueueRepository, type QueueRow } from '../db/queue-repository';
import type { UploadFs } from './file-access';
import { keyFor } from './keys';
import { MAX_OBJECT_SIZE } from './part-size';
import { walkPaths } from './walk';

/** Says which files to hold back from upload (path → a code and words naming the file). */
export type UploadScreen = (
  bucket: string,
  files: readonly { readonly path: string; readonly size: number; readonly key: string }[],
) => Promise<ReadonlyMap<string, { readonly code: string; readonly message: string }>>;

/**
 * Walks `paths` and writes their entries: keys are `prefix` plus the path relative to each
 * given path's parent. Files over 5 TiB are added as `failed` (`file-too-large`) so the person
 * sees why; a file already waiting is not added twice (a failed one is queued again).
 */
export async function addEntries(
  deps: {
    readonly repo: QueueRepository;
    readonly fs: UploadFs;
    readonly online: boolean;
    readonly screen?: UploadScreen;
  },
  target: { readonly bucket: string; readonly prefix: string },
  paths: readonly string[],
): Promise<AddResult> {
  const { repo, online } = deps;
  const { files, skipped } = await walkPaths(deps.fs, paths);
  const added: QueueEntry[] = [];
  const skips: AddSkip[] = [...skipped];
  const waiting = { state: online ? 'queued' : 'waiting-for-network' } as const;
  // Files the screen holds back (damaged, empty, duplicates) wait as `failed` until the person says "upload anyway".
  const screened = files.map((f) => ({
    path: f.path,
    size: f.size,
    key: keyFor(target.prefix, f.root, f.path),
  }));
  const held = (await deps.screen?.(target.bucket, screened)) ?? new Map();
  const heldBack = (path: string) => ({ state: 'failed', ...held.get(path)!, retryable: false }) as const;
  for (const f of files) {
    const key = keyFor(target.prefix, f.root, f.path);
    const existing = repo.findActive(f.path, target.bucket, key);
    if (existing && existing.state !== 'failed') {
      skips.push({
        path: f.path,
        reason: 'already-queued',
        message: `${f.path} is already in the queue as ${key}.`,
      });
      continue;
    }
    let row: QueueRow;
    if (existing) {
      repo.setState(existing.id, held.has(f.path) ? heldBack(f.path) : waiting);
      row = repo.get(existing.id)!;
    } else {
      row = repo.insert({
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
            : held.has(f.path)
              ? heldBack(f.path)
              : waiting,
      });
    }
    added.push(toQueueEntry(row));
  }
  return { added, skipped: skips };
}
