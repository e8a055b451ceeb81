import type { EventName, EventPayload } from '../../shared/ipc/contract';

type AnyListener = (name: EventName, payload: unknown) => void;

/**
 * Core→renderer events. Services emit; each transport subscribes once and forwards.
 * Every subscription returns its disposer.
 */
export class EventHub {
  private readonly listeners = new Set<AnyListener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const l of [...this.listeners]) l(name, payload);
  }

  /** Receives every event; returns the unsubscribe. */
  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get size(): number {
    return this.listeners.size;
  }
}
