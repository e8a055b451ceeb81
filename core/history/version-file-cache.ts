import type * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';

type Fs = Pick<typeof nodeFs, 'mkdir' | 'readdir' | 'stat' | 'utimes' | 'unlink'>;

const NAME = /^[0-9a-f]{40}(\.[a-z0-9]{1,7})?$/;

/**
 * Downloaded version files in one folder, named by their version's id, bounded in total
 * size: the least recently used are deleted first (a version's bytes never change, so a
 * kept file is never stale). The newest file is always kept, even past the budget, because
 * the caller is about to read it.
 */
export class VersionFileCache {
  private readonly downloading = new Map<string, Promise<string>>();

  constructor(
    private readonly fs: Fs,
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  /** The file for `name`, calling `download(path)` to fill it when it is not kept yet. */
  get(name: string, download: (path: string) => Promise<unknown>): Promise<string> {
    if (!NAME.test(name)) return Promise.reject(new Error(`not a version file name: ${name}`));
    const path = join(this.dir, name);
    const running = this.downloading.get(name);
    if (running) return running;
    const p = (async () => {
      try {
        await this.fs.stat(path);
        const now = new Date();
        await this.fs.utimes(path, now, now).catch(() => {});
        return path;
      } catch {
        await this.fs.mkdir(this.dir, { recursive: true });
        await download(path);
        await this.evict(name);
        return path;
      }
    })().finally(() => this.downloading.delete(name));
    this.downloading.set(name, p);
    return p;
  }

  private async evict(keep: string): Promise<void> {
    const files: Array<{ name: string; size: number; used: number }> = [];
    for (const name of await this.fs.readdir(this.dir)) {
      if (!NAME.test(name)) continue; // partial downloads and anything else are not ours to judge
      try {
        const s = await this.fs.stat(join(this.dir, name));
        files.push({ name, size: s.size, used: s.mtimeMs });
      } catch {
        // Gone meanwhile: nothing to count.
      }
    }
    let total = files.reduce((n, f) => n + f.size, 0);
    files.sort((a, b) => a.used - b.used);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      if (f.name === keep || this.downloading.has(f.name)) continue;
      await this.fs.unlink(join(this.dir, f.name)).catch(() => {});
      total -= f.size;
    }
  }
}
