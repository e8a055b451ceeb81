import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { CopperError } from '../../shared/errors';
import type { CopperDatabase } from './database';

/** Error code when another process already runs the profile's queue. */
export const QUEUE_LOCKED = 'queue.locked';

/** Who holds a profile's runner lock. */
export interface RunnerLockHolder {
  readonly pid: number;
  readonly host: string;
  /** In words, for the message: "the Copper app", "`copper upload`". */
  readonly owner: string;
  readonly acquiredAt: number;
  readonly heartbeatAt: number;
  /** The boot it ran in, where the OS tells (Linux, macOS). */
  readonly bootId: string | null;
}

export interface RunnerLockOptions {
  /** How this process is named to another one that finds the lock taken. */
  readonly owner: string;
  readonly pid?: number;
  readonly host?: string;
  readonly now?: () => number;
  /** Whether a process of this machine is alive (default: signal 0). */
  readonly isAlive?: (pid: number) => boolean;
  /** This boot's id (default: {@link currentBootId}); null where the OS does not tell. */
  readonly bootId?: string | null;
  /**
   * A holder whose heartbeat is older than this is taken over, on this machine too: after a
   * reboot its PID may be alive as an unrelated process. Default 2 minutes (4 heartbeats).
   */
  readonly staleAfterMs?: number;
  /** How often the holder refreshes its heartbeat (default 30 s). */
  readonly heartbeatMs?: number;
  /**
   * Called once when a heartbeat finds the lock taken over (this process was suspended past
   * `staleAfterMs`, e.g. a laptop asleep): it must stop running the queue.
   */
  readonly onLost?: (holder: RunnerLockHolder | undefined) => void;
}

/**
 * The id of the running boot: Linux's /proc/sys/kernel/random/boot_id, macOS's
 * kern.bootsessionuuid; null elsewhere (Windows), where the heartbeat alone tells a reboot.
 */
export function currentBootId(platform: NodeJS.Platform = process.platform): string | null {
  try {
    if (platform === 'linux') return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    if (platform === 'darwin') {
      const out = execFileSync('/usr/sbin/sysctl', ['-n', 'kern.bootsessionuuid'], { timeout: 2000 });
      return String(out).trim() || null;
    }
  } catch {
    // No boot id (a container without /proc, an old macOS): the heartbeat still goes stale.
  }
  return null;
}

/** True unless the OS says no such process exists (EPERM means it exists, as someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface RawLock {
  token: string;
  pid: number;
  host: string;
  owner: string;
  acquired_at: number;
  heartbeat_at: number;
  boot_id: string | null;
}

/**
 * One profile, one runner: an exclusive lock in the profile's own database, so the desktop
 * app and `copper upload` never run the same queue at once (the second would take the first's
 * `uploading` entries for crashed ones). The check-and-take is one IMMEDIATE transaction, so
 * two processes starting together cannot both win. A holder that died (SIGKILL, crash, power
 * loss) is taken over: on this machine when its PID is gone, when it ran in another boot (its
 * PID may now be an unrelated process), or when its heartbeat is stale (a reboot where the OS
 * gives no boot id, a hung holder); from another machine when its heartbeat is stale. Within one process a newer lock replaces an older one (the process
 * owns both; it is trusted to run one queue per profile).
 */
export class RunnerLock {
  private readonly token = randomUUID();
  private readonly pid: number;
  private readonly host: string;
  private readonly now: () => number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly bootId: string | null;
  private readonly staleAfterMs: number;
  private readonly heartbeatMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: CopperDatabase,
    private readonly options: RunnerLockOptions,
  ) {
    this.pid = options.pid ?? process.pid;
    this.host = options.host ?? hostname();
    this.now = options.now ?? Date.now;
    this.isAlive = options.isAlive ?? processAlive;
    this.bootId = options.bootId === undefined ? currentBootId() : options.bootId;
    this.staleAfterMs = options.staleAfterMs ?? 120_000;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
  }

  /** The current holder, if any (whether alive or not). */
  holder(): RunnerLockHolder | undefined {
    const r = this.db.prepare('SELECT * FROM runner_lock WHERE id = 1').get() as RawLock | undefined;
    return r
      ? {
          pid: r.pid,
          host: r.host,
          owner: r.owner,
          acquiredAt: r.acquired_at,
          heartbeatAt: r.heartbeat_at,
          bootId: r.boot_id,
        }
      : undefined;
  }

  /** Whether this instance holds the lock now. */
  held(): boolean {
    const r = this.db.prepare('SELECT token FROM runner_lock WHERE id = 1').get() as
      { token: string } | undefined;
    return r?.token === this.token;
  }

  /**
   * Takes the lock (idempotent) and keeps its heartbeat fresh until release(). Throws
   * CopperError `queue.locked` naming the live holder ("the Copper app (PID 123) is already
   * uploading from this profile").
   */
  acquire(): void {
    const t = this.now();
    const other = this.db.transaction(() => {
      const r = this.db.prepare('SELECT * FROM runner_lock WHERE id = 1').get() as RawLock | undefined;
      if (r && r.token !== this.token && this.isLive(r, t)) return r;
      this.db
        .prepare(
          `INSERT INTO runner_lock (id, token, pid, host, owner, acquired_at, heartbeat_at, boot_id) VALUES (1, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host, owner = excluded.owner,
        acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at, boot_id = excluded.boot_id`,
        )
        .run(this.token, this.pid, this.host, this.options.owner, t, t, this.bootId);
      return undefined;
    }, 'immediate');
    if (other) {
      const where = other.host === this.host ? `PID ${other.pid}` : `PID ${other.pid} on ${other.host}`;
      throw new CopperError(
        QUEUE_LOCKED,
        `${other.owner} (${where}) is already uploading from this profile; let it finish, or quit it, then try again.`,
        true,
      );
    }
    if (!this.timer) {
      this.timer = setInterval(() => this.heartbeat(), this.heartbeatMs);
      this.timer.unref?.();
    }
  }

  /** Refreshes the heartbeat (only while this instance holds the lock). */
  heartbeat(): void {
    let changes: number | bigint;
    try {
      changes = this.db
        .prepare('UPDATE runner_lock SET heartbeat_at = ? WHERE id = 1 AND token = ?')
        .run(this.now(), this.token).changes;
    } catch {
      // The database was closed under us (shutdown): the lock goes with the process.
      return;
    }
    if (Number(changes) === 0 && this.timer) {
      // Taken over while this process could not beat (suspended): stop beating, say so once.
      // A newer lock of this same process replaced it on purpose: nothing to report.
      this.stopTimer();
      const now = this.holder();
      if (now?.pid !== this.pid || now.host !== this.host) this.options.onLost?.(now);
    }
  }

  /** Gives the lock up (only if this instance still holds it). */
  release(): void {
    this.stopTimer();
    try {
      this.db.prepare('DELETE FROM runner_lock WHERE id = 1 AND token = ?').run(this.token);
    } catch {
      // Closed database: nothing to release that a successor could not take over.
    }
  }

  private stopTimer(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private isLive(r: RawLock, now: number): boolean {
    // Any machine: a holder that stopped beating is gone (on this one, a PID alive after a
    // reboot is most likely someone else's process that was handed the same number).
    if (now - r.heartbeat_at >= this.staleAfterMs) return false;
    if (r.host !== this.host) return true;
    if (r.boot_id && this.bootId && r.boot_id !== this.bootId) return false;
    return r.pid !== this.pid && this.isAlive(r.pid);
  }
}
