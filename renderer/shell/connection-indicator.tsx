import { useCoreStatus } from './use-core-status';

function describe(status: ReturnType<typeof useCoreStatus>): {
  tone: 'ok' | 'warn' | 'bad' | 'idle';
  label: string;
  detail: string;
} {
  if (status.transport === 'refused')
    return { tone: 'bad', label: 'Not connected', detail: 'Open the link from start:web.' };
  if (status.transport === 'connecting')
    return { tone: 'idle', label: 'Connecting…', detail: 'Reaching Copper’s core.' };
  if (status.process === 'failed')
    return {
      tone: 'bad',
      label: 'Stopped',
      detail: 'Copper’s core keeps stopping: quit and open Copper again.',
    };
  if (status.process === 'restarting')
    return { tone: 'warn', label: 'Restarting…', detail: 'Copper’s core stopped and is starting again.' };
  if (status.core === 'lost')
    return { tone: 'bad', label: 'Reconnecting…', detail: 'Copper’s core stopped answering.' };
  if (status.core === 'waiting')
    return { tone: 'idle', label: 'Connected', detail: 'Waiting for the first heartbeat.' };
  if (status.network === 'offline')
    return { tone: 'warn', label: 'Offline', detail: 'Uploads wait until the network returns.' };
  return { tone: 'ok', label: 'Online', detail: 'Copper’s core is running.' };
}

/** The live dot in the sidebar footer, fed by the transport and the core's heartbeat. */
export function ConnectionIndicator() {
  const status = useCoreStatus();
  const { tone, label, detail } = describe(status);
  return (
    <div className="connection" data-tone={tone} data-testid="connection-indicator" title={detail}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">
        <span className="connection__label">{label}</span>
        <span className="connection__detail">{detail}</span>
      </span>
    </div>
  );
}
