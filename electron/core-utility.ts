import { utilityProcess, type Session } from 'electron';
import type { CoreChild } from '../core/process/core-client';
import { coreProcessEnv, proxyEnvFromResolved } from '../core/process/core-env';

/**
 * Starts the core (dist/electron/core-process.cjs) in an Electron utility process: a Node
 * process of its own, so SQLite, hashing, the SDK and sharp never run on the thread that
 * moves and paints windows. Messages travel on the utility process's own MessagePort
 * (`process.parentPort` in the child), structured-cloned, so thumbnail bytes cross as they are.
 * `session` gives the child's Electron `net` requests the window session's proxy settings;
 * `proxyEnv` (systemProxyEnv) gives the core's own Node requests the OS's proxy.
 */
export function spawnUtilityCore(
  entryPath: string,
  session: Session,
  proxyEnv: Readonly<Record<string, string>> = {},
): CoreChild {
  const child = utilityProcess.fork(entryPath, [], {
    serviceName: 'Copper core',
    env: coreProcessEnv({ ...process.env, ...proxyEnv }),
    stdio: 'inherit',
    session,
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code) => resolve(`exit code ${code}`)));
  return {
    get pid() {
      return child.pid;
    },
    exited,
    kill: () => void child.kill(),
    channel: {
      send: (message) => child.postMessage(message),
      onMessage(listener) {
        child.on('message', listener);
        return () => child.off('message', listener);
      },
    },
  };
}

/** The OS's proxy (system settings or PAC, as Chromium resolves it) as the core's environment. */
export async function systemProxyEnv(session: Session): Promise<Record<string, string>> {
  try {
    return proxyEnvFromResolved(await session.resolveProxy('https://copper.invalid/'), process.env);
  } catch {
    return {}; // no answer: the core goes direct, as before
  }
}
