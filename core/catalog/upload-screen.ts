import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Semaphore } from '../common/semaphore';
import type { UploadScreen } from '../upload/queue-add';
import type { Sharp } from './image-reader';
import { damageReason } from './damage-check';

/** Files checked (or hashed) at once when a folder is added. */
const PARALLEL = 4;

/** Objects this profile uploaded with a given size, other than under one key (core/db/catalog-repository.ts). */
export type UploadedLike = (
  bucket: string,
  size: number,
  exceptKey: string,
) => readonly { readonly key: string; readonly sha256: string }[];

type File = Parameters<UploadScreen>[1][number];
type Held = Map<string, { code: string; message: string }>;

/** `work` over every item, PARALLEL at a time. */
async function eachAtOnce<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const slots = new Semaphore(PARALLEL);
  await Promise.all(
    items.map(async (item) => {
      const release = await slots.acquire();
      try {
        await work(item);
      } finally {
        release();
      }
    }),
  );
}

/** How much of each end a same-size file's quick fingerprint reads. */
const END = 64 * 1024;

/**
 * A cheap first look at a file: a hash of its size, first and last 64 KiB. Files whose
 * fingerprints differ cannot be the same content, so only colliding ones are read whole
 * (a folder of same-size exports is otherwise read twice, once here and once to upload).
 */
async function fingerprint(path: string, size: number, buf: Buffer): Promise<string | undefined> {
  try {
    const fh = await open(path, 'r');
    try {
      const end = Math.min(END, size);
      const head = (await fh.read(buf, 0, end, 0)).bytesRead;
      const tail = (await fh.read(buf, END, end, size - end)).bytesRead;
      return createHash('sha256')
        .update(`${size}:`)
        .update(buf.subarray(0, head))
        .update(buf.subarray(END, END + tail))
        .digest('hex');
    } finally {
      await fh.close();
    }
  } catch {
    return undefined; // unreadable or gone: the upload itself reports that, naming the file
  }
}

/** The files of `group` that share a fingerprint with another of them. */
async function colliding(group: readonly File[]): Promise<File[]> {
  const prints = new Map<string, string | undefined>();
  // One head-and-tail buffer per file being read, reused: thousands of same-size files
  // (a folder of TIFF exports) otherwise leave 128 KiB of garbage each.
  const spare: Buffer[] = [];
  await eachAtOnce(group, async (f) => {
    const buf = spare.pop() ?? Buffer.allocUnsafe(2 * END);
    try {
      prints.set(f.path, await fingerprint(f.path, f.size, buf));
    } finally {
      spare.push(buf);
    }
  });
  const count = new Map<string, number>();
  for (const p of prints.values()) if (p) count.set(p, (count.get(p) ?? 0) + 1);
  return group.filter((f) => (count.get(prints.get(f.path) ?? '') ?? 0) > 1);
}

function sha256(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', () => resolve(undefined))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * Which of the files to upload also exist elsewhere with the same content: twice in this add
 * (the first by path stays, the others are held back naming it), or already in the bucket
 * under another key. Only files whose size matches another file's are read and hashed.
 */
async function duplicates(bucket: string, files: readonly File[], uploaded: UploadedLike | undefined) {
  const bySize = new Map<number, File[]>();
  for (const f of files) {
    if (f.size === 0) continue;
    const group = bySize.get(f.size);
    if (group) group.push(f);
    else bySize.set(f.size, [f]);
  }
  const candidates = new Set<File>();
  const elsewhere = new Map<string, readonly { key: string; sha256: string }[]>();
  for (const [size, group] of bySize) {
    for (const f of group) {
      const like = uploaded?.(bucket, size, f.key) ?? [];
      if (like.length > 0) elsewhere.set(f.path, like);
      if (like.length > 0) candidates.add(f);
    }
    if (group.length > 1) for (const f of await colliding(group)) candidates.add(f);
  }
  const hashes = new Map<string, string>();
  await eachAtOnce([...candidates], async (f) => {
    const h = await sha256(f.path);
    if (h) hashes.set(f.path, h);
  });
  const held: Held = new Map();
  const first = new Map<string, string>();
  for (const f of [...candidates].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const h = hashes.get(f.path);
    if (!h) continue;
    const inBucket = elsewhere.get(f.path)?.find((o) => o.sha256 === h);
    const twin = first.get(h);
    if (inBucket)
      held.set(f.path, {
        code: 'duplicate',
        message: `${f.path} has the same content as ${inBucket.key}, already in the gallery: held back so it is not stored twice.`,
      });
    else if (twin)
      held.set(f.path, {
        code: 'duplicate',
        message: `${f.path} has the same content as ${twin}, which is uploading too: held back so it is not stored twice.`,
      });
    else first.set(h, f.path);
  }
  return held;
}

/**
 * The upload queue's screen (see core/upload/queue-add.ts): damaged and empty files are held
 * back as `held-back`, copies of the same content as `duplicate`, each with words naming the
 * file and the reason; "Upload anyway" (a retry of that entry) sends it as it is.
 */
export function uploadScreen(options: { sharp?: Sharp; uploaded?: UploadedLike } = {}): UploadScreen {
  return async (bucket, files) => {
    const held: Held = new Map();
    await eachAtOnce(files, async (f) => {
      const reason = await damageReason(f.path, f.size, options.sharp);
      if (reason) held.set(f.path, { code: 'held-back', message: reason });
    });
    const sound = files.filter((f) => !held.has(f.path));
    for (const [path, why] of await duplicates(bucket, sound, options.uploaded)) held.set(path, why);
    return held;
  };
}
