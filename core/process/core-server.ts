import { toErrorShape } from '../../shared/errors';
import type { AppContext } from '../app-context';
import { dispatch } from '../ipc/dispatch';
import { messageKind, type CoreChannel, type CoreMessage, type HostOp } from './core-protocol';

/** What the core process serves beyond the contract. */
export interface CoreServerDeps {
  readonly context: Pick<AppContext, 'handlers' | 'hub' | 'catalog' | 'queue' | 'history' | 'imageSources'>;
  readonly channel: CoreChannel;
  /** The host's own network signal changed (Electron's `net.isOnline()`). */
  readonly onNetwork: (connection: 'online' | 'offline' | 'unknown') => void;
  /** The host asked for a clean stop: record state, close SQLite, then exit. */
  readonly onStop: () => Promise<void>;
  readonly logUnexpected: (name: string, err: unknown) => void;
}

async function runHostOp(deps: CoreServerDeps, request: HostOp): Promise<unknown> {
  switch (request.op) {
    case 'thumbnail':
      // Only a 40-hex id reaches the catalog, which maps it into its cache folder.
      return /^[0-9a-f]{40}$/.test(request.id) ? deps.context.catalog.readThumbnail(request.id) : null;
    case 'image-sources':
      return deps.context.imageSources();
    case 'set-online':
      deps.context.queue.setOnline(request.online === true);
      return null;
    case 'network':
      deps.onNetwork(request.connection);
      return null;
    case 'download-to':
      return deps.context.history.download(request.key, request.versionId, request.path);
    case 'stop':
      await deps.onStop();
      return null;
  }
}

/**
 * Serves the contract (through the same validating dispatcher every transport uses) and the
 * host operations over one channel, and forwards every hub event. Returns the disposer.
 */
export function serveCore(deps: CoreServerDeps): () => void {
  const { channel, context } = deps;
  const send = (message: CoreMessage) => channel.send(message);
  const unsubscribe = context.hub.subscribe((name, payload) => send({ kind: 'event', name, payload }));
  const offMessage = channel.onMessage((message) => {
    const kind = messageKind(message);
    const id = (message as { id?: unknown }).id;
    if (typeof id !== 'number') return;
    if (kind === 'call') {
      const { name, payload } = message as { name: unknown; payload: unknown };
      void dispatch(context.handlers, name, payload, deps.logUnexpected).then((result) =>
        send({ kind: 'result', id, ...result }),
      );
    } else if (kind === 'host') {
      const request = (message as { request: HostOp }).request;
      runHostOp(deps, request).then(
        (value) => send({ kind: 'result', id, ok: true, value }),
        (err: unknown) => {
          deps.logUnexpected(`host.${String(request?.op)}`, err);
          send({ kind: 'result', id, ok: false, error: toErrorShape(err) });
        },
      );
    }
  });
  return () => {
    unsubscribe();
    offMessage();
  };
}
