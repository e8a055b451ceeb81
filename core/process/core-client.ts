import { calls, type CallName } from '../../shared/ipc/contract';
import { CopperError, isErrorShape } from '../../shared/errors';
import type { Handlers } from '../ipc/dispatch';
import { EventHub } from '../ipc/event-hub';
import { isEventName } from '../../shared/ipc/contract';
import { messageKind, type CoreChannel, type CoreProcessConfig, type HostOp } from './core-protocol';
import { PendingCalls } from './pending-calls';
import type { DownloadResult } from '../../shared/models/bucket';

/** One started core process, as the host's spawner hands it over. */
export interface CoreChild {
  readonly channel: CoreChannel;
  readonly pid: number | undefined;
  /** Resolves once the process has ended, for whatever reason, with words for the log. */
  readonly exited: Promise<string>;
  /** Ends it now (SIGKILL where the OS has signals). */
  kill(): void;
}

/** What a CoreClient is built from. */
export interface CoreClientDeps {
  /** Starts one core process (utilityProcess.fork in Electron, child_process.fork in the web host). */
  readonly spawn: () => CoreChild;
  readonly config: CoreProcessConfig;
  readonly log?: (message: string) => void;
  /** How long a start may take before it counts as a failure (default 30 s). */
  readonly startTimeoutMs?: number;
  /** Restarts allowed within `crashWindowMs` before the client gives up (default 5 in 60 s). */
  readonly maxRestarts?: number;
  readonly crashWindowMs?: number;
  readonly now?: () => number;
}

const restarting = () =>
  new CopperError('core.restarting', 'Copper’s engine stopped unexpectedly and is starting again.', true);

/**
 * The host's side of the core process: the contract as `Handlers` (so Electron IPC and the
 * web host bind it exactly as they bound the in-process core, sender and payload checks
 * included), the core's events on a local hub, a few host operations, and supervision: a
 * core that dies is reported as `core.status` and started again; the window never notices
 * more than a short outage, and the queue carries on from SQLite.
 */
export class CoreClient {
  readonly hub = new EventHub();
  readonly handlers: Handlers;
  private child: CoreChild | undefined;
  private running: Promise<CoreChild> | undefined;
  private readonly pending = new PendingCalls();
  private stopping = false;
  private restarts = 0;
  private crashes: number[] = [];
  private sources: readonly string[] = [];
  private readonly now: () => number;

  constructor(private readonly deps: CoreClientDeps) {
    this.now = deps.now ?? Date.now;
    this.handlers = Object.fromEntries(
      (Object.keys(calls) as CallName[]).map((name) => [
        name,
        async (request: unknown) => {
          const value = await this.request({ kind: 'call', name, payload: request });
          // History may have learned a bucket endpoint: keep the CSP's list current.
          void this.refreshSources();
          return value;
        },
      ]),
    ) as unknown as Handlers;
  }

  /** Starts the core and resolves once it answers (rejects with its reason if it cannot start). */
  async start(): Promise<void> {
    this.running = this.launch();
    await this.running;
    await this.refreshSources();
  }

  /** The core process's id while it runs (tests kill it to prove the restart). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Origins History's thumbnails load from, as last heard from the core (for the CSP's img-src). */
  imageSources(): readonly string[] {
    return this.sources;
  }

  /** A cached catalog thumbnail, or null. */
  async readThumbnail(id: string): Promise<Buffer | null> {
    const value = await this.hostOp({ op: 'thumbnail', id });
    return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : null;
  }

  /** Downloads a version to a path the person chose in the desktop's save dialog (never a renderer's path). */
  async downloadTo(key: string, versionId: string, path: string): Promise<DownloadResult> {
    return (await this.hostOp({ op: 'download-to', key, versionId, path })) as DownloadResult;
  }

  /** The OS says the network (or the machine, after sleep) is back: let the queue try now. */
  async setOnline(online: boolean): Promise<void> {
    await this.hostOp({ op: 'set-online', online });
  }

  /** The host's own reading of the network (Electron's `net.isOnline()`). */
  async setConnection(connection: 'online' | 'offline' | 'unknown'): Promise<void> {
    await this.hostOp({ op: 'network', connection });
  }

