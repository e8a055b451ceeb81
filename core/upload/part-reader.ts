import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { ByteBudget } from './byte-budget';
import { checkUnchanged, multipartEtag, readRange, type FileIdentity, type UploadFs } from './file-access';
import type { ReadPart } from './part-loop';
import { partRange } from './part-size';

/**
 * Reads a file's parts in order into buffers reserved from the shared byte budget, checks
 * the file did not change, and hashes each: the MD5 per part (Content-MD5, the multipart
 * ETag) and the whole file's sha256 (its content identity).
 */
export class PartReader {
  private readonly sha: Hash = createHash('sha256');
  private readonly md5s: Buffer[];

  constructor(
    private readonly file: {
      readonly fh: FileHandle;
      readonly path: string;
      readonly identity: FileIdentity;
      readonly fs: UploadFs;
    },
    private readonly partSize: number,
    count: number,
    private readonly budget: ByteBudget,
  ) {
    this.md5s = new Array(count);
  }

  async read(partNumber: number, signal: AbortSignal): Promise<ReadPart> {
    const { start, end } = partRange(partNumber, this.file.identity.size, this.partSize);
    const release = await this.budget.acquire(end - start, signal);
    try {
      const data = Buffer.allocUnsafe(end - start);
      await readRange(this.file.fh, this.file.path, data, start);
      await checkUnchanged(this.file.fs, this.file.path, this.file.identity);
      this.sha.update(data);
      this.md5s[partNumber - 1] = createHash('md5').update(data).digest();
      return { data, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  md5(partNumber: number): Buffer {
    return this.md5s[partNumber - 1]!;
  }

  /** The ETag S3 gives the completed object (valid once every part was read). */
  etag(): string {
    return multipartEtag(this.md5s);
  }

  /** The file's sha256 (valid once every part was read). */
  sha256(): string {
    return this.sha.digest('hex');
  }
}
