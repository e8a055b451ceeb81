import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BucketTarget } from '../credentials/provider';

/** Which account a remembered target belongs to (the API and the email: never a secret). */
export interface AccountKey {
  readonly apiUrl: string;
  readonly email: string;
}

interface Saved {
  readonly account: AccountKey;
  readonly target: BucketTarget;
}

/**
 * Remembers where the last signed-in account uploads (bucket, region, endpoint, key prefix)
 * in `<dataDir>/queue-target.json`. The target normally comes with each API credential; this
 * copy is what lets `queue.add` record entries while the API is unreachable or nobody is
 * signed in, so the work is kept and waits. Nothing here is secret.
 */
export class TargetMemory {
  private readonly file: string;
  private cached: Saved | null | undefined;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = join(dataDir, 'queue-target.json');
  }

  /** The remembered target: of `account` when given (null if it was another account's), else the last one. */
  load(account?: AccountKey): BucketTarget | null {
    const saved = this.read();
    if (!saved) return null;
    if (account && (saved.account.apiUrl !== account.apiUrl || saved.account.email !== account.email))
      return null;
    return saved.target;
  }

  save(account: AccountKey, target: BucketTarget): void {
    const next: Saved = { account: { apiUrl: account.apiUrl, email: account.email }, target: { ...target } };
    if (JSON.stringify(next) === JSON.stringify(this.read())) return;
    // Write-then-rename: a crash mid-write never leaves half a file.
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
    this.cached = next;
  }

  private read(): Saved | null {
    if (this.cached !== undefined) return this.cached;
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<Saved>;
      const t = raw.target;
      const ok =
        raw.account &&
        typeof raw.account.apiUrl === 'string' &&
        typeof raw.account.email === 'string' &&
        t &&
        typeof t.bucket === 'string' &&
        typeof t.region === 'string' &&
        typeof t.prefix === 'string';
      this.cached = ok ? (raw as Saved) : null;
    } catch {
      // Missing or unreadable: as if nobody had signed in yet.
      this.cached = null;
    }
    return this.cached;
  }
}
