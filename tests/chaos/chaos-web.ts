import { CoreClient } from '../../core/process/core-client';
import { spawnCoreChild } from '../../hosts/web/core-child';
import type { QueueSnapshot } from '../../shared/models/queue';

/**
 * One run of the web host's core (`npm run start:web`'s composition: a CoreClient supervising
 * the core child that hosts/web/core-child.ts forks) on the CLI's data folder: it restores the
 * CLI's session from the keychain and uploads what `copper add` queued. `killAt` (ms) SIGKILLs
 * the core child once; the CoreClient starts it again, as it does for the desktop, and the
 * queue carries on from SQLite. Resolves when no entry is left to send (or after `budgetMs`),
 * with the core stopped so the next run can take the queue.
 */
export async function webCoreRun(opts: {
  dataDir: string;
  killAt?: number;
  budgetMs: number;
  onKill: () => void;
  log: (line: string) => void;
}): Promise<void> {
  const core = new CoreClient({
    spawn: () => spawnCoreChild(),
    config: { dataDir: opts.dataDir, host: 'web', version: '0.0.0-chaos', heartbeatMs: 0 },
    log: (m) => opts.log(`web core: ${m}`),
  });
  await core.start();
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  if (opts.killAt !== undefined) {
    timer = setTimeout(() => {
      const pid = core.pid;
      if (pid === undefined) return;
      opts.onKill();
      process.kill(pid, 'SIGKILL');
    }, opts.killAt);
  }
  try {
    // Past the kill moment (the restarted core needs a moment to resume), until nothing is pending.
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      if (Date.now() - started > opts.budgetMs) break;
      if (opts.killAt !== undefined && Date.now() - started < opts.killAt + 1000) continue;
      const list = (await core.handlers['queue.list']({}).catch(() => undefined)) as
        QueueSnapshot | undefined;
      if (list && list.entries.every((e) => e.state === 'done' || e.state === 'failed')) break;
    }
  } finally {
    clearTimeout(timer);
    await core.stop();
  }
}
