import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionState } from '../../shared/models/account';
import { createAccountServices, type AccountServices } from '../../core/account/account-services';
import { KeychainStore } from '../../core/credentials/keychain-store';
import { EventHub } from '../../core/ipc/event-hub';
import { freshBucket, testServices } from '../support/services';
import { startTestApi, type TestApi } from './identity-api';

// The account wiring the app context uses, against the real API (PostgreSQL + RGW STS) and the
// real Secret Service: offline start, the background check that finds a revoked session once
// the API answers again, the credential provider it exposes, and the events on the hub.

const keychainService = `Copper-test-${randomBytes(4).toString('hex')}`;
const user = {
  email: `lin-${randomBytes(3).toString('hex')}@example.com`,
  password: 'a long enough password',
  role: 'artist' as const,
  artistId: 'lin',
  displayName: 'Lin Baptiste',
};
const silent = { info: () => {}, warn: () => {} };
let api: TestApi;
let dataDir: string;
const open: AccountServices[] = [];

function start(hub = new EventHub(), verifyRetryMs = 50): AccountServices {
  const account = createAccountServices({ dataDir, hub, keychainService, verifyRetryMs, log: silent });
  open.push(account);
  return account;
}

function nextState(hub: EventHub, status: SessionState['status']): Promise<SessionState> {
  return new Promise((resolve) => {
    const stop = hub.subscribe((name, payload) => {
      if (name === 'account.changed' && (payload as SessionState).status === status) {
        stop();
        resolve(payload as SessionState);
      }
    });
  });
}

beforeAll(async () => {
  api = await startTestApi({ services: testServices(), bucket: await freshBucket('account'), logs: [] });
  await api.createUser(user);
  dataDir = await mkdtemp(join(tmpdir(), 'copper-account-services-'));
});

afterAll(async () => {
  for (const a of open) await a.dispose();
  await new KeychainStore({ service: keychainService }).delete(api.url, user.email).catch(() => false);
  await api?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the account services of the app context', () => {
  it('emits account.changed on sign-in and hands out scoped S3 credentials for the session', async () => {
    const hub = new EventHub();
    const account = start(hub);
    await account.ready;
    expect(account.session.getState()).toEqual({ status: 'signed-out' });
    const signedIn = nextState(hub, 'signed-in');
    await account.session.signIn(api.url, user.email, user.password);
    expect(await signedIn).toMatchObject({
      status: 'signed-in',
      profile: { email: user.email, role: 'artist', artistId: 'lin' },
    });
    const credential = await account.credentials.get();
    expect(credential.sessionToken).toBeTruthy();
    expect((await account.credentials.target()).prefix).toBe('artists/lin/');
    await account.dispose();
  });

  it('opens signed in with the API unreachable, and notices the session ended once it answers', async () => {
    await api.close();
    const hub = new EventHub();
    const account = start(hub);
    await account.ready;
    // Offline start: the keychain and the profile file are enough.
    expect(account.session.getState()).toMatchObject({ status: 'signed-in', profile: { email: user.email } });
    await expect(account.credentials.get()).rejects.toMatchObject({
      code: 'network.offline',
      retryable: true,
    });
    expect(account.session.getState().status).toBe('signed-in');

    // Meanwhile the session ends at the API; the background check finds out when it is back.
    await api.expireSessions(user.email);
    const expired = nextState(hub, 'session-expired');
    await api.reopen();
    expect(await expired).toMatchObject({
      status: 'session-expired',
      profile: { email: user.email },
      reason: { code: 'auth.session-expired' },
    });
    // The dead token is gone from the keychain; the profile stays for the sign-in form.
    expect(await new KeychainStore({ service: keychainService }).get(api.url, user.email)).toBeNull();
    await account.dispose();
    const again = start(new EventHub(), 0);
    await again.ready;
    expect(again.session.getState()).toMatchObject({
      status: 'session-expired',
      profile: { email: user.email },
    });
  });

  it('stops forwarding and checking once disposed', async () => {
    const hub = new EventHub();
    const account = start(hub);
    await account.ready;
    await account.dispose();
    const seen: string[] = [];
    hub.subscribe((name) => seen.push(name));
    await account.session.signOut();
    expect(seen).toEqual([]);
    expect(account.session.getState()).toEqual({ status: 'signed-out' });
  });
});
