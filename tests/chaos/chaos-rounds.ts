// One round of the chaos run (tests/chaos/chaos.ts): its plan drawn from the seed, then the
// uploading process (CLI or the web host's core) with faults at the plan's moments.
import type { S3Client } from '@aws-sdk/client-s3';
import type pg from 'pg';
import type { TestApi } from '../integration/identity-api';
import { startCopper } from '../integration/cli-support';
import type { FaultProxy } from '../support/fault-proxy';
import type { ChaosFigures } from './chaos';
import { KiB, listFiles, pickSize, writeRandom } from './chaos-corpus';
import type { ChaosRgw } from './chaos-rgw';
import { webCoreRun } from './chaos-web';

/** Everything a run needs around it: the API (short credentials), a fault proxy, the artist's profile. */
export interface Stage {
  api: TestApi;
  bucket: string;
  artist: string;
  email: string;
  db: pg.Pool;
  proxy: FaultProxy;
  s3: S3Client;
  dir: string;
  corpus: string;
  env: Record<string, string>;
  rand: () => number;
  log: (line: string) => void;
  /** The run's own radosgw (killed and restarted), or undefined when there is none to restart. */
  rgw: ChaosRgw | undefined;
}

/** What one round does, drawn from the seed before it starts (the schedule does not depend on timing). */
interface RoundPlan {
  web: boolean;
  killAt?: number;
  fault?: { at: number; kind: 'reset' | 'stall' | '503'; count: number; afterBodyBytes: number };
  outage?: { at: number; ms: number };
  rewrite?: { at: number; pick: number; size: number };
  restart?: { at: number; downMs: number };
}

export function planRound(st: Stage, f: ChaosFigures, last: boolean): RoundPlan {
  const r = st.rand;
  // The last faulty round makes sure the run had both a web core kill and a radosgw restart.
  const web = r() < 0.35 || (last && f.coreKills === 0);
  const plan: RoundPlan = { web };
  if (r() < 0.7 || (web && last && f.coreKills === 0)) plan.killAt = (web ? 1500 : 300) + r() * 5000;
  if (r() < 0.5) {
    const kind = (['reset', 'stall', '503'] as const)[Math.floor(r() * 3)]!;
    plan.fault = {
      at: r() * 2000,
      kind,
      count: 1 + Math.floor(r() * 3),
      afterBodyBytes: Math.floor(r() * 64 * KiB),
    };
  }
  if (r() < 0.2) plan.outage = { at: r() * 3000, ms: 1500 + r() * 2000 };
  if (r() < 0.3) plan.rewrite = { at: r() * 2000, pick: r(), size: pickSize(r) };
  if (st.rgw && (r() < 0.3 || (last && f.restarts === 0)))
    plan.restart = { at: 500 + r() * 4000, downMs: 500 + r() * 2500 };
  return plan;
}

/**
 * One round: `copper upload --wait`, or the web host's core, with the faults of `plan` at
 * their moments; resolves when the run ended and radosgw is back.
 */
export async function faultyRun(st: Stage, f: ChaosFigures, plan: RoundPlan): Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const at = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms));
  let rgwBack: Promise<void> = Promise.resolve();
  const { fault, outage, rewrite, restart } = plan;
  if (fault) {
    at(fault.at, () => {
      f.faults++;
      st.proxy.inject({ kind: fault.kind, count: fault.count, afterBodyBytes: fault.afterBodyBytes });
    });
  }
  if (outage) {
    at(outage.at, () => {
      f.outages++;
      st.proxy.setDown(true);
      setTimeout(() => st.proxy.setDown(false), outage.ms);
    });
  }
  if (rewrite) {
    at(rewrite.at, () => {
      void listFiles(st.corpus).then((files) => {
        const target = files[Math.floor(rewrite.pick * files.length)];
        if (!target) return;
        f.rewrites++;
        return writeRandom(target, rewrite.size);
      });
    });
  }
  if (restart && st.rgw) {
    const rgw = st.rgw;
    at(restart.at, () => {
      f.restarts++;
      rgwBack = rgw
        .kill()
        .then(() => new Promise((r) => setTimeout(r, restart.downMs)))
        .then(() => rgw.restart());
    });
  }
  if (plan.web) {
    f.webRounds++;
    await webCoreRun({
      dataDir: st.env.COPPER_DATA_DIR!,
      killAt: plan.killAt,
      budgetMs: 45_000,
      onKill: () => f.coreKills++,
      log: st.log,
    });
  } else {
    const run = startCopper(['upload', '--wait', '--include-damaged', '--json'], st.env);
    if (plan.killAt !== undefined) {
      at(plan.killAt, () => {
        f.kills++;
        run.child.kill('SIGKILL');
      });
    }
    await run.done;
  }
  for (const t of timers) clearTimeout(t);
  await rgwBack;
  st.proxy.setDown(false);
}
