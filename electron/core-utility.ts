import { utilityProcess, type Session } from 'electron';
import type { CoreChild } from '../core/process/core-client';
import { coreProcessEnv } from '../core/process/core-env';

/**
 * Starts the core (dist/electron/core-process.cjs) in an Electron utility process: a Node
 * process of its own, so SQLite, hashing, the SDK and sharp never run on the thread that
 * moves and paints windows. Messages travel on the utility process's own MessagePort
 * (`process.parentPort` in the child), structured-cloned, so thumbnail bytes cross as they are.
 * `session` gives the child's Electron `net` requests the window session's proxy settings.
 */
export function spawnUtilityCore(entryPath: string, session: Session): CoreChild {
  const child = utilityProcess.fork(entryPath, [], {
    serviceName: 'Copper core',
    env: coreProcessEnv(process.env),
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
