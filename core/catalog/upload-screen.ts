import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Semaphore } from '../common/semaphore';
import type { UploadScreen } from '../upload/queue-add';
import type { Sharp } from './image-reader';
import { ENDS, damageFromEnds, judgedByContent, readEnds } from './damage-check';

/** Files checked (or hashed) at once when a folder is added. */
const PARALLEL = 4;

/**
 * Objects this profile uploaded with a given size before a moment (ms since the epoch), other
 * than under one key (core/db/catalog-repository.ts).
 */
export type UploadedLike = (
  bucket: string,
  size: number,
  exceptKey: string,
  before: number,
) => readonly { readonly key: string; readonly sha256: string }[];

/** What the screen is given: libvips (for suspicious files), the profile's uploads, a clock. */
export interface ScreenOptions {
  readonly sharp?: Sharp;
  readonly uploaded?: UploadedLike;
  readonly now?: () => number;
}

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
 * One add's screen, fed its files in the add's order (the walk's: each folder's names
 * sorted), a chunk at a time, so the first files can upload while later ones are still looked
 * at. The first of same-content files in that order is the original the others name. It
 * remembers what earlier chunks held: each sound file's fingerprint, and the whole-file hash
 * of any that a later file's fingerprint matched, so a copy is found whichever chunk its
 * original was in.
 */
class ScreenPass {
  private readonly shared: Set<number>;
  /** Fingerprint → the sound files seen with it, in the add's order. */
  private readonly byPrint = new Map<string, File[]>();
  /** Whole-file SHA-256 of the files that needed one (undefined: unreadable). */
  private readonly hashes = new Map<string, Promise<string | undefined>>();
  /** SHA-256 → the first sound file with that content (the one that stays). */
  private readonly first = new Map<string, string>();
  /** Files held back as copies (never the original another copy names). */
  private readonly copies = new Set<string>();

  /**
   * Uploads from before this add: files this add uploads while it is screened are found as
   * copies by their fingerprints (they come earlier in it), not as objects already there.
   */
  private readonly startedAt: number;

  constructor(
    private readonly bucket: string,
    files: readonly File[],
    private readonly options: ScreenOptions,
  ) {
    this.startedAt = (options.now ?? Date.now)();
    this.shared = sharedSizes(files);
  }

  /** `files`: the add's next chunk, in its order. */
  async check(files: readonly File[]): Promise<Held> {
    const looks = await lookAtAll(files, (f) => this.shared.has(f.size), this.options.sharp);
    const held: Held = new Map();
    for (const f of files) {
      const damage = looks.get(f.path)?.damage;
      if (damage) held.set(f.path, { code: 'held-back', message: damage });
    }
    const sound = files.filter((f) => !held.has(f.path));
    // Which files need their whole hash: a copy of an upload's size, or a fingerprint seen before.
    const elsewhere = new Map<string, readonly { key: string; sha256: string }[]>();
    const candidates = new Set<File>();
    for (const f of sound) {
      const like =
        f.size > 0 ? (this.options.uploaded?.(this.bucket, f.size, f.key, this.startedAt) ?? []) : [];
      if (like.length > 0) {
        elsewhere.set(f.path, like);
        candidates.add(f);
      }
      const print = looks.get(f.path)?.print;
      if (!print) continue;
      const group = this.byPrint.get(print) ?? [];
      if (group.length > 0) for (const g of [f, ...group]) candidates.add(g);
      group.push(f);
      this.byPrint.set(print, group);
    }
    await eachAtOnce([...candidates], async (f) => {
      if (!this.hashes.has(f.path)) this.hashes.set(f.path, sha256(f.path));
      await this.hashes.get(f.path);
    });
    // Earlier files hashed only now (a file here matched their fingerprint) went ahead as
    // originals: the first of each content stays the one copies name. They come in their
    // groups' order, which is the add's.
    const inChunk = new Set(sound);
    for (const g of [...candidates].filter((c) => !inChunk.has(c))) {
      const h = await this.hashes.get(g.path);
      if (h && !this.first.has(h) && !this.copies.has(g.path)) this.first.set(h, g.path);
    }
    for (const f of sound) {
      if (!candidates.has(f)) continue;
      const h = await this.hashes.get(f.path);
      if (!h) continue;
      const inBucket = elsewhere.get(f.path)?.find((o) => o.sha256 === h);
      const twin = this.first.get(h);
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
      else this.first.set(h, f.path);
      if (inBucket || twin) this.copies.add(f.path);
    }
    return held;
  }
}

/**
 * The upload queue's screen (see core/upload/queue-add.ts): damaged and empty files are held
 * back as `held-back`, copies of the same content as `duplicate` — twice in one add (the first
 * in the add's order stays, the others name it) or already in the bucket under another key —
 * each with words naming the file and the reason; "Upload anyway" (a retry of that entry)
 * sends it as it is. Only same-size files whose fingerprints match, and files of an upload's size, are
 * read whole.
 */
export function uploadScreen(options: ScreenOptions = {}): UploadScreen {
  return (bucket, files) => {
    const pass = new ScreenPass(bucket, files, options);
    return (chunk) => pass.check(chunk);
  };
}
