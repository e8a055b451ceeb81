import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KeychainStore } from '../../core/credentials/keychain-store';

// The real Secret Service (gnome-keyring on the private D-Bus that with-services.sh starts).
const run = promisify(execFile);

describe('KeychainStore on the real Secret Service', () => {
  const service = `Copper-test-${randomBytes(4).toString('hex')}`;

  it('keeps one token per API URL and email, and deletes it', async () => {
    const store = new KeychainStore({ service });
    const a = ['https://api.example.com', 'ada@example.com'] as const;
    const b = ['http://127.0.0.1:4000', 'ada@example.com'] as const;
    expect(await store.get(...a)).toBeNull();
    await store.set(...a, 'cps_token-a');
    await store.set(...b, 'cps_token-b');
    // A second instance (as after a restart) reads the same entries.
    const again = new KeychainStore({ service });
    expect(await again.get(...a)).toBe('cps_token-a');
    expect(await again.get(...b)).toBe('cps_token-b');
    await store.set(...a, 'cps_token-a2');
    expect(await again.get(...a)).toBe('cps_token-a2');
    expect(await again.delete(...a)).toBe(true);
    expect(await again.get(...a)).toBeNull();
    expect(await again.delete(...a)).toBe(false);
    expect(await store.get(...b)).toBe('cps_token-b');
    expect(await store.delete(...b)).toBe(true);
  });

  it('a different service name (another app) does not see the entry', async () => {
    const mine = new KeychainStore({ service });
    const other = new KeychainStore({ service: `${service}-other` });
    await mine.set('https://api.example.com', 'x@example.com', 'cps_mine');
    expect(await other.get('https://api.example.com', 'x@example.com')).toBeNull();
    await mine.delete('https://api.example.com', 'x@example.com');
  });

  it('throws keychain.unavailable in words when there is no Secret Service', async () => {
    // A fresh process whose session bus points nowhere, as on a Linux box without a keyring.
    const script = `
      import { KeychainStore } from './core/credentials/keychain-store';
      const s = new KeychainStore({ service: ${JSON.stringify(service)} });
      const out = {};
      for (const op of ['set', 'get', 'delete']) {
        try { op === 'set' ? await s.set('https://a.example', 'e@x', 'cps_never') : await s[op]('https://a.example', 'e@x'); out[op] = 'ok'; }
        catch (e) { out[op] = { code: e.code, retryable: e.retryable, message: e.message }; }
      }
      console.log(JSON.stringify(out));`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/copper-no-bus' },
    });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<
      string,
      { code: string; retryable: boolean; message: string }
    >;
    for (const op of ['set', 'get', 'delete']) {
      expect(out[op]).toMatchObject({ code: 'keychain.unavailable', retryable: false });
      expect(out[op]!.message).toMatch(/Secret Service|keychain/);
    }
    // Nothing was written to the real keychain under that name either.
    expect(await new KeychainStore({ service }).get('https://a.example', 'e@x')).toBeNull();
  });
});
