import type { Handlers } from '../ipc/dispatch';
import type { AppInfo } from '../../shared/models/app-info';
import type { NetworkStatus } from './network-status';
import { CopperError } from '../../shared/errors';

export interface AppHandlerDeps {
  readonly version: string;
  readonly dataDir: string;
  readonly host: AppInfo['host'];
  readonly platform: string;
  readonly network: NetworkStatus;
  readonly now: () => Date;
}

/** The `app.*` calls: who is running and whether it answers. */
export function appHandlers(
  deps: AppHandlerDeps,
): Pick<Handlers, 'app.info' | 'app.ping' | 'dialog.pick-paths'> {
  return {
    'app.info': async () => ({
      version: deps.version,
      dataDir: deps.dataDir,
      host: deps.host,
      connection: deps.network(),
      platform: deps.platform,
    }),
    'app.ping': async ({ echo }) => ({ echo, at: deps.now().toISOString() }),
    // The OS dialog lives in Electron's main process, which answers this call itself before
    // it would reach the core; every other host has no dialog to show.
    'dialog.pick-paths': async () => {
      throw new CopperError(
        'dialog.unsupported',
        'This version of Copper cannot open a file dialog: type or paste the path instead.',
      );
    },
  };
}
