import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createAppContext, type AppContext } from '../../core/app-context';
import { startWebHost, type WebHost } from '../../hosts/web/web-host';

// The web host's guard, driven with a real WebSocket client (no browser), the way a
// hostile local process or a foreign web page would try it.
let dir: string;
let context: AppContext;
let host: WebHost;
/** The core's own listeners (the log's), there before any socket. */
let ownListeners = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'copper-web-host-'));
  const staticDir = join(dir, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Copper</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder');
  context = createAppContext({ dataDir: join(dir, 'data'), host: 'web', version: '9.9.9', heartbeatMs: 50 });
  ownListeners = context.hub.size;
  host = await startWebHost({ handlers: context.handlers, hub: context.hub, staticDir });
});

afterAll(async () => {
  await host?.close();
  await context?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const socketUrl = (token?: string) =>
  `${host.origin.replace('http:', 'ws:')}/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

/** Resolves with the HTTP status of a refused handshake, or 101 when the socket opened. */
function handshake(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ status: 101, socket: ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

function httpGet(
  path: string,
  hostHeader?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: hostHeader ? { host: hostHeader } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the web host', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying this run’s token', () => {
    expect(new URL(host.origin).hostname).toBe('127.0.0.1');
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses a WebSocket without the token', async () => {
    expect((await handshake(socketUrl(), { origin: host.origin })).status).toBe(401);
  });

  it('refuses a WebSocket with a wrong token', async () => {
    expect((await handshake(socketUrl(`${host.token.slice(0, -2)}xx`), { origin: host.origin })).status).toBe(
      401,
    );
  });

  it('refuses a WebSocket from a foreign Origin even with the right token', async () => {
    expect((await handshake(socketUrl(host.token), { origin: 'https://evil.example' })).status).toBe(403);
    expect((await handshake(socketUrl(host.token), { origin: 'http://localhost:1' })).status).toBe(403);
    expect((await handshake(socketUrl(host.token), {})).status).toBe(403);
  });

  it('refuses a request whose Host is not its own (DNS rebinding)', async () => {
    expect((await httpGet('/', 'evil.example')).status).toBe(421);
    const { port } = new URL(host.origin);
    expect(
      (await handshake(socketUrl(host.token), { origin: host.origin, host: `localhost:${port}` })).status,
    ).toBe(421);
  });

  it('serves the renderer with its CSP, and nothing outside the renderer folder', async () => {
    const index = await httpGet('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Copper</title>');
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(index.headers['content-security-policy'])).toContain(
      `connect-src 'self' ${host.origin.replace('http:', 'ws:')}`,
    );
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt']) {
      const res = await httpGet(path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('outside the renderer folder');
    }
  });

  it('carries the contract for our own page: calls, validation errors and events', async () => {
    const { status, socket } = await handshake(socketUrl(host.token), { origin: host.origin });
    expect(status).toBe(101);
    const ws = socket!;
    const frames: Array<Record<string, unknown>> = [];
    const waitFor = (pred: (f: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const found = frames.find(pred);
        if (found) return resolve(found);
        const on = (data: WebSocket.RawData) => {
          const f = JSON.parse(data.toString()) as Record<string, unknown>;
          if (pred(f)) {
            ws.off('message', on);
            resolve(f);
          }
        };
        ws.on('message', on);
      });
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));

    ws.send(JSON.stringify({ id: 1, name: 'app.info', payload: {} }));
    expect(await waitFor((f) => f.id === 1)).toMatchObject({
      ok: true,
      value: { version: '9.9.9', host: 'web', dataDir: join(dir, 'data') },
    });

    ws.send(JSON.stringify({ id: 2, name: 'app.ping', payload: { echo: 7 } }));
    expect(await waitFor((f) => f.id === 2)).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalid-payload', retryable: false },
    });

    ws.send(JSON.stringify({ id: 3, name: 'shell.exec', payload: {} }));
    expect(await waitFor((f) => f.id === 3)).toMatchObject({
      ok: false,
      error: { code: 'ipc.unknown-call' },
    });

    const beat = await waitFor((f) => f.event === 'app.heartbeat');
    expect(beat.payload).toMatchObject({ connection: expect.stringMatching(/^(online|offline|unknown)$/) });

    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1008);
  });

  it('leaves no event subscription behind once its sockets close', async () => {
    await new Promise((r) => setTimeout(r, 50));
    expect(context.hub.size).toBe(ownListeners);
  });
});
