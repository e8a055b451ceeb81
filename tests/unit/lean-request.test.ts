import { createServer, Agent as HttpAgent, type Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leanRequest, type LeanHttpConfig } from '../../core/s3/lean-request';

describe('the lean request path (the engine PUTs on the S3 client agents)', () => {
  let server: Server;
  let port: number;
  let config: LeanHttpConfig;
  const received: { path: string; body: string }[] = [];

  beforeEach(async () => {
    received.length = 0;
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString() });
        if (req.url?.startsWith('/stall')) return; // never answers
        res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { etag: '"abc"' });
        res.end(req.url?.startsWith('/missing') ? '<Error><Code>NoSuchKey</Code></Error>' : '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    config = {
      httpAgent: new HttpAgent({ keepAlive: true }),
      httpsAgent: new HttpsAgent({ keepAlive: true }),
      connectionTimeoutMs: 2_000,
      socketTimeoutMs: 300,
    };
  });
  afterEach(async () => {
    config.httpAgent.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const put = (path: string, body: Buffer | Readable, signal?: AbortSignal) =>
    leanRequest(
      config,
      {
        protocol: 'http:',
        hostname: '127.0.0.1',
        port,
        path,
        method: 'PUT',
        headers: { 'content-length': '5' },
        body,
      },
      signal,
    );

  it('sends a buffer or a stream and answers status, headers and body text, reusing the connection', async () => {
    const a = await put('/a?partNumber=1', Buffer.from('hello'));
    const b = await put('/missing', Readable.from([Buffer.from('he'), Buffer.from('llo')]));
    expect(a).toMatchObject({ statusCode: 200, text: '' });
    expect(a.headers.etag).toBe('"abc"');
    expect(b).toMatchObject({ statusCode: 404, text: '<Error><Code>NoSuchKey</Code></Error>' });
    expect(received).toEqual([
      { path: '/a?partNumber=1', body: 'hello' },
      { path: '/missing', body: 'hello' },
    ]);
  });

  it('fails a stalled request with a TimeoutError and an aborted one with an AbortError', async () => {
    await expect(put('/stall', Buffer.from('hello'))).rejects.toMatchObject({ name: 'TimeoutError' });
    const stop = new AbortController();
    const pending = put('/stall', Buffer.from('hello'), stop.signal);
    setTimeout(() => stop.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const already = new AbortController();
    already.abort();
    await expect(put('/a', Buffer.from('hello'), already.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('fails a connection that is refused with Node’s error code', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(
      leanRequest(config, {
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: free,
        path: '/',
        method: 'PUT',
        headers: {},
        body: Buffer.alloc(0),
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
