import { describe, expect, it } from 'vitest';
import { makeFile, multipartUploads, sha256File, sha256Object } from '../support/upload-helpers';
import { useQueueFixture } from '../support/queue-fixture';

const MiB = 1024 * 1024;

describe('queue connectivity', () => {
  const fx = useQueueFixture('offline', { proxy: true });

  it('goes waiting-for-network when the endpoint disappears and finishes by itself when it returns', async () => {
    const a = await makeFile(fx.dir, 'a.bin', 20 * MiB);
    const b = await makeFile(fx.dir, 'b.jpg', 1 * MiB);
    const queue = fx.queue({
      viaProxy: true,
      options: { fileConcurrency: 1, partConcurrency: 1, bandwidthLimit: 16 * MiB },
    });
    const connectivity: boolean[] = [];
    queue.on('connectivity', (c) => connectivity.push(c.online));
    const skipped: number[] = [];
    queue.on('part', (p) => {
      if (p.phase === 'skipped') skipped.push(p.partNumber);
    });
    const firstPart = new Promise<void>((resolve) => {
      const off = queue.on('part', (p) => {
        if (p.phase === 'done') {
          off();
          resolve();
        }
      });
    });
    const offline = new Promise<void>((resolve) => {
      const off = queue.on('connectivity', (c) => {
        if (!c.online) {
          off();
          resolve();
        }
      });
    });
    await queue.add([a, b]);
    queue.start();
    await firstPart;
    fx.proxy.setDown(true);
    await offline;
    expect(queue.list().map((e) => e.state)).toEqual(['waiting-for-network', 'waiting-for-network']);
    let idle = false;
    const idlePromise = queue.waitForIdle().then(() => {
      idle = true;
    });
    // Let the probe fail a few times against the dead endpoint.
    const refusedBefore = fx.proxy.stats.refused;
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (fx.proxy.stats.refused >= refusedBefore + 3) {
          clearInterval(t);
          resolve();
        }
      }, 50);
    });
    expect(idle).toBe(false);
    expect(queue.isOnline).toBe(false);
    fx.proxy.setDown(false);
    await idlePromise;
    expect(connectivity).toEqual([false, true]);
    expect(queue.list().map((e) => e.state)).toEqual(['done', 'done']);
    expect(skipped).toContain(1); // the part sent before the cut was not sent again
    expect(await sha256Object(fx.bucket, 'a.bin')).toBe(await sha256File(a));
    expect(await sha256Object(fx.bucket, 'b.jpg')).toBe(await sha256File(b));
    expect(await multipartUploads(fx.bucket)).toEqual([]);
  });

  it('stops on setOnline(false) and resumes on setOnline(true)', async () => {
    const a = await makeFile(fx.dir, 'a.bin', 12 * MiB);
    const queue = fx.queue({
      options: {
        partConcurrency: 1,
        bandwidthLimit: 16 * MiB,
        probeBaseDelayMs: 60_000,
        probeMaxDelayMs: 60_000,
      },
    });
    const firstPart = new Promise<void>((resolve) => {
      const off = queue.on('part', (p) => {
        if (p.phase === 'done') {
          off();
          resolve();
        }
      });
    });
    await queue.add([a]);
    queue.start();
    await firstPart;
    queue.setOnline(false);
    expect(queue.isOnline).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(queue.list()[0]?.state).toBe('waiting-for-network');
    queue.setOnline(true); // probes at once instead of after the (here: one minute) backoff
    await queue.waitForIdle();
    expect(queue.list()[0]?.state).toBe('done');
    expect(await sha256Object(fx.bucket, 'a.bin')).toBe(await sha256File(a));
  });
});
