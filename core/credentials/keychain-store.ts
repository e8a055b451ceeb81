import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { CopperError } from '../../shared/errors';

/** Where session tokens live. The only implementation is the OS keychain: there is no fallback. */
export interface TokenStore {
  get(apiUrl: string, email: string): Promise<string | null>;
  set(apiUrl: string, email: string, token: string): Promise<void>;
  /** Resolves true when a token was there and is now gone. */
  delete(apiUrl: string, email: string): Promise<boolean>;
}

export interface KeychainStoreOptions {
  /** The keychain "service" name; one per app so the desktop and the CLI share sign-ins. Default 'Copper'. */
  readonly service?: string;
}

const UNAVAILABLE_LINUX =
  'Copper keeps your sign-in in the system keychain, and none is available. ' +
  'On Linux, install and start a Secret Service (GNOME Keyring or KWallet) and unlock it, then sign in again. ' +
  'Copper never stores your session anywhere else.';
const UNAVAILABLE_OTHER =
  'Copper keeps your sign-in in the system keychain, and it could not be used (it may be locked). ' +
  'Unlock your keychain and sign in again. Copper never stores your session anywhere else.';

/**
 * The session token in the OS keychain through @napi-rs/keyring, one entry per API URL and
 * email (account `${apiUrl}|${email}`). When the keychain cannot be used, every method
 * throws `keychain.unavailable` with what to do — it never writes the token anywhere else.
 */
export class KeychainStore implements TokenStore {
  private readonly service: string;

  constructor(options: KeychainStoreOptions = {}) {
    this.service = options.service ?? 'Copper';
  }

  async get(apiUrl: string, email: string): Promise<string | null> {
    return this.guard(() => this.entry(apiUrl, email).getPassword());
  }

  async set(apiUrl: string, email: string, token: string): Promise<void> {
    await this.guard(() => this.entry(apiUrl, email).setPassword(token));
  }

  async delete(apiUrl: string, email: string): Promise<boolean> {
    return this.guard(() => this.entry(apiUrl, email).deleteCredential());
  }

  private entry(apiUrl: string, email: string): AsyncEntry {
    // Pin the Secret Service on Linux: the kernel keyutils store forgets everything at logout,
    // which would look like a random sign-out.
    const options: EntryOptions | undefined =
      process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
    return new AsyncEntry(this.service, `${apiUrl}|${email}`, options);
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new CopperError(
        'keychain.unavailable',
        process.platform === 'linux' ? UNAVAILABLE_LINUX : UNAVAILABLE_OTHER,
        false,
        { cause: describe(err) },
      );
    }
  }
}

// Keep only the keyring's message as the cause: it names the platform failure and never the token.
function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
