import type { WebSocket } from 'ws';
import { dispatch, type Handlers, type UnexpectedErrorLog } from '../../core/ipc/dispatch';
import type { EventHub } from '../../core/ipc/event-hub';

/** A request frame from the renderer's web bridge. */
interface RequestFrame {
  readonly id: number | string;
  readonly name: unknown;
  readonly payload: unknown;
}

function parseFrame(data: string): RequestFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { id, name, payload } = value as Record<string, unknown>;
  if (typeof id !== 'number' && typeof id !== 'string') return null;
  return { id, name, payload };
}

/**
 * Serves the contract over one accepted socket: `{id, name, payload}` in, `{id, ok,
 * value|error}` out, and every hub event as `{event, payload}`. Every call goes through the
 * same validating dispatcher as Electron IPC. Returns the disposer (also run on close).
 */
export function serveSocket(
  socket: WebSocket,
  handlers: Handlers,
  hub: EventHub,
  logUnexpected: UnexpectedErrorLog,
): () => void {
  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = hub.subscribe((event, payload) => send({ event, payload }));

  socket.on('message', (data, isBinary) => {
    const frame = isBinary ? null : parseFrame(data.toString());
    if (!frame) {
      // A client that cannot speak the protocol is not ours; do not guess what it meant.
      socket.close(1008, 'malformed frame');
      return;
    }
    void dispatch(handlers, frame.name, frame.payload, logUnexpected).then((result) =>
      send({ id: frame.id, ...result }),
    );
  });

  const dispose = () => {
    unsubscribe();
  };
  socket.on('close', dispose);
  socket.on('error', dispose);
  return dispose;
}
