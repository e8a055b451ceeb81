import { CopperError } from '../../shared/errors';

/** Every file done (or nothing to do). */
export const EXIT_OK = 0;
/** Some work failed: each failure is named on stderr with its reason. */
export const EXIT_FAILED = 1;
/** The command line or the configuration is wrong: nothing was attempted. */
export const EXIT_USAGE = 2;

/** A wrong command line: exit code 2 with `message` and a hint to `copper help`. */
export function usageError(message: string): CopperError {
  return new CopperError('cli.usage', message);
}

/** Missing or contradictory configuration (environment, sign-in): exit code 2. */
export function configError(message: string, cause?: unknown): CopperError {
  return new CopperError('cli.config', message, false, cause === undefined ? undefined : { cause });
}

/** Error codes that mean "fix how you call me", not "the work failed". */
export function isUsageOrConfig(code: string): boolean {
  return (
    code === 'cli.usage' ||
    code === 'cli.config' ||
    code === 'invalid-expiry' ||
    code === 'config.storage-prices' ||
    code.startsWith('auth.signed-out') ||
    code === 'auth.session-expired' ||
    code === 'keychain.unavailable' ||
    // Another process (the desktop app) runs this profile's queue: nothing was attempted.
    code === 'queue.locked'
  );
}
