import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AccountProfile, SessionState } from '../../shared/models/account';
import type { ApiCheck } from '../../shared/ipc/account-schemas';
import { useBridge, useEvent, useTransport } from '../bridge/bridge-context';
import { toCopperError } from '../bridge/bridge-error';

/** What the UI knows about the signed-in person (from `account.state` and `account.changed`). */
export interface AccountApi {
  /** Undefined until the core has answered (it first restores the saved session). */
  readonly state: SessionState | undefined;
  /** The last profile seen, kept after sign-out so the form can offer the same address and email. */
  readonly lastProfile: AccountProfile | undefined;
  checkApi(apiUrl: string): Promise<ApiCheck>;
  signIn(apiUrl: string, email: string, password: string): Promise<SessionState>;
  signOut(): Promise<SessionState>;
}

const AccountContext = createContext<AccountApi | null>(null);

/**
 * Holds the session state for every view: asks once when the transport opens (and again after
 * a reconnect), then follows `account.changed`. The calls reject with a CopperError in words.
 */
export function AccountProvider({ children }: { children: ReactNode }) {
  const bridge = useBridge();
  const transport = useTransport();
  const [state, setRaw] = useState<SessionState>();
  const [lastProfile, setLastProfile] = useState<AccountProfile>();
  const setState = useCallback((next: SessionState) => {
    setRaw(next);
    if (next.status !== 'signed-out') setLastProfile(next.profile);
  }, []);

  useEffect(() => {
    if (transport !== 'open') return;
    let live = true;
    bridge.invoke('account.state', {}).then(
      (s) => {
        if (live) setState(s);
      },
      // The transport will reopen and ask again; until then the state stays unknown.
      (err: unknown) => {
        if (live) console.warn('account.state failed', toCopperError(err).message);
      },
    );
    return () => {
      live = false;
    };
  }, [bridge, transport, setState]);
  useEvent('account.changed', setState);

  const checkApi = useCallback((apiUrl: string) => bridge.invoke('account.check-api', { apiUrl }), [bridge]);
  const signIn = useCallback(
    async (apiUrl: string, email: string, password: string) => {
      const next = await bridge.invoke('account.sign-in', { apiUrl, email, password });
      setState(next);
      return next;
    },
    [bridge, setState],
  );
  const signOut = useCallback(async () => {
    try {
      const next = await bridge.invoke('account.sign-out', {});
      setState(next);
      return next;
    } catch (err) {
      // Sign-out clears the local session even when the keychain complains; show what is true now.
      void bridge.invoke('account.state', {}).then(setState, () => {});
      throw err;
    }
  }, [bridge, setState]);

  const value = useMemo<AccountApi>(
    () => ({ state, lastProfile, checkApi, signIn, signOut }),
    [state, lastProfile, checkApi, signIn, signOut],
  );
  return <AccountContext.Provider value={value}>{children}</AccountContext.Provider>;
}

/** The account of the nearest AccountProvider. */
export function useAccount(): AccountApi {
  const account = useContext(AccountContext);
  if (!account) throw new Error('useAccount needs an AccountProvider above it');
  return account;
}
