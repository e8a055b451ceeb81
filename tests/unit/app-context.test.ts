import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../core/app-context';
import { interfaceNetworkStatus } from '../../core/app/network-status';
import { calls, events } from '../../shared/ipc/contract';

const made: Array<{ dir: string; context: AppContext }> = [];
afterEach(async () => {
  for (const { dir, context } of made.splice(0)) {
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

function make(heartbeatMs: number, connection: 'online' | 'offline' = 'offline') {
  const dir = mkdtempSync(join(tmpdir(), 'copper-ctx-'));
  const dataDir = join(dir, 'nested', 'data');
  const context = createAppContext({
    dataDir,
    host: 'cli',
    version: '3.4.5',
    platform: 'testos',
    heartbeatMs,
    network: () => connection,
    now: () => new Date('2030-05-06T07:08:09.000Z'),
  });
  made.push({ dir, context });
  return { context, dataDir };
}

describe('createAppContext', () => {
  it('creates the data folder and answers app.info and app.ping from it', async () => {
    const { context, dataDir } = make(0, 'offline');
    expect(existsSync(dataDir)).toBe(true);
    const info = await context.handlers['app.info']({});
    expect(info).toEqual({
      version: '3.4.5',
      dataDir,
      host: 'cli',
      connection: 'offline',
      platform: 'testos',
    });
    expect(await context.handlers['app.ping']({ echo: 'hi' })).toEqual({
      echo: 'hi',
      at: '2030-05-06T07:08:09.000Z',
    });
  });

  it('emits app.heartbeat payloads that satisfy the contract, and stops on dispose', async () => {
    const { context } = make(10, 'online');
    const beats: unknown[] = [];
    const unsubscribe = context.hub.subscribe((name, payload) => {
      if (name === 'app.heartbeat') beats.push(payload);
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(beats.length).toBeGreaterThan(0);
    for (const b of beats)
      expect(events['app.heartbeat'].payload.parse(b)).toEqual({
        at: '2030-05-06T07:08:09.000Z',
        connection: 'online',
      });
    await context.dispose();
    const after = beats.length;
    await new Promise((r) => setTimeout(r, 40));
    expect(beats.length).toBe(after);
    unsubscribe();
  });

  it('binds a handler for every call in the contract', () => {
    const { context } = make(0);
    expect(Object.keys(context.handlers).sort()).toEqual(Object.keys(calls).sort());
  });
});

describe('interfaceNetworkStatus', () => {
  it('is offline with only loopback, online with an external address, unknown when the OS will not say', () => {
    const loopback = {
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      family: 'IPv4',
      mac: '00:00:00:00:00:00',
      internal: true,
      cidr: '127.0.0.1/8',
    } as const;
    expect(interfaceNetworkStatus(() => ({ lo: [loopback] }))()).toBe('offline');
    expect(
      interfaceNetworkStatus(() => ({
        lo: [loopback],
        eth0: [{ ...loopback, address: '10.0.0.2', internal: false }],
      }))(),
    ).toBe('online');
    expect(
      interfaceNetworkStatus(() => {
        throw new Error('EPERM');
      })(),
    ).toBe('unknown');
  });
});
