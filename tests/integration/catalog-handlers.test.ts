import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../shared/ipc/contract';
import { CatalogService } from '../../core/catalog/catalog-service';
import { catalogHandlers, forwardCatalogEvents } from '../../core/catalog/catalog-handlers';
import { EventHub } from '../../core/ipc/event-hub';
import { dispatch, type Handlers } from '../../core/ipc/dispatch';
import { startWebHost, type WebHost } from '../../hosts/web/web-host';
import type { CatalogItem } from '../../shared/models/catalog';
import { makeCatalogFixtures, type CatalogFixtures } from './catalog-fixtures';

let dir: string;
let fx: CatalogFixtures;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'copper-catalog-h-'));
  fx = await makeCatalogFixtures(join(dir, 'in'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fail = (name: string, err: unknown) => {
  throw new Error(`${name}: ${String(err)}`);
};

describe('catalog handlers and events', () => {
  it('scans through the contract and sends batches whose payloads match the contract, then done', async () => {
    const catalog = new CatalogService({ cacheDir: join(dir, 'cache-1'), concurrency: 2 });
    const hub = new EventHub();
    const sent: Array<{ name: string; payload: unknown }> = [];
    hub.subscribe((name, payload) => sent.push({ name, payload }));
    // A long interval: everything found and read lands in the one batch that `done` flushes.
    const stop = forwardCatalogEvents(catalog, hub, 60_000);
    const handlers = catalogHandlers(catalog) as Handlers;

    const bad = await dispatch(handlers, 'catalog.scan', { paths: ['relative/folder'] }, fail);
    expect(bad).toMatchObject({ ok: false, error: { code: 'ipc.invalid-payload' } });

    const started = await dispatch(handlers, 'catalog.scan', { paths: [fx.root] }, fail);
    if (!started.ok) throw new Error(started.error.message);
    const { scanId } = started.value as { scanId: string };
    await expect.poll(() => sent.some((e) => e.name === 'catalog.done'), { timeout: 30_000 }).toBe(true);

    expect(sent.map((e) => e.name)).toEqual(['catalog.items', 'catalog.done']);
    for (const e of sent) events[e.name as 'catalog.items' | 'catalog.done'].payload.parse(e.payload);
    const batch = sent[0]!.payload as { scanId: string; items: CatalogItem[] };
    expect(batch.scanId).toBe(scanId);
    // Each file once, in its final state (found-then-read collapsed into one entry).
    expect(batch.items.map((i) => i.path).sort()).toEqual(
      [...new Set(batch.items.map((i) => i.path))].sort(),
    );
    expect(batch.items).toHaveLength(9);
    expect(batch.items.filter((i) => i.state === 'pending')).toEqual([]);
    expect(sent[1]!.payload).toMatchObject({ scanId, cancelled: false, counts: { found: 9, failed: 3 } });

    const listed = await dispatch(handlers, 'catalog.list', {}, fail);
    expect(listed.ok && (listed.value as CatalogItem[]).length).toBe(9);
    const cancelled = await dispatch(handlers, 'catalog.cancel', { scanId }, fail);
    expect(cancelled).toEqual({ ok: true, value: { cancelled: false } });
    stop();
    await catalog.dispose();
  });
});

function get(
  host: WebHost,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type?: string; body: Buffer }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the web host’s /thumb/ route', () => {
  it('serves a cached thumbnail by id with the run’s token, and nothing else', async () => {
    const catalog = new CatalogService({ cacheDir: join(dir, 'cache-2'), concurrency: 2 });
    await catalog.scan([fx.plainJpeg]).done;
    const id = catalog.list()[0]!.thumbnail!;
    const host = await startWebHost({
      handlers: {} as Handlers,
      hub: new EventHub(),
      staticDir: join(dir, 'no-renderer'),
      thumbnails: (i) => catalog.readThumbnail(i),
    });
    try {
      const ok = await get(host, `/thumb/${id}?token=${encodeURIComponent(host.token)}`);
      expect(ok.status).toBe(200);
      expect(ok.type).toBe('image/webp');
      expect((await sharp(ok.body).metadata()).format).toBe('webp');

      expect((await get(host, `/thumb/${id}`)).status).toBe(401);
      expect((await get(host, `/thumb/${id}?token=wrong`)).status).toBe(401);
      expect(
        (await get(host, `/thumb/${id}?token=${encodeURIComponent(host.token)}`, { host: 'evil.example:80' }))
          .status,
      ).toBe(421);
      for (const path of [
        `/thumb/${'0'.repeat(40)}`,
        '/thumb/..%2F..%2Fetc%2Fpasswd',
        `/thumb/${id}.json`,
        `/thumb/../${id}`,
      ]) {
        const sep = path.includes('?') ? '&' : '?';
        expect((await get(host, `${path}${sep}token=${encodeURIComponent(host.token)}`)).status, path).toBe(
          404,
        );
      }
    } finally {
      await host.close();
      await catalog.dispose();
    }
  });
});
