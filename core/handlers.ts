import type { Handlers } from './ipc/dispatch';
import { appHandlers, type AppHandlerDeps } from './app/app-handlers';
import { accountHandlers, type AccountHandlerDeps } from './account/account-handlers';
import { historyHandlers, type HistoryHandlerDeps } from './history/history-handlers';
import { queueHandlers } from './queue/queue-handlers';
import type { QueueService } from './queue/queue-service';
import { catalogHandlers } from './catalog/catalog-handlers';
import type { CatalogService } from './catalog/catalog-service';
import { preferencesHandlers, type PreferencesHandlerDeps } from './app/preferences-handlers';

/** Everything the handlers need; each domain adds its own services here. */
export interface HandlerDeps {
  readonly app: AppHandlerDeps;
  readonly account: AccountHandlerDeps;
  readonly history: HistoryHandlerDeps;
  readonly queue: QueueService;
  readonly catalog: CatalogService;
  readonly preferences: PreferencesHandlerDeps;
}

/**
 * The core's implementation of the whole contract, one spread per domain (`app.*` now;
 * `library.*`, `queue.*`, `history.*` as they land). The `Handlers` type makes a missing or
 * mistyped call a compile error, so the contract and the core cannot drift apart.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...appHandlers(deps.app),
    ...accountHandlers(deps.account),
    ...historyHandlers(deps.history),
    ...queueHandlers(deps.queue),
    ...catalogHandlers(deps.catalog),
    ...preferencesHandlers(deps.preferences),
  };
}
