import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopperError } from '../../shared/errors';
import { classifyFailure } from '../../core/s3/s3-errors';
import {
  asWaitable,
  isCredentialFailure,
  SessionQueueProvider,
  SignedOutProvider,
} from '../../core/queue/queue-credentials';
import { TargetMemory } from '../../core/queue/target-memory';
import { watchNetwork } from '../../core/queue/network-feed';
import { ApiError } from '../../core/credentials/api-errors';
import type { BucketTarget, CredentialProvider } from '../../core/credentials/provider';

const target: BucketTarget = {
  bucket: 'gallery',
  region: 'eu-west-1',
  endpoint: 'https://s3.example.com',
  prefix: 'artists/ada/',
};
const ada = { apiUrl: 'https://api.example.com', email: 'ada@example.com' };
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'copper-qs-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.useRealTimers();
});

describe('the queue’s credential providers', () => {
  it('turns "cannot get a credential right now" into what the engine treats as a network outage', () => {
    const offline = new ApiError(
      'network.offline',
      'Can\u2019t reach the Copper API at https://api.example.com (ECONNREFUSED).',
      true,
    );
    const busy = new ApiError('api.unavailable', 'The Copper API is having trouble (HTTP 503).', true, {
      status: 503,
    });
    expect(classifyFailure(busy)).toBe('fatal'); // as is, a busy API would fail every file...
    for (const err of [offline, busy]) {
      const waitable = asWaitable(err);
      expect(waitable).toMatchObject({ code: 'credentials.unreachable', retryable: true });
      expect(classifyFailure(waitable)).toBe('network'); // ...wrapped, the queue waits and probes.
    }
    const ended = new CopperError('auth.session-expired', 'Your session has ended.', false);
    expect(asWaitable(ended)).toBe(ended);
    expect(isCredentialFailure('auth.session-expired')).toBe(true);
    expect(isCredentialFailure('credentials-refused')).toBe(true);
    expect(isCredentialFailure('file-vanished')).toBe(false);
  });

  it('answers the target from memory when the API cannot be asked, only for the same account', async () => {
    const memory = new TargetMemory(tempDir());
    let reachable = true;
    const inner: CredentialProvider = {
      get: async () => {
        throw new ApiError('network.offline', 'offline', true);
      },
      invalidate: () => {},
      target: async () => {
        if (!reachable) throw new ApiError('network.offline', 'offline', true);
        return target;
      },
    };
    const provider = new SessionQueueProvider(inner, memory, ada);
    await expect(provider.target()).resolves.toEqual(target);
    reachable = false;
    await expect(provider.target()).resolves.toEqual(target);
    await expect(
      new SessionQueueProvider(inner, memory, { ...ada, email: 'someone@example.com' }).target(),
    ).rejects.toMatchObject({ code: 'network.offline' });
    await expect(provider.get()).rejects.toMatchObject({ code: 'credentials.unreachable' });
  });

  it('while signed out: the remembered target for adding, never a credential', async () => {
    await expect(new SignedOutProvider(target).target()).resolves.toEqual(target);
    await expect(new SignedOutProvider(target).get()).rejects.toMatchObject({ code: 'auth.signed-out' });
    await expect(new SignedOutProvider(null).target()).rejects.toMatchObject({
      code: 'auth.signed-out',
      retryable: false,
    });
  });
});

describe('TargetMemory', () => {
  it('survives a restart, and treats a broken file as nothing remembered', () => {
    const dir = tempDir();
    new TargetMemory(dir).save(ada, target);
    expect(new TargetMemory(dir).load()).toEqual(target);
    expect(new TargetMemory(dir).load(ada)).toEqual(target);
    expect(new TargetMemory(dir).load({ ...ada, apiUrl: 'https://other.example.com' })).toBeNull();
    writeFileSync(join(dir, 'queue-target.json'), '{ not json');
    expect(new TargetMemory(dir).load()).toBeNull();
  });
});

describe('watchNetwork', () => {
  it('reports changes only: a first "offline" reading never stalls the queue', () => {
    vi.useFakeTimers();
    const readings = ['offline', 'offline', 'online', 'unknown', 'online', 'offline', 'online'] as const;
    let i = 0;
    const seen: boolean[] = [];
    const stop = watchNetwork(
      () => readings[Math.min(i++, readings.length - 1)]!,
      (online) => seen.push(online),
      10,
    );
    vi.advanceTimersByTime(10 * (readings.length + 2));
    stop();
    expect(seen).toEqual([true, false, true]);
    const after = seen.length;
    vi.advanceTimersByTime(100);
    expect(seen.length).toBe(after);
  });
});
