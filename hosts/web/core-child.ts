import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CoreChild } from '../../core/process/core-client';
import { coreProcessEnv } from '../../core/process/core-env';
import type { CoreMessage } from '../../core/process/core-protocol';

const ENTRY = fileURLToPath(new URL('../../core/process/core-process.ts', import.meta.url));

/**
 * Starts the core process the way Electron's utilityProcess.fork does for the desktop: a
 * separate Node process with a structured-clone message channel (`serialization: 'advanced'`
 * carries thumbnail bytes as they are), its output on ours. The TypeScript entry runs through
 * tsx like the web host itself.
 */
export function spawnCoreChild(env: NodeJS.ProcessEnv = process.env): CoreChild {
  const child = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: coreProcessEnv(env),
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit code ${code}`));
    child.once('error', (err) => {
      // A fork that never started emits 'error' without 'exit'.
      if (child.pid === undefined) resolve(`could not start: ${err.message}`);
    });
  });
  return {
    pid: child.pid,
    exited,
    kill: () => child.kill('SIGKILL'),
    channel: {
      send(message: CoreMessage) {
        if (child.connected) child.send(message);
      },
      onMessage(listener) {
        child.on('message', listener);
        return () => child.off('message', listener);
      },
    },
  };
}
