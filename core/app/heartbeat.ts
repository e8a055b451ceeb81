import type { EventHub } from '../ipc/event-hub';
import type { NetworkStatus } from './network-status';

export interface HeartbeatOptions {
  readonly hub: EventHub;
  readonly network: NetworkStatus;
  readonly intervalMs: number;
  readonly now?: () => Date;
}

/**
 * Emits `app.heartbeat` at a fixed interval so every window can show that the core is alive
 * and whether the machine is online: a renderer that stops hearing it knows its transport
 * dropped. Returns the disposer that stops the timer.
 */
export function startHeartbeat({
  hub,
  network,
  intervalMs,
  now = () => new Date(),
}: HeartbeatOptions): () => void {
  const beat = () => hub.emit('app.heartbeat', { at: now().toISOString(), connection: network() });
  const timer = setInterval(beat, intervalMs);
  // The heartbeat alone must never keep a CLI or test process alive.
  timer.unref?.();
  return () => clearInterval(timer);
}
