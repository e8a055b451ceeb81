import { useEffect, useState } from 'react';
import type { EventPayload } from '../../shared/ipc/contract';
import { useEvent, useTransport } from '../bridge/bridge-context';
import type { TransportState } from '../bridge/renderer-bridge';

/** What the connection indicator shows. */
export interface CoreStatus {
  /** live: the core's heartbeat arrived recently; waiting: connected but not heard yet; lost: gone quiet or disconnected. */
  readonly core: 'live' | 'waiting' | 'lost';
  readonly transport: TransportState;
  /** The machine's network as the core last reported it. */
  readonly network: EventPayload<'app.heartbeat'>['connection'];
  readonly lastBeat: Date | undefined;
  /** The host's word on the core process: restarting after a crash, or given up after several. */
  readonly process: EventPayload<'core.status'>['state'];
}

// The core beats every 2 s; three missed beats mean it is gone, not merely busy.
const QUIET_MS = 6500;

/** Combines the transport state with the `app.heartbeat` stream. */
export function useCoreStatus(): CoreStatus {
  const transport = useTransport();
  const [beat, setBeat] = useState<{ at: Date; network: CoreStatus['network'] }>();
  const [now, setNow] = useState(() => Date.now());
  const [processState, setProcessState] = useState<CoreStatus['process']>('running');
  useEvent('app.heartbeat', (payload) => setBeat({ at: new Date(), network: payload.connection }));
  useEvent('core.status', (payload) => setProcessState(payload.state));
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const fresh = beat !== undefined && now - beat.at.getTime() < QUIET_MS;
  const core =
    transport !== 'open' || processState !== 'running' ? 'lost' : fresh ? 'live' : beat ? 'lost' : 'waiting';
  return { core, transport, network: beat?.network ?? 'unknown', lastBeat: beat?.at, process: processState };
}
