/** A minimal typed event emitter whose `on` returns the unsubscribe (house rule: disposers). */
export class TypedEmitter<E extends { [K in keyof E]: unknown }> {
  private readonly listeners = new Map<keyof E, Set<(payload: never) => void>>();

  on<K extends keyof E>(name: K, fn: (payload: E[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(fn as (payload: never) => void);
    return () => {
      set.delete(fn as (payload: never) => void);
    };
  }

  emit<K extends keyof E>(name: K, payload: E[K]): void {
    for (const fn of [...(this.listeners.get(name) ?? [])]) {
      try {
        (fn as (p: E[K]) => void)(payload);
      } catch (err) {
        console.error(`copper: a '${String(name)}' listener threw`, err);
      }
    }
  }

  /** Whether anyone listens to `name` (an event nobody hears need not be built). */
  has(name: keyof E): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  /** How many listeners are attached (tests check nothing is left behind). */
  count(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}
