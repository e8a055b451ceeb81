import { createAppContext, type AppContext, type AppContextOptions } from '../../core/app-context';
import { dispatch, type Handlers } from '../../core/ipc/dispatch';
import type { EventName } from '../../shared/ipc/contract';
import { fastTestOptions } from './upload-helpers';

/** One event as a test records it from the hub. */
export type Seen = { name: EventName; payload: unknown };

/**
 * Calls through the same validating dispatcher every transport uses (an app context or a
 * CoreClient); resolves with the value, rejects with the error shape's fields.
 */
export async function call<T = unknown>(
  target: { handlers: Handlers },
  name: string,
  payload: unknown,
): Promise<T> {
  const result = await dispatch(target.handlers, name, payload, (n, err) => {
    throw new Error(`${n} failed unexpectedly: ${String(err)}`);
  });
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

/** Resolves once `test()` holds (polled every 20 ms); rejects naming `what` after `timeoutMs`. */
export function until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const t = setInterval(() => {
      if (test()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(t);
        reject(new Error(`never saw ${what}`));
      }
    }, 20);
  });
}

/** What every test core starts with: the web host's name, no heartbeat, its own keychain service, the fast upload options. */
export function testCoreConfig(dataDir: string, keychainName = 'test') {
  return {
    dataDir,
    host: 'web',
    version: '0.0.0-test',
    heartbeatMs: 0,
    keychainService: `copper-${keychainName}-${Date.now()}`,
    uploadOptions: fastTestOptions,
  } as const;
}

/** An app context for a test in `dataDir` (testCoreConfig, a silent account log), with `extra` laid over it. */
export function testAppContext(dataDir: string, extra: Partial<AppContextOptions> = {}): AppContext {
  return createAppContext({
    ...testCoreConfig(dataDir),
    accountLog: { info: () => {}, warn: () => {} },
    ...extra,
  });
}
