import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** One file's hashes, fed its parts in order: MD5 per part (Content-MD5), SHA-256 of the whole. */
export interface FileHashing {
  /** Hashes the next part; resolves with its MD5. The bytes must not change until it resolves. */
  part(data: Uint8Array): Promise<Buffer>;
  /** The SHA-256 (hex) of every part given, in order. Ends this file's hashing. */
  digest(): Promise<string>;
}

// The worker's program, evaluated (not a file), so it runs the same from tsx, the bundled CLI
// and Electron's main process. It keeps each file's running SHA-256; parts arrive in order.
// 'whole' reads a file itself from a descriptor of this process (worker threads share them).
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { readSync } = require('node:fs');
const files = new Map();
let scratch;
parentPort.on('message', (m) => {
  try {
    if (m.op === 'whole') {
      scratch ??= Buffer.allocUnsafe(1024 * 1024);
      const sha = createHash('sha256');
      let pos = 0;
      while (pos < m.size) {
        const n = readSync(m.fd, scratch, 0, Math.min(scratch.length, m.size - pos), pos);
        if (n === 0) break;
        sha.update(scratch.subarray(0, n));
        pos += n;
      }
      parentPort.postMessage({ id: m.id, sha256: sha.digest('hex'), bytes: pos });
    } else if (m.op === 'part') {
      let sha = files.get(m.file);
      if (!sha) files.set(m.file, (sha = createHash('sha256')));
      sha.update(m.data);
      parentPort.postMessage({ id: m.id, md5: createHash('md5').update(m.data).digest() });
    } else {
      const sha = files.get(m.file) ?? createHash('sha256');
      files.delete(m.file);
      parentPort.postMessage({ id: m.id, sha256: sha.digest('hex') });
    }
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message || err), code: err && err.code });
  }
});`;

/** Parts from this size on are hashed in a worker. */
const OFFLOAD_BYTES = 1024 * 1024;
/** Bytes of free part buffers kept for reuse (the memory budget bounds those in use). */
const MAX_FREE_BYTES = 64 * 1024 * 1024;
/** Buffers are made in whole MiB (16 KiB under the worker threshold), so files of many sizes share them. */
const STEP = 1024 * 1024;
const SMALL_STEP = 16 * 1024;
/** Under this, buffers come from Node's own pool (not worth reusing). */
const POOL_FROM = 4 * 1024;

/** Free buffers are kept apart by kind: workers read shared ones without a copy. */
const poolKey = (capacity: number, shared: boolean): number => (shared ? capacity : -capacity);

/** A worker's answer. */
interface Answer {
  md5?: Uint8Array;
  sha256?: string;
  /** 'whole': the bytes read (fewer than asked: the file got shorter). */
  bytes?: number;
}

interface Pending {
  resolve(v: Answer): void;
  reject(err: Error): void;
}

/** A whole file's SHA-256, read and computed in a worker (`PartHasher.wholeFile`). */
export interface WholeFileHash {
  readonly sha256: string;
  /** Bytes read: fewer than the size asked means the file got shorter. */
  readonly bytes: number;
}

/** Hashing on the calling thread: the same interface, for `workers: 0`. */
function inlineFile(): FileHashing {
  const sha: Hash = createHash('sha256');
  return {
    part: (data) => {
      sha.update(data);
      return Promise.resolve(createHash('md5').update(data).digest());
    },
    digest: () => Promise.resolve(sha.digest('hex')),
  };
}

/**
 * MD5 and SHA-256 of upload parts in worker threads, so the event loop keeps reading files and
 * feeding sockets while a part is hashed (on 2 cores shared with the S3 server, hashing on the
 * main thread stalled every connection for ~20 ms per 8 MiB part). Parts are handed over
 * without copying when they live in a SharedArrayBuffer (see `allocPart`), copied otherwise.
 * A file's parts all go to one worker (its SHA-256 is a running state); files are spread over
 * the workers. Workers do not keep the process alive while idle. `workers: 0` hashes inline.
 */
export class PartHasher {
  private readonly workers = new Map<number, Worker>();
  private readonly pending = new Map<number, Pending>();
  private readonly free = new Map<number, ArrayBufferLike[]>();
  /** The buffers `allocPart` handed out and not yet given back (the only ones `recycle` takes). */
  private readonly own = new WeakSet<ArrayBufferLike>();
  private freeBytes = 0;
  private nextId = 1;
  private nextFile = 1;
  private closed = false;

  constructor(private readonly size: number) {}

  /**
   * A buffer for a part (or a single-PUT file) of `bytes`: one the workers can read without a
   * copy when they will hash it, taken from the buffers given back with `recycle` when one of
   * that many MiB (16 KiB for files hashed inline) is free. Reusing them keeps RSS flat: fresh
   * 8 MiB SharedArrayBuffers per part piled up faster than GC freed them.
   */
  allocPart(bytes: number): Buffer {
    if (bytes < POOL_FROM || this.closed) return Buffer.allocUnsafe(bytes);
    const shared = this.offloads(bytes);
    const step = shared ? STEP : SMALL_STEP;
    const capacity = Math.ceil(bytes / step) * step;
    const reused = this.free.get(poolKey(capacity, shared))?.pop();
    if (reused) this.freeBytes -= capacity;
    const memory = reused ?? (shared ? new SharedArrayBuffer(capacity) : new ArrayBuffer(capacity));
    this.own.add(memory);
    return Buffer.from(memory, 0, bytes);
  }

  /** Gives a part buffer back once no request reads it any more. */
  recycle(buf: Buffer): void {
    const memory = buf.buffer;
    // Taken out of `own` so a second recycle of the same buffer cannot hand it out twice.
    if (!this.own.delete(memory) || this.closed) return;
    if (this.freeBytes + memory.byteLength > MAX_FREE_BYTES) return;
    const key = poolKey(memory.byteLength, memory instanceof SharedArrayBuffer);
    const list = this.free.get(key) ?? [];
    list.push(memory);
    this.free.set(key, list);
    this.freeBytes += memory.byteLength;
  }

  /**
   * Starts hashing one file whose parts are about `partBytes` long. Small ones are hashed
   * inline: for a 32 KiB file the round trip to a worker costs more than the hashing.
   */
  file(partBytes: number): FileHashing {
    if (!this.offloads(partBytes)) return inlineFile();
    const file = this.nextFile++;
    const worker = this.worker(file % this.size);
    return {
      part: async (data) => Buffer.from((await this.call(worker, { op: 'part', file, data })).md5!),
      digest: async () => (await this.call(worker, { op: 'digest', file })).sha256!,
    };
  }

  /**
   * SHA-256 of the first `size` bytes of the open file `fd`, read by a worker in 1 MiB steps
   * into its own buffer: the main thread neither reads nor holds the bytes (a single PUT then
   * streams them from the file, single-put.ts). Undefined when such a file is hashed on the
   * calling thread (`workers: 0`, or under the worker threshold). `fd` must stay open until
   * the promise settles. A read error rejects with the file system's `code`.
   */
  wholeFile(fd: number, size: number): Promise<WholeFileHash> | undefined {
    if (!this.offloads(size)) return undefined;
    const worker = this.worker(this.nextFile++ % this.size);
    return this.call(worker, { op: 'whole', fd, size }).then((a) => ({
      sha256: a.sha256!,
      bytes: a.bytes!,
    }));
  }

  /** Stops the workers; files still hashing fail. */
  async close(): Promise<void> {
    this.closed = true;
    this.free.clear();
    this.freeBytes = 0;
    const all = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(all.map((w) => w.terminate()));
    for (const p of this.pending.values()) p.reject(new Error('the part hasher was closed'));
    this.pending.clear();
  }

  private offloads(bytes: number): boolean {
    return this.size > 0 && !this.closed && bytes >= OFFLOAD_BYTES;
  }

  private worker(i: number): Worker {
    let w = this.workers.get(i);
    if (!w) {
      w = new Worker(WORKER, { eval: true });
      w.unref();
      w.on('message', (m: Answer & { id: number; error?: string; code?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (this.pending.size === 0) for (const x of this.workers.values()) x.unref();
        if (m.error) p.reject(Object.assign(new Error(`hashing failed: ${m.error}`), { code: m.code }));
        else p.resolve(m);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.set(i, w);
    }
    return w;
  }

  private call(
    worker: Worker,
    msg:
      { op: 'part' | 'digest'; file: number; data?: Uint8Array } | { op: 'whole'; fd: number; size: number },
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      // An unfinished hash keeps the process alive, as the request it feeds would.
      worker.ref();
      worker.postMessage({ ...msg, id });
    });
  }
}
