import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { CallName, CallRequest, CallResponse, EventName, EventPayload } from '../../shared/ipc/contract';
import type { CopperError } from '../../shared/errors';
import type { RendererBridge, TransportState } from './renderer-bridge';
import { toCopperError } from './bridge-error';

const BridgeContext = createContext<RendererBridge | null>(null);

/** Makes the bridge available to every view. */
export function BridgeProvider({ bridge, children }: { bridge: RendererBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

/** The bridge of the nearest BridgeProvider. */
export function useBridge(): RendererBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge needs a BridgeProvider above it');
  return bridge;
}

/** The transport's current state, re-rendering on change. */
export function useTransport(): TransportState {
  const bridge = useBridge();
  const [state, setState] = useState(bridge.transport());
  useEffect(() => {
    setState(bridge.transport());
    return bridge.onTransport(setState);
  }, [bridge]);
  return state;
}

/** The state of one call made by useCall. */
export interface CallState<T> {
  readonly data: T | undefined;
  readonly error: CopperError | undefined;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Makes a call when the component mounts (and when the transport reopens), keeping the last
 * answer. The request is compared by its JSON so an inline object literal does not loop.
 */
export function useCall<K extends CallName>(name: K, request: CallRequest<K>): CallState<CallResponse<K>> {
  const bridge = useBridge();
  const transport = useTransport();
  const [data, setData] = useState<CallResponse<K>>();
  const [error, setError] = useState<CopperError>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(request);
  const requestRef = useRef(request);
  requestRef.current = request;

  useEffect(() => {
    if (transport !== 'open') return;
    let live = true;
    setLoading(true);
    bridge.invoke(name, requestRef.current).then(
      (value) => {
        if (live) {
          setData(value);
          setError(undefined);
          setLoading(false);
        }
      },
      (reason: unknown) => {
        if (live) {
          setError(toCopperError(reason));
          setLoading(false);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [bridge, name, key, transport, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

/** Subscribes to an event for the component's lifetime. */
export function useEvent<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): void {
  const bridge = useBridge();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => bridge.on(name, (payload) => ref.current(payload)), [bridge, name]);
}
