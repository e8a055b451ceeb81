// The core's own process: the whole engine (SQLite, hashing, the AWS SDK, sharp, the
// keychain) runs here, off the thread that moves and paints windows. Plain Node: Electron
// starts it with utilityProcess.fork (messages on process.parentPort), the web host with
// child_process.fork (messages on the IPC channel). Waits for one `init`, composes the core,
// says `ready`, then serves the contract until the host says `stop` or goes away.
import { capYoungGeneration } from '../common/young-generation';
import { StaticCredentialProvider } from '../credentials/provider';
import { createAppContext, type AppContext } from '../app-context';
import { interfaceNetworkStatus } from '../app/network-status';
import { messageKind, type CoreChannel, type CoreMessage, type CoreProcessConfig } from './core-protocol';
import { serveCore } from './core-server';

/** Electron's `process.parentPort` in a utility process (typed here: core never imports electron). */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentChannel(): CoreChannel | undefined {
  const parentPort = (process as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage(listener) {
        const wrapped = (event: { data: unknown }) => listener(event.data);
        parentPort.on('message', wrapped);
        return () => parentPort.off('message', wrapped);
      },
    };
  }
  if (process.send) {
    return {
      send: (message) => {
        if (process.connected) process.send?.(message);
      },
      onMessage(listener) {
        process.on('message', listener);
        return () => process.off('message', listener);
      },
    };
  }
  return undefined;
}

function compose(config: CoreProcessConfig, connection: () => CoreProcessConfig['connection']): AppContext {
  const byInterfaces = interfaceNetworkStatus();
  return createAppContext({
    dataDir: config.dataDir,
    host: config.host,
    version: config.version,
    network: () => connection() ?? byInterfaces(),
    ...(config.heartbeatMs !== undefined ? { heartbeatMs: config.heartbeatMs } : {}),
    ...(config.keychainService ? { keychainService: config.keychainService } : {}),
    ...(config.downloadsDir ? { downloadsDir: config.downloadsDir } : {}),
    ...(config.thumbnailsDir ? { thumbnailsDir: config.thumbnailsDir } : {}),
    ...(config.direct
      ? { s3Credentials: new StaticCredentialProvider(config.direct.credential, config.direct.target) }
      : {}),
    ...(config.uploadOptions ? { uploadOptions: config.uploadOptions } : {}),
    ...(config.quiet ? { accountLog: { info: () => {}, warn: () => {} } } : {}),
  });
}

function main(): void {
  // Memory flat with thousands of files in flight (common/young-generation.ts).
  capYoungGeneration();
  const channel = parentChannel();
  if (!channel) {
    console.error('The Copper core process must be started by a host (it has no message channel).');
    process.exit(2);
  }
  const send = (message: CoreMessage) => channel.send(message);
  const offInit = channel.onMessage((message) => {
    if (messageKind(message) !== 'init') return;
    offInit();
    const config = (message as { config: CoreProcessConfig }).config;
    let connection = config.connection;
    let context: AppContext;
    try {
      context = compose(config, () => connection);
    } catch (err) {
      send({ kind: 'fatal', message: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    }
    const stop = async () => {
      stopServing();
      await context.dispose();
      process.exit(0);
    };
    const stopServing = serveCore({
      context,
      channel,
      onNetwork: (value) => {
        connection = value;
      },
      onStop: stop,
      // Into the data folder's rotating log (redacted; warnings and errors echo to stderr too).
      logUnexpected: (name, err) => context.log.error(`${name} failed unexpectedly`, err),
    });
    // A web host that dies without saying stop: close SQLite and the runner lock cleanly.
    process.once('disconnect', () => void stop());
    send({ kind: 'ready', pid: process.pid });
  });
}

main();
