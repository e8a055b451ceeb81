import type { SessionState } from '../../shared/models/account';

/**
 * The signed-in session as the services bound to it see it: the state now, and a subscription
 * (returns its disposer). SessionService implements it; the queue and history services take it.
 */
export interface SessionSource {
  getState(): SessionState;
  onState(listener: (state: SessionState) => void): () => void;
}
