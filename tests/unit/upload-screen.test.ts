import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadScreen } from '../../core/catalog/upload-screen';

const KiB = 1024;

describe('the upload screen: duplicates found by one look at each file, confirmed by a whole-file hash', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-screen-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function file(name: string, bytes: Buffer) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return { path, size: bytes.length, key: `k/${name}` };
  }

  it('holds back copies, small (read whole) and large (head and tail), and keeps same-size files that differ anywhere', async () => {
    const small = randomBytes(10 * KiB);
    const large = randomBytes(300 * KiB);
    const middle = Buffer.from(large);
    middle[150 * KiB] = middle[150 * KiB]! ^ 0xff; // same head and tail: only the whole hash tells
    const files = [
      await file('a-small.bin', small),
      await file('b-small-copy.bin', small),
      await file('c-small-other.bin', randomBytes(10 * KiB)),
      await file('d-large.bin', large),
      await file('e-large-copy.bin', large),
      await file('f-large-middle.bin', middle),
      await file('g-unique.bin', randomBytes(77 * KiB)),
    ];
    const held = await uploadScreen()('bucket', files)(files);
    expect([...held.keys()].sort()).toEqual([files[1]!.path, files[4]!.path]);
    expect(held.get(files[1]!.path)).toMatchObject({ code: 'duplicate' });
    expect(held.get(files[1]!.path)?.message).toContain(`same content as ${files[0]!.path}`);
    expect(held.get(files[4]!.path)?.message).toContain(`same content as ${files[3]!.path}`);
  });

  it('holds back an empty file and a copy of what this profile already uploaded; a vanished file is left to the upload', async () => {
    const bytes = randomBytes(20 * KiB);
    const copy = await file('copy.bin', bytes);
    const empty = await file('empty.tif', Buffer.alloc(0));
    const gone = { path: join(dir, 'gone.jpg'), size: 5000, key: 'k/gone.jpg' };
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const screen = uploadScreen({
      uploaded: (_bucket, size, exceptKey) =>
        size === bytes.length && exceptKey !== 'k/original.bin' ? [{ key: 'k/original.bin', sha256 }] : [],
    });
    const held = await screen('bucket', [copy, empty, gone])([copy, empty, gone]);
    expect(held.get(copy.path)?.message).toContain('same content as k/original.bin, already in the gallery');
    expect(held.get(empty.path)?.message).toContain('is empty (0 bytes)');
    expect(held.has(gone.path)).toBe(false);
  });

  it('finds a copy whose original was in an earlier chunk of the same add, naming the first in the add', async () => {
    const bytes = randomBytes(90 * KiB);
    const files = [
      await file('1-original.bin', bytes),
      await file('2-same-size-other.bin', randomBytes(90 * KiB)),
      await file('3-copy.bin', bytes),
      await file('4-copy-again.bin', bytes),
    ];
    const check = uploadScreen()('bucket', files);
    const held = new Map();
    for (const f of files) for (const [k, v] of await check([f])) held.set(k, v);
    expect([...held.keys()]).toEqual([files[2]!.path, files[3]!.path]);
    for (const copy of [files[2]!, files[3]!])
      expect(held.get(copy.path)?.message).toContain(
        `same content as ${files[0]!.path}, which is uploading too`,
      );
  });
});
