import type { OpenFile } from '../common/open-file';
import type { ByteBudget } from './byte-budget';
import { checkUnchanged, multipartEtag, readRange, type FileIdentity, type UploadFs } from './file-access';
import type { FileHashing, PartHasher } from './part-hasher';
import type { ReadPart } from './part-loop';
import { partRange } from './part-size';

/**
 * Reads a file's parts in order into buffers reserved from the shared byte budget, checks
 * the file did not change, and hashes each: the MD5 per part (Content-MD5, the multipart
 * ETag) and the whole file's sha256 (its content identity), in the hasher's worker threads.
 */
export class PartReader {
  private readonly hashing: FileHashing;
  private readonly md5s: Buffer[];

  constructor(
    private readonly file: {
      readonly fh: OpenFile;
      readonly path: string;
      readonly identity: FileIdentity;
      readonly fs: UploadFs;
    },
    private readonly partSize: number,
    count: number,
    private readonly budget: ByteBudget,
    private readonly hasher: PartHasher,
  ) {
    this.md5s = new Array(count);
    this.hashing = hasher.file(partSize);
  }

  async read(partNumber: number, signal: AbortSignal): Promise<ReadPart> {
    const { start, end } = partRange(partNumber, this.file.identity.size, this.partSize);
    const release = await this.budget.acquire(end - start, signal);
    try {
      const data = this.hasher.allocPart(end - start);
      await readRange(this.file.fh, this.file.path, data, start);
      await checkUnchanged(this.file.fs, this.file.path, this.file.identity);
      this.md5s[partNumber - 1] = await this.hashing.part(data);
      // The buffer is reused for a later part once no request reads it.
      return {
        data,
        release: () => {
          this.hasher.recycle(data);
          release();
        },
      };
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
  sha256(): Promise<string> {
    return this.hashing.digest();
  }
}
