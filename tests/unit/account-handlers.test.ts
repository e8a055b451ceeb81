import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../core/app-context';
import { dispatch } from '../../core/ipc/dispatch';
import { events } from '../../shared/ipc/contract';

// The account handlers through the same validating dispatcher every transport uses. Nothing
// here reaches the keychain: malformed payloads stop at the schema, and a fresh data folder
// has no saved profile to look a token up for.

const made: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const undo of made.splice(0).reverse()) await undo();
});

function context(): AppContext {
  const dir = mkdtempSync(join(tmpdir(), 'copper-account-'));
  const ctx = createAppContext({
    dataDir: join(dir, 'data'),
    host: 'cli',
    version: '1.0.0',
    heartbeatMs: 0,
    accountLog: { info: () => {}, warn: () => {} },
  });
  made.push(async () => {
    await ctx.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return ctx;
}

async function call(ctx: AppContext, name: string, payload: unknown) {
  const unexpected: string[] = [];
  const result = await dispatch(ctx.handlers, name, payload, (n) => unexpected.push(n));
  expect(unexpected).toEqual([]);
  return result;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  made.push(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('account.* payload validation', () => {
  it.each([
    ['a missing password', { apiUrl: 'https://api.example.com', email: 'a@b.c' }, 'password'],
    ['an empty password', { apiUrl: 'https://api.example.com', email: 'a@b.c', password: '' }, 'password'],
    ['a blank email', { apiUrl: 'https://api.example.com', email: '   ', password: 'pw' }, 'email'],
    [
      'an email longer than 320 characters',
      { apiUrl: 'https://api.example.com', email: `${'a'.repeat(320)}@b.c`, password: 'pw' },
      'email',
    ],
    [
      'a password longer than 1024 characters',
      { apiUrl: 'https://api.example.com', email: 'a@b.c', password: 'p'.repeat(1025) },
      'password',
    ],
    [
      'an API URL longer than 2048 characters',
      { apiUrl: `https://api.example.com/${'x'.repeat(2048)}`, email: 'a@b.c', password: 'pw' },
      'apiUrl',
    ],
    ['a number for the email', { apiUrl: 'https://api.example.com', email: 42, password: 'pw' }, 'email'],
  ])('refuses a sign-in with %s', async (_what, payload, field) => {
    const r = await call(context(), 'account.sign-in', payload);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('ipc.invalid-payload');
    expect(r.error.message).toContain(field);
  });

  it('refuses fields the contract does not declare (a renderer cannot smuggle a token in)', async () => {
    const ctx = context();
    for (const [name, payload] of [
      ['account.sign-in', { apiUrl: 'https://api.example.com', email: 'a@b.c', password: 'pw', token: 'x' }],
      ['account.check-api', { apiUrl: 'https://api.example.com', insecure: true }],
      ['account.state', { profile: {} }],
      ['account.sign-out', { everywhere: true }],
    ] as const) {
      const r = await call(ctx, name, payload);
      expect(r.ok ? 'accepted' : r.error.code, name).toBe('ipc.invalid-payload');
    }
  });

  it('explains an API address that is not https, or not an address at all, without touching the network', async () => {
    const ctx = context();
    const insecure = await call(ctx, 'account.check-api', { apiUrl: 'http://gallery.example.com' });
    expect(insecure.ok ? 'accepted' : insecure.error.code).toBe('api.url-insecure');
    const garbage = await call(ctx, 'account.check-api', { apiUrl: 'copper gallery' });
    expect(garbage.ok ? 'accepted' : garbage.error.code).toBe('api.url-invalid');
    const empty = await call(ctx, 'account.check-api', { apiUrl: '  ' });
    expect(empty.ok ? 'accepted' : empty.error.code).toBe('ipc.invalid-payload');
  });

  it('says when the address answers but is not a Copper API', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<h1>Welcome to nginx</h1>');
    });
    const r = await call(context(), 'account.check-api', { apiUrl: `${url}/` });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('api.not-copper');
    expect(r.error.message).toContain('not as a Copper API');
  });
});

describe('account state and events', () => {
  it('starts signed out on a fresh data folder, and sign-out there is harmless', async () => {
    const ctx = context();
    expect(await call(ctx, 'account.state', {})).toEqual({ ok: true, value: { status: 'signed-out' } });
    expect(await call(ctx, 'account.sign-out', {})).toEqual({ ok: true, value: { status: 'signed-out' } });
  });

  it('forwards session changes as account.changed until disposed', async () => {
    const ctx = context();
    await ctx.ready;
    const seen: unknown[] = [];
    ctx.hub.subscribe((name, payload) => {
      if (name === 'account.changed') seen.push(payload);
    });
    await ctx.session.signOut();
    expect(seen).toEqual([{ status: 'signed-out' }]);
    await ctx.dispose();
    await ctx.session.signOut();
    expect(seen).toHaveLength(1);
  });

  it('the account.changed schema carries a profile and a reason, and refuses anything else', () => {
    const profile = {
      apiUrl: 'https://api.example.com',
      email: 'a@b.c',
      role: 'artist',
      artistId: 'ada',
      displayName: 'Ada',
    } as const;
    const schema = events['account.changed'].payload;
    expect(schema.safeParse({ status: 'signed-in', profile }).success).toBe(true);
    expect(
      schema.safeParse({
        status: 'session-expired',
        profile,
        reason: { code: 'auth.session-expired', message: 'ended', retryable: false },
      }).success,
    ).toBe(true);
    expect(schema.safeParse({ status: 'signed-in', profile: { ...profile, token: 'secret' } }).success).toBe(
      false,
    );
    expect(schema.safeParse({ status: 'signed-in', profile, token: 'secret' }).success).toBe(false);
    expect(schema.safeParse({ status: 'signed-in', profile: { ...profile, role: 'admin' } }).success).toBe(
      false,
    );
  });
});
