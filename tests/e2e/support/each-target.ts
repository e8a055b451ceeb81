import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from 'vitest';
import { electronTarget, webTarget, type UiSession, type UiTarget } from './targets';

type Spec = (name: string, body: (session: UiSession) => Promise<void>) => void;

/**
 * Runs the same specs against Chromium through the web host and against Electron. The web
 * run must always happen (it fails when Chromium or the build is missing); the Electron run
 * is skipped — visibly, with the reason — where the Electron binary does not exist.
 */
export function describeEachTarget(
  title: string,
  define: (spec: Spec) => void,
  /** `fresh`: every spec gets an app of its own (data folder, core, window), so none depends on another's state. */
  opts: { fresh?: boolean } = {},
): void {
  for (const target of [webTarget, electronTarget] as const) {
    describe(`${title} [${target.name}]`, () => {
      const reason = target.unavailable();
      const skip = target === electronTarget && reason !== null;
      if (skip) console.log(`skipped the Electron run: ${reason}`);
      let session: UiSession | undefined;
      const start = async () => {
        if (skip) return;
        if (reason) throw new Error(`cannot run ${target.name}: ${reason}`);
        session = await startTarget(target);
      };
      const stop = async () => {
        await session?.close();
        session = undefined;
      };
      if (opts.fresh) {
        beforeEach(start);
        afterEach(stop);
      } else {
        beforeAll(start);
        afterAll(stop);
      }
      define((name, body) => {
        it(name, async (ctx) => {
          if (skip) ctx.skip(`skipped the Electron run: ${reason}`);
          if (!session) throw new Error(`${target.name} did not start`);
          await body(session);
        });
      });
    });
  }
}

async function startTarget(target: UiTarget): Promise<UiSession> {
  return target.start();
}