  /**
   * Asks the core to record its state and exit; kills it after `timeoutMs`. Never restarts it
   * afterwards. Resolves once the process is gone.
   */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    child.channel.send({ kind: 'host', id: -1, request: { op: 'stop' } });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    if ((await Promise.race([child.exited, late])) === 'late') {
      this.deps.log?.(`[core] did not stop within ${timeoutMs} ms; ending it`);
      child.kill();
      await child.exited;
    }
    clearTimeout(timer);
    this.pending.failAll(new CopperError('core.stopped', 'Copper is closing.', false));
  }

  private hostOp(request: HostOp): Promise<unknown> {
    return this.request({ kind: 'host', request });
  }

  private async request(
    message: { kind: 'call'; name: string; payload: unknown } | { kind: 'host'; request: HostOp },
  ): Promise<unknown> {
    if (!this.running) throw new CopperError('core.not-started', 'Copper’s engine is not running.', true);
    const child = await this.running;
    const { id, result } = this.pending.open();
    child.channel.send({ ...message, id });
    return result;
  }

  private async refreshSources(): Promise<void> {
    try {
      const list = await this.hostOp({ op: 'image-sources' });
      if (Array.isArray(list)) this.sources = list.filter((s): s is string => typeof s === 'string');
    } catch {
      // The core is restarting: the list is asked again with the next call.
    }
  }

  private launch(): Promise<CoreChild> {
    const child = this.deps.spawn();
    this.child = child;
    const ready = new Promise<CoreChild>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`Copper’s engine did not start within ${this.deps.startTimeoutMs ?? 30_000} ms.`)),
        this.deps.startTimeoutMs ?? 30_000,
      );
      const off = child.channel.onMessage((message) => {
        const kind = messageKind(message);
        if (kind === 'ready') {
          clearTimeout(timer);
          resolve(child);
          this.hub.emit('core.status', { state: 'running', restarts: this.restarts });
        } else if (kind === 'fatal') {
          clearTimeout(timer);
          reject(new Error(String((message as { message?: unknown }).message)));
        } else if (kind === 'result') {
          const { id, ok, value, error } = message as {
            id: unknown;
            ok: unknown;
            value: unknown;
            error: unknown;
          };
          if (typeof id !== 'number') return;
          if (ok === true) this.pending.settle(id, value);
          else
            this.pending.fail(
              id,
              isErrorShape(error)
                ? new CopperError(error.code, error.message, error.retryable)
                : restarting(),
            );
        } else if (kind === 'event') {
          const { name, payload } = message as { name: unknown; payload: unknown };
          if (isEventName(name)) this.hub.emit(name, payload as never);
        }
      });
      void child.exited.then((why) => {
        off();
        clearTimeout(timer);
        reject(new Error(`Copper’s engine stopped while starting: ${why}`));
        if (this.child === child) this.onExit(why);
      });
    });
    child.channel.send({ kind: 'init', config: this.deps.config });
    return ready;
  }

  private onExit(why: string): void {
    this.child = undefined;
    if (this.stopping) return;
    this.pending.failAll(restarting());
    const t = this.now();
    this.crashes = [...this.crashes.filter((c) => t - c < (this.deps.crashWindowMs ?? 60_000)), t];
    if (this.crashes.length > (this.deps.maxRestarts ?? 5)) {
      this.deps.log?.(`[core] stopped again (${why}); not restarting after ${this.restarts} restarts`);
      this.hub.emit('core.status', { state: 'failed', restarts: this.restarts, reason: why.slice(0, 500) });
      this.running = Promise.reject(
        new CopperError('core.failed', `Copper’s engine keeps stopping (${why}).`, false),
      );
      this.running.catch(() => {});
      return;
    }
    this.restarts += 1;
    this.deps.log?.(`[core] stopped unexpectedly (${why}); starting it again`);
    this.hub.emit('core.status', { state: 'restarting', restarts: this.restarts, reason: why.slice(0, 500) });
    this.running = this.launch();
    this.running.catch((err: unknown) => this.deps.log?.(`[core] restart failed: ${String(err)}`));
  }
}
