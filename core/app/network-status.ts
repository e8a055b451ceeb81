import { networkInterfaces } from 'node:os';
import type { AppInfo } from '../../shared/models/app-info';

/** Whether this machine can reach a network; read on demand, never cached. */
export type NetworkStatus = () => AppInfo['connection'];

/**
 * A cheap first guess for hosts without a better signal (the web host, the CLI): a machine
 * with no non-internal interface address is certainly offline; one with an address may
 * still have no route, which the queue's own connectivity detection will find out.
 * Electron's main process passes `net.isOnline()` instead.
 */
export function interfaceNetworkStatus(list: typeof networkInterfaces = networkInterfaces): NetworkStatus {
  return () => {
    try {
      const all = Object.values(list()).flat();
      return all.some((a) => a && !a.internal) ? 'online' : 'offline';
    } catch {
      return 'unknown';
    }
  };
}
