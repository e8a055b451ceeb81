import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Semaphore } from '../common/semaphore';
import type { UploadScreen } from '../upload/queue-add';
import type { Sharp } from './image-reader';
import { ENDS, damageFromEnds, judgedByContent, readEnds } from './damage-check';

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

/** What one look at a file found: why it is held back, and its quick fingerprint when asked. */
interface Look {
  readonly damage?: string;
  readonly print?: string;
}

/**
 * One open per file for both checks: its ends tell the damage check what it needs and, for a
 * file whose size another file shares, give its quick fingerprint — a hash of its size, first
 * and last 64 KiB (all of a small file). Files whose fingerprints differ cannot be the same
 * content, so only colliding ones are read whole (a folder of same-size exports is otherwise
 * read twice, once here and once to upload).
 */
async function look(f: File, wantPrint: boolean, buf: Buffer, sharp: Sharp | undefined): Promise<Look> {
  if (f.size === 0) return { damage: await damageFromEnds(f.path, 0, undefined) };
  if (!wantPrint && !judgedByContent(f.path)) return {};
  const ends = await readEnds(f.path, f.size, buf, wantPrint).catch(() => undefined);
  const damage = await damageFromEnds(f.path, f.size, ends, sharp);
  if (!wantPrint || !ends?.tail) return { damage };
  const hash = createHash('sha256').update(`${f.size}:`).update(ends.head);
  if (f.size > ENDS) hash.update(ends.tail);
  return { damage, print: hash.digest('hex') };
}

/** Every file's look, PARALLEL at a time, each reading into one of PARALLEL reused buffers. */
async function lookAtAll(files: readonly File[], wantPrint: (f: File) => boolean, sharp: Sharp | undefined) {
  const looks = new Map<string, Look>();
  // Thousands of same-size files (a folder of TIFF exports) otherwise leave 128 KiB of garbage each.
  const spare: Buffer[] = [];
  await eachAtOnce(files, async (f) => {
    const buf = spare.pop() ?? Buffer.allocUnsafe(2 * ENDS);
    try {
      looks.set(f.path, await look(f, wantPrint(f), buf, sharp));
    } finally {
      spare.push(buf);
    }
  });
  return looks;
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

/** Files that share their size with another one (only those can be copies of each other). */
function sharedSizes(files: readonly File[]): Set<number> {
  const seen = new Set<number>();
  const shared = new Set<number>();
  for (const f of files) {
    if (f.size === 0) continue;
    if (seen.has(f.size)) shared.add(f.size);
    seen.add(f.size);
  }
  return shared;
}

/**
 * Which of the files to upload also exist elsewhere with the same content: twice in this add
 * (the first by path stays, the others are held back naming it), or already in the bucket
 * under another key. Only same-size files whose fingerprints collide, and files whose size
 * matches an upload's, are read and hashed whole.
 */
async function duplicates(
  bucket: string,
  files: readonly File[],
  looks: ReadonlyMap<string, Look>,
  uploaded: UploadedLike | undefined,
) {
  const candidates = new Set<File>();
  const elsewhere = new Map<string, readonly { key: string; sha256: string }[]>();
  const printCount = new Map<string, number>();
  for (const f of files) {
    const p = looks.get(f.path)?.print;
    if (p) printCount.set(p, (printCount.get(p) ?? 0) + 1);
  }
  for (const f of files) {
    if (f.size === 0) continue;
    const like = uploaded?.(bucket, f.size, f.key) ?? [];
    if (like.length > 0) {
      elsewhere.set(f.path, like);
      candidates.add(f);
    }
    const p = looks.get(f.path)?.print;
    if (p && (printCount.get(p) ?? 0) > 1) candidates.add(f);
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
    const shared = sharedSizes(files);
    const looks = await lookAtAll(files, (f) => shared.has(f.size), options.sharp);
    const held: Held = new Map();
    for (const f of files) {
      const damage = looks.get(f.path)?.damage;
      if (damage) held.set(f.path, { code: 'held-back', message: damage });
    }
    const sound = files.filter((f) => !held.has(f.path));
    for (const [path, why] of await duplicates(bucket, sound, looks, options.uploaded)) held.set(path, why);
    return held;
  };
}
