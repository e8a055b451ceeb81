import { capYoungGeneration } from '../../core/common/young-generation';
import type { IdentityGateway } from './identity-gateway';
import { nodeIo } from './node-io';
import type { OpenQueue } from './queue-gateway';
import { runCli } from './run-cli';

// The engine, the AWS SDK and the keychain load only when a command needs them, so `copper
// help`, a usage error or `status` answer quickly.
const openQueue: OpenQueue = async (args) => (await import('./queue-adapter')).openUploadQueue(args);
const readQueue = async (dataDir: string) => (await import('./queue-reader')).readQueueEntries(dataDir);

/** Identity is needed synchronously by the context; its module loads on the first call. */
function identity(dataDir: string): IdentityGateway {
  const gateway = import('./session-identity').then((m) => m.sessionIdentity(dataDir));
  let loaded: IdentityGateway | undefined;
  void gateway.then(
    (g) => {
      loaded = g;
    },
    () => undefined,
  );
  return {
    login: async (...a) => (await gateway).login(...a),
    logout: async () => (await gateway).logout(),
    session: async () => (await gateway).session(),
    close: () => loaded?.close(),
  };
}

/**
 * The `copper` process: runs the CLI with the real streams, keychain and queue, and sets the
 * exit code. Ctrl-C once stops cleanly (the queue keeps every entry for the next run).
 */
export async function main(): Promise<void> {
  // Memory flat with thousands of files in flight (core/common/young-generation.ts).
  capYoungGeneration();
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ncopper: stopping (the queue is kept; Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await runCli(process.argv.slice(2), process.env, nodeIo(), {
    identity,
    openQueue,
    readQueue,
    signal: controller.signal,
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // 130 (128 + SIGINT) tells a calling script the run was interrupted, whatever it had done.
  process.exitCode = controller.signal.aborted ? 130 : code;
}
