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
type InitialState = Parameters<QueueRepository['setState']>[1];

/** A file the screen looks at. */
export interface ScreenedFile {
  readonly path: string;
  readonly size: number;
  readonly key: string;
}

/** What the screen holds back: path → a code and words naming the file. */
export type HeldBack = ReadonlyMap<string, { readonly code: string; readonly message: string }>;

/**
 * Says which files to hold back from upload. One add starts a pass with all its files; the
 * pass is then asked about them a chunk at a time, in that order, and remembers what earlier
 * chunks held (a copy's original may be in one).
 */
export type UploadScreen = (
  bucket: string,
  files: readonly ScreenedFile[],
) => (chunk: readonly ScreenedFile[]) => Promise<HeldBack>;

/** Files screened and written per step: the first ones upload while the rest are looked at. */
const CHUNK = 64;

/**
 * Walks `paths` and writes their entries: keys are `prefix` plus the path relative to each
 * given path's parent. Files over 5 TiB are added as `failed` (`file-too-large`) so the person
 * sees why; a file already waiting is not added twice (a failed one is queued again). Files
 * are screened and written in the walk's order, CHUNK at a time, each chunk's rows in one
 * transaction, and `onAdded` hears each chunk's entries as soon as they are written, so a
 * running queue starts on the first files while the screen reads the rest.
 */
export async function addEntries(
  deps: {
    readonly repo: QueueRepository;
    readonly fs: UploadFs;
    readonly online: boolean;
    readonly screen?: UploadScreen;
    /** Added paused (uploads "on demand": they wait for the person's Start, i.e. resume). */
    readonly paused?: boolean;
    /** Each chunk's new (or re-queued) entries, once written. */
    readonly onAdded?: (entries: readonly QueueEntry[]) => void;
  },
  target: Target,
  paths: readonly string[],
): Promise<AddResult> {
  const { repo, online } = deps;
  const { files, skipped } = await walkPaths(deps.fs, paths);
  const added: QueueEntry[] = [];
  const skips: AddSkip[] = [...skipped];
  const waiting: InitialState = { state: deps.paused ? 'paused' : online ? 'queued' : 'waiting-for-network' };
  const writable: (WalkedFile & { readonly key: string })[] = [];
  for (const f of files) {
    const key = keyFor(target.prefix, f.root, f.path);
    const outside = outsideWritable(target, f.path, key);
    if (outside) skips.push(outside);
    else writable.push({ ...f, key });
  }
  // Files the screen holds back (damaged, empty, duplicates) wait as `failed` until the person
  // says "upload anyway".
  const screen = deps.screen?.(target.bucket, writable);
  for (let i = 0; i < writable.length; i += CHUNK) {
    const chunk = writable.slice(i, i + CHUNK);
    const held = (await screen?.(chunk)) ?? new Map();
    const fresh: QueueEntry[] = [];
    repo.batch(() => {
      for (const f of chunk) {
        const hold = held.get(f.path);
        const initial: InitialState = hold ? { state: 'failed', ...hold, retryable: false } : waiting;
        const result = addFile(repo, target.bucket, f, initial);
        if ('reason' in result) skips.push(result);
        else fresh.push(toQueueEntry(result));
      }
    });
    added.push(...fresh);
    if (fresh.length > 0) deps.onAdded?.(fresh);
  }
  return { added, skipped: skips };
}

/** One walked file: its new (or re-queued) row, or why it was not added. */
function addFile(
  repo: QueueRepository,
  bucket: string,
  f: WalkedFile & { readonly key: string },
  initial: InitialState,
): QueueRow | AddSkip {
  const { key } = f;
  const existing = repo.findActive(f.path, bucket, key);
  if (existing && existing.state !== 'failed')
    return {
      path: f.path,
      reason: 'already-queued',
      message: `${f.path} is already in the queue as ${key}.`,
    };
  if (existing) {
    repo.setState(existing.id, initial);
    return repo.get(existing.id)!;
  }
  return repo.insert({
    path: f.path,
    bucket,
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
        : initial,
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
