import { CopperError } from '../../shared/errors';
import type {
  CallName,
  CallRequest,
  CallResponse,
  EventName,
  EventPayload,
  InvokeResult,
} from '../../shared/ipc/contract';
import type { RendererBridge, TransportState } from './renderer-bridge';

interface Pending {
  resolve(value: unknown): void;
  reject(error: CopperError): void;
}

type ResponseFrame = { id: number } & InvokeResult;
type EventFrame = { event: EventName; payload: unknown };

const RECONNECT_MS = [250, 500, 1000, 2000, 4000];

/**
 * The contract over the web host's WebSocket: `{id, name, payload}` out, `{id, ok, value|error}`
 * and `{event, payload}` back. Reconnects with backoff after a drop; calls made while the
 * socket is down fail at once with a retryable error rather than hanging. A refused
 * handshake (wrong token or origin) is final: retrying would be refused again.
 */
export function createWebSocketBridge(socketUrl: string, token: string): RendererBridge {
  let state: TransportState = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let everOpened = false;
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const transportListeners = new Set<(s: TransportState) => void>();

  const setState = (next: TransportState) => {
    if (next === state) return;
    state = next;
    for (const l of [...transportListeners]) l(next);
  };

  const failPending = () => {
    for (const p of pending.values())
      p.reject(
        new CopperError('transport.closed', 'The connection to Copper closed before it answered.', true),
      );
    pending.clear();
  };

  const connect = () => {
    const ws = new WebSocket(`${socketUrl}?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      everOpened = true;
      setState('open');
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      const frame = JSON.parse(message.data) as ResponseFrame | EventFrame;
      if ('event' in frame) {
        for (const l of [...(eventListeners.get(frame.event) ?? [])]) l(frame.payload);
        return;
      }
      const p = pending.get(frame.id);
      if (!p) return;
      pending.delete(frame.id);
      if (frame.ok) p.resolve(frame.value);
      else p.reject(new CopperError(frame.error.code, frame.error.message, frame.error.retryable));
    };
    ws.onclose = () => {
      socket = null;
      failPending();
      // The browser hides the HTTP status of a refused handshake; a socket that never opened
      // on the first try was refused (wrong or stale token), and retrying cannot help.
      if (!everOpened) return setState('refused');
      setState('closed');
      const delay = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)] ?? 4000;
      setTimeout(connect, delay);
    };
  };
  connect();

  return {
    kind: 'web',
    transport: () => state,
    onTransport(listener) {
      transportListeners.add(listener);
      return () => {
        transportListeners.delete(listener);
      };
    },
    pathForFile: () => undefined,
    // An <img> cannot send headers: the run's token rides in the query, as on the socket.
    thumbnailUrl: (id) => `/thumb/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`,
    invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>> {
      return new Promise((resolve, reject) => {
        if (!socket || socket.readyState !== WebSocket.OPEN) {
          reject(new CopperError('transport.closed', 'Copper is not connected right now.', true));
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        socket.send(JSON.stringify({ id, name, payload: request }));
      });
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
      const set = eventListeners.get(name) ?? new Set();
      eventListeners.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
