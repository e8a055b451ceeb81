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

type DesktopOnly = 'dialog.pick-paths' | 'desktop.preferences' | 'desktop.set-preferences';

/** The `app.*` calls: who is running and whether it answers. */
export function appHandlers(deps: AppHandlerDeps): Pick<Handlers, 'app.info' | 'app.ping' | DesktopOnly> {
  const desktopOnly = async (): Promise<never> => {
    throw new CopperError(
      'dialog.unsupported',
      'Only the Copper desktop app can do this: here, type or paste the path instead.',
    );
  };
  return {
    'app.info': async () => ({
      version: deps.version,
      dataDir: deps.dataDir,
      host: deps.host,
      connection: deps.network(),
      platform: deps.platform,
    }),
    'app.ping': async ({ echo }) => ({ echo, at: deps.now().toISOString() }),
    // The OS dialog and the desktop's preferences live in Electron's main process, which
    // answers these calls itself before they would reach the core; other hosts have neither.
    'dialog.pick-paths': desktopOnly,
    'desktop.preferences': desktopOnly,
    'desktop.set-preferences': desktopOnly,
  };
}
