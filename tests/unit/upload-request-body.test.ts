import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BandwidthLimiter } from '../../core/upload/bandwidth';
import { partBody } from '../../core/upload/body-stream';
import { systemClock } from '../../core/upload/clock';
import { BUFFERED_PUT_BYTES, slotCapacity, slotsFor } from '../../core/upload/file-slots';
import { resolveUploadOptions } from '../../core/upload/options';

const MiB = 1024 * 1024;

async function drain(body: Buffer | Readable): Promise<Buffer[]> {
  if (Buffer.isBuffer(body)) return [body];
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return chunks;
}

describe('request bodies', () => {
  it('hands a small body over whole when no limit is set, counting its bytes', async () => {
    const data = Buffer.alloc(32 * 1024, 7);
    const counted: number[] = [];
    const body = partBody(data, new BandwidthLimiter(undefined, systemClock), (n) => counted.push(n));
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(counted).toEqual([data.length]);
  });

  it('streams a large unlimited body in 512 KiB chunks, every byte counted as it is pulled', async () => {
    const data = Buffer.alloc(8 * MiB + 5, 1);
    let counted = 0;
    const body = partBody(data, new BandwidthLimiter(undefined, systemClock), (n) => (counted += n));
    expect(body).toBeInstanceOf(Readable);
    expect(counted).toBe(0);
    const chunks = await drain(body);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(Math.max(...chunks.map((c) => c.length))).toBe(512 * 1024);
    expect(counted).toBe(data.length);
  });

  it('keeps 64 KiB chunks through the limiter when a bandwidth limit is set, small bodies too', async () => {
    const data = Buffer.alloc(200 * 1024, 2);
    let counted = 0;
    const body = partBody(data, new BandwidthLimiter(100 * MiB, systemClock), (n) => (counted += n));
    expect(body).toBeInstanceOf(Readable);
    const chunks = await drain(body);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(Math.max(...chunks.map((c) => c.length))).toBe(64 * 1024);
    expect(counted).toBe(data.length);
  });
});

describe('request slots', () => {
  it('runs 32 small PUTs, 16 streamed ones or 4 multipart files × 4 parts at once', () => {
    const o = resolveUploadOptions({ fileConcurrency: 4, partConcurrency: 4 });
    const atOnce = (size: number) => slotCapacity(o) / slotsFor(size, o);
    expect(atOnce(0)).toBe(32);
    expect(atOnce(32 * 1024)).toBe(32);
    expect(atOnce(BUFFERED_PUT_BYTES - 1)).toBe(32);
    expect(atOnce(BUFFERED_PUT_BYTES)).toBe(16);
    expect(atOnce(o.multipartThreshold - 1)).toBe(16);
    expect(atOnce(o.multipartThreshold)).toBe(4);
  });
});

describe('part hashing in worker threads', () => {
  it('gives each part its MD5 and the whole file its SHA-256, over several files at once', async () => {
    const { PartHasher } = await import('../../core/upload/part-hasher');
    const { createHash } = await import('node:crypto');
    const hasher = new PartHasher(2);
    try {
      const files = [0, 1, 2].map((f) =>
        [0, 1, 2].map((p) => {
          const b = hasher.allocPart(MiB + f);
          b.fill(f * 3 + p);
          return b;
        }),
      );
      const results = await Promise.all(
        files.map(async (parts) => {
          const h = hasher.file(MiB);
          const md5s = [];
          for (const p of parts) md5s.push((await h.part(p)).toString('hex'));
          return { md5s, sha: await h.digest() };
        }),
      );
      files.forEach((parts, f) => {
        const sha = createHash('sha256');
        for (const p of parts) sha.update(p);
        expect(results[f]!.sha).toBe(sha.digest('hex'));
        expect(results[f]!.md5s).toEqual(parts.map((p) => createHash('md5').update(p).digest('hex')));
      });
      // A given-back buffer's memory serves the next part or file of the same whole MiB.
      const used = files[1]![0]!; // 1 MiB + 1 byte: made as 2 MiB
      hasher.recycle(used);
      const again = hasher.allocPart(MiB + 100);
      expect(again.buffer).toBe(used.buffer);
      expect(again.length).toBe(MiB + 100);
      expect(hasher.allocPart(used.length).buffer).not.toBe(used.buffer);
    } finally {
      await hasher.close();
    }
  });

  it("reuses a small file's buffer once given back, never hands one out twice, takes back only its own", async () => {
    const { PartHasher } = await import('../../core/upload/part-hasher');
    const hasher = new PartHasher(1);
    try {
      const small = hasher.allocPart(256 * 1024);
      expect(small.buffer).not.toBeInstanceOf(SharedArrayBuffer); // hashed inline: no worker reads it
      hasher.recycle(small);
      hasher.recycle(small); // a second give-back of the same buffer is ignored
      const a = hasher.allocPart(250 * 1024); // the same 16 KiB step: the given-back memory
      const b = hasher.allocPart(250 * 1024);
      expect(a.buffer).toBe(small.buffer);
      expect(b.buffer).not.toBe(a.buffer);
      // Only buffers it made are taken back (one from Node's pool is shared with other code).
      const foreign = Buffer.from(new ArrayBuffer(16 * 1024));
      hasher.recycle(foreign);
      expect(hasher.allocPart(16 * 1024).buffer).not.toBe(foreign.buffer);
      expect(hasher.allocPart(100).byteLength).toBe(100);
      // Shared (worker-hashed) and plain buffers are kept apart.
      hasher.recycle(a);
      expect(hasher.allocPart(2 * 1024 * 1024).buffer).toBeInstanceOf(SharedArrayBuffer);
    } finally {
      await hasher.close();
    }
  });
});
