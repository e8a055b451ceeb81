import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CredentialProvider, ScopedCredential, BucketTarget } from '../../core/credentials/provider';
import { type QueueEvents } from '../../core/upload/upload-queue';
import {
  adminProvider,
  makeFile,
  multipartUploads,
  sha256File,
  sha256Object,
  versionsOf,
} from '../support/upload-helpers';
import { useQueueFixture } from '../support/queue-fixture';

const MiB = 1024 * 1024;
const isPart = (method: string, url: string) => method === 'PUT' && url.includes('partNumber=');

describe('uploads through network faults', () => {
  const fx = useQueueFixture('faults', { proxy: true });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('completes byte-identical through resets, a stall, a throttle and injected 503s, with the retries in the events', async () => {
    const files = [
      await makeFile(fx.dir, 'in/big.bin', 16 * MiB + 7),
      await makeFile(fx.dir, 'in/mid.bin', 7 * MiB),
      await makeFile(fx.dir, 'in/small.jpg', 200 * 1024),
    ];
    fx.proxy.throttle(60 * MiB);
    fx.proxy.inject({ kind: 'reset', count: 2, afterBodyBytes: 1 * MiB, match: isPart });
    fx.proxy.inject({ kind: '503', count: 2, match: (m) => m === 'PUT' });
    fx.proxy.inject({ kind: 'stall', count: 1, afterBodyBytes: 256 * 1024, match: isPart });
    fx.proxy.inject({ kind: 'reset', count: 1, match: (m, u) => m === 'POST' && u.includes('uploadId=') }); // a Complete
    // Every fault here is expected and reported through the events: nothing goes to the console
    // (the SDK's own console noise is checked in a real process by upload-quiet.test.ts).
    const consoleWarn = vi.spyOn(console, 'warn');
    const consoleError = vi.spyOn(console, 'error');
    const queue = fx.queue({
      viaProxy: true,
    });
    const retries: QueueEvents['retry'][] = [];
    queue.on('retry', (r) => retries.push(r));
    const connectivity: boolean[] = [];
    queue.on('connectivity', ({ online }) => connectivity.push(online));
    await queue.add([join(fx.dir, 'in')]);
    queue.start();
    await queue.waitForIdle();

    expect(queue.list().map((e) => [e.key, e.state])).toEqual([
      ['in/big.bin', 'done'],
      ['in/mid.bin', 'done'],
      ['in/small.jpg', 'done'],
    ]);
    for (const [i, key] of ['in/big.bin', 'in/mid.bin', 'in/small.jpg'].entries()) {
      expect(await sha256Object(fx.bucket, key)).toBe(await sha256File(files[i]!));
      expect(await versionsOf(fx.bucket, key)).toHaveLength(1);
    }
    expect(fx.proxy.pendingFaults).toBe(0);
    expect(fx.proxy.stats).toMatchObject({ resets: 3, stalls: 1, injected503: 2 });
    // Printed on failure: once (under a loaded full suite) only 3 network retries were seen.
    const seen = `${retries.map((r) => `${r.operation}#${r.partNumber ?? '-'} ${r.kind} ${r.code}`).join('; ')}; online: ${connectivity.join(',')}`;
    expect(retries.filter((r) => r.kind === 'network').length, seen).toBeGreaterThanOrEqual(4);
    expect(retries.filter((r) => r.kind === 'server' && r.code === 'SlowDown')).toHaveLength(2);
    expect(retries.every((r) => r.path.startsWith(join(fx.dir, 'in')))).toBe(true);
    expect(await multipartUploads(fx.bucket)).toEqual([]);
    expect(consoleWarn).not.toHaveBeenCalled();
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('renews a credential that went stale mid-upload and carries on without starting over', async () => {
    const file = await makeFile(fx.dir, 'stale.bin', 26 * MiB);
    const provider = new StaleCredentialProvider(adminProvider(fx.bucket));
    const queue = fx.queue({
      credentials: provider,
      options: { partConcurrency: 2 },
    });
    const attempts = new Map<number, number>();
    const done = new Set<number>();
    const sentAgainAfterDone: number[] = [];
    const retries: QueueEvents['retry'][] = [];
    queue.on('retry', (r) => retries.push(r));
    queue.on('part', (p) => {
      if (p.phase === 'attempt') {
        attempts.set(p.partNumber, (attempts.get(p.partNumber) ?? 0) + 1);
        if (done.has(p.partNumber)) sentAgainAfterDone.push(p.partNumber);
      }
      if (p.phase === 'done') {
        done.add(p.partNumber);
        if (p.partNumber === 1) provider.goStale();
      }
    });
    await queue.add([file]);
    queue.start();
    await queue.waitForIdle();

    expect(queue.list()[0], JSON.stringify(queue.list()[0])).toMatchObject({
      state: 'done',
      reason: 'uploaded',
    });
    expect(provider.staleHandedOut).toBeGreaterThan(0);
    expect(provider.invalidations).toBeGreaterThanOrEqual(1);
    // Ceph cuts the connection of a part sent with a stale key (EPIPE) rather than answering
    // 403 to it, so the renewal shows as retries of the parts in flight.
    expect(
      retries.filter((r) => r.operation === 'UploadPart').length,
      JSON.stringify({ retries, attempts: [...attempts] }),
    ).toBeGreaterThanOrEqual(1);
    // Not started over: no part that S3 had taken (part 1 before the keys went stale, at least)
    // was sent again, and the others went at most a few times (failed tries + the retry). A
    // loaded machine may retry a part for its own reasons before it is done; that is no restart.
    const seen = JSON.stringify({ retries, attempts: [...attempts] });
    expect(sentAgainAfterDone, seen).toEqual([]);
    expect(done.size, seen).toBe(6);
    expect(Math.max(...attempts.values()), seen).toBeLessThanOrEqual(3);
    expect(attempts.size).toBe(6);
    expect(await versionsOf(fx.bucket, 'stale.bin')).toHaveLength(1);
    expect(await sha256Object(fx.bucket, 'stale.bin')).toBe(await sha256File(file));
  });
});

/**
 * A provider whose cached credential goes stale on the server's side without it knowing (as a
 * session credential does when it expires or is revoked): until `invalidate()`, it hands out
 * keys S3 rejects with InvalidAccessKeyId. Its expiry is near, so the SDK asks it on every
 * request, as it would for a credential about to expire.
 */
class StaleCredentialProvider implements CredentialProvider {
  stale = false;
  staleHandedOut = 0;
  invalidations = 0;
  constructor(private readonly inner: CredentialProvider) {}
  goStale(): void {
    this.stale = true;
  }
  async get(): Promise<ScopedCredential> {
    const expiration = new Date(Date.now() + 60_000);
    if (this.stale) {
      this.staleHandedOut++;
      return {
        accessKeyId: 'EXPIREDSESSIONKEY000',
        secretAccessKey: 'expired',
        sessionToken: 'expired',
        expiration,
      };
    }
    return { ...(await this.inner.get()), expiration };
  }
  invalidate(): void {
    this.invalidations++;
    this.stale = false;
  }
  target(): Promise<BucketTarget> {
    return this.inner.target();
  }
}
