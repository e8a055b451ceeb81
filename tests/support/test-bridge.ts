import type { RendererBridge, TransportState } from '../../renderer/bridge/renderer-bridge';

/**
 * A renderer bridge whose core is the test: each call is answered by `answer` (or looked up in
 * a record of answers by call name), events and the transport opening are fired by hand.
 */
export function testBridge(
  answer: Record<string, unknown> | ((name: string, request: Record<string, unknown>) => Promise<unknown>),
) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transportListeners = new Set<(s: TransportState) => void>();
  let transport: TransportState = 'connecting';
  const calls: [string, Record<string, unknown>][] = [];
  const bridge = {
    kind: 'web',
    transport: () => transport,
    onTransport(l: (s: TransportState) => void) {
      transportListeners.add(l);
      return () => transportListeners.delete(l);
    },
    on(name: string, l: (payload: unknown) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(l);
      return () => set.delete(l);
    },
    async invoke(name: string, request: Record<string, unknown>) {
      calls.push([name, request]);
      return typeof answer === 'function' ? answer(name, request) : answer[name];
    },
    pathForFile: () => undefined,
  } as unknown as RendererBridge;
  return {
    bridge,
    calls,
    open() {
      transport = 'open';
      for (const l of transportListeners) l('open');
    },
    emit(name: string, payload: unknown) {
      for (const l of listeners.get(name) ?? []) l(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) + transportListeners.size,
  };
}
