import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CopperError } from '../../shared/errors';
import { ApiClient, checkApi } from '../../core/credentials/api-client';
import type { ApiError } from '../../core/credentials/api-errors';
import { normalizeApiUrl } from '../../core/credentials/api-url';

// A local HTTP server standing in for the API's *wire behaviour* (status codes, headers,
// odd bodies) that the real API cannot be made to produce on demand. The real API is used
// in tests/integration/identity-*.test.ts.
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let server: Server;
let base: string;
const routes = new Map<string, Handler>();
const seen: { method: string; url: string; auth?: string; body: string }[] = [];

function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      const h = routes.get(`${req.method} ${req.url}`);
      if (h) h(req, res, body);
      else json(res, 404, { error: { code: 'not-found', message: 'no route' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CopperError);
  return err as ApiError;
}

const profile = { email: 'ada@example.com', role: 'artist', artistId: 'ada', displayName: 'Ada' };

describe('normalizeApiUrl', () => {
  it('accepts https and loopback http, trims trailing slashes', () => {
    expect(normalizeApiUrl(' https://api.example.com/ ')).toBe('https://api.example.com');
    expect(normalizeApiUrl('https://example.com/copper//')).toBe('https://example.com/copper');
    expect(normalizeApiUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(normalizeApiUrl('http://localhost:3000/')).toBe('http://localhost:3000');
    expect(normalizeApiUrl('http://[::1]:3000')).toBe('http://[::1]:3000');
  });
  it('refuses plain http to anything but loopback, and other schemes', () => {
    for (const bad of ['http://api.example.com', 'http://192.168.1.5:8080', 'http://127.0.0.1.evil.com']) {
      expect(() => normalizeApiUrl(bad)).toThrowError(expect.objectContaining({ code: 'api.url-insecure' }));
    }
    for (const bad of [
      'ftp://example.com',
      'not a url',
      'https://user:pw@example.com',
      'https://example.com/?x=1',
      '',
    ]) {
      expect(() => normalizeApiUrl(bad)).toThrowError(expect.objectContaining({ code: 'api.url-invalid' }));
    }
  });
});

describe('checkApi', () => {
  it('accepts a Copper API', async () => {
    routes.set('GET /healthz', (_q, res) =>
      json(res, 200, { ok: true, service: 'copper-api', version: '1.2.3' }),
    );
    await expect(checkApi(`${base}/`)).resolves.toEqual({ apiUrl: base, version: '1.2.3' });
  });
  it('says clearly when something else answers', async () => {
    routes.set('GET /healthz', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>hello</html>');
    });
    const err = await rejection(checkApi(base));
    expect(err.code).toBe('api.not-copper');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain(base);
    routes.set('GET /healthz', (_q, res) => json(res, 200, { ok: true, service: 'other' }));
    expect((await rejection(checkApi(base))).code).toBe('api.not-copper');
    routes.delete('GET /healthz');
    expect((await rejection(checkApi(base))).code).toBe('api.not-copper');
  });
  it('reads at most a small body: a huge answer (declared or streamed) is refused, not buffered', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    routes.set('GET /healthz', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length declared
      let sent = 0;
      const more = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once('drain', more);
        else res.end();
      };
      res.on('close', () => (sent = 200));
      more();
    });
    expect((await rejection(checkApi(base))).code).toBe('api.not-copper');
    routes.set('GET /healthz', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) });
      res.end();
    });
    const declared = await rejection(checkApi(base));
    expect(declared.code).toBe('api.not-copper');
    expect(declared.message).toContain('too large');
    routes.delete('GET /healthz');
  });
  it('does not follow redirects and names the target', async () => {
    routes.set('GET /healthz', (_q, res) => {
      res.writeHead(301, { location: 'https://elsewhere.example.com/healthz' });
      res.end();
    });
    const err = await rejection(checkApi(base));
    expect(err.code).toBe('api.not-copper');
    expect(err.message).toContain('elsewhere.example.com');
  });
  it('reports an unreachable API as offline and retryable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await rejection(checkApi(`http://127.0.0.1:${port}`));
    expect(err.code).toBe('network.offline');
    expect(err.retryable).toBe(true);
  });
  it('refuses an insecure URL before any request', async () => {
    const before = seen.length;
    expect((await rejection(checkApi('http://example.com'))).code).toBe('api.url-insecure');
    expect(seen.length).toBe(before);
  });
  it('times out a stalled API as retryable', async () => {
    routes.set('GET /healthz', () => {
      /* never answers */
    });
    const err = await rejection(new ApiClient(base, { timeoutMs: 200 }).health());
    expect(err.code).toBe('network.timeout');
    expect(err.retryable).toBe(true);
  });
});

describe('ApiClient', () => {
  const api = () => new ApiClient(base);

  it('signs in and sends the password only in the body', async () => {
    routes.set('POST /v1/sessions', (_q, res, body) => {
      const { email, password } = JSON.parse(body) as { email: string; password: string };
      if (email === 'ada@example.com' && password === 'pw-1')
        json(res, 201, { token: 'tok-1', expiresAt: new Date().toISOString(), profile });
      else json(res, 401, { error: { code: 'auth.invalid-credentials', message: 'nope' } });
    });
    const s = await api().createSession('ada@example.com', 'pw-1');
    expect(s.token).toBe('tok-1');
    expect(s.profile).toEqual(profile);
    expect(seen.at(-1)?.url).toBe('/v1/sessions');
    const err = await rejection(api().createSession('ada@example.com', 'wrong'));
    expect(err.code).toBe('auth.invalid-credentials');
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain('wrong');
  });

  it('maps 429 to rate-limited with Retry-After', async () => {
    routes.set('POST /v1/sessions', (_q, res) =>
      json(res, 429, { error: { code: 'auth.rate-limited', message: 'slow down' } }, { 'retry-after': '42' }),
    );
    const err = await rejection(api().createSession('ada@example.com', 'x'));
    expect(err.code).toBe('auth.rate-limited');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(42_000);
    expect(err.message).toContain('42 seconds');
  });

  it('maps 401 on an authenticated call to session-expired and sends the bearer token', async () => {
    routes.set('GET /v1/me', (req, res) => {
      if (req.headers.authorization === 'Bearer good') json(res, 200, { profile });
      else json(res, 401, { error: { code: 'auth.session-expired', message: 'gone' } });
    });
    await expect(api().me('good')).resolves.toEqual(profile);
    const err = await rejection(api().me('old'));
    expect(err.code).toBe('auth.session-expired');
    expect(err.retryable).toBe(false);
  });

  it('maps 5xx to a retryable api.unavailable and passes other Copper errors through', async () => {
    routes.set('POST /v1/credentials', (_q, res) => {
      res.writeHead(503);
      res.end('Application Error');
    });
    const err = await rejection(api().credentials('t'));
    expect(err.code).toBe('api.unavailable');
    expect(err.retryable).toBe(true);
    routes.set('POST /v1/presign', (_q, res) =>
      json(res, 400, { error: { code: 'request.invalid', message: 'key must be under your prefix' } }),
    );
    const err2 = await rejection(api().presign('t', { key: 'x' }));
    expect(err2.code).toBe('request.invalid');
    expect(err2.message).toBe('key must be under your prefix');
    expect(err2.retryable).toBe(false);
  });

  it('rejects a malformed success answer', async () => {
    routes.set('POST /v1/credentials', (_q, res) => json(res, 200, { accessKeyId: 'A' }));
    expect((await rejection(api().credentials('t'))).code).toBe('api.bad-response');
  });

  it('parses credentials and the server clock', async () => {
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    routes.set('POST /v1/credentials', (_q, res) =>
      json(res, 200, {
        accessKeyId: 'AK',
        secretAccessKey: 'SK',
        sessionToken: 'ST',
        expiration,
        bucket: 'b',
        region: 'us-east-1',
        endpoint: null,
        prefix: 'artists/ada/',
        role: 'artist',
      }),
    );
    const c = await api().credentials('t');
    expect(c).toMatchObject({ accessKeyId: 'AK', expiration, endpoint: null, prefix: 'artists/ada/' });
    expect(typeof c.serverTime).toBe('number');
  });

  it('revokes with DELETE and accepts 204', async () => {
    let revoked = '';
    routes.set('DELETE /v1/sessions/current', (req, res) => {
      revoked = req.headers.authorization ?? '';
      res.writeHead(204);
      res.end();
    });
    await api().deleteSession('tok-9');
    expect(revoked).toBe('Bearer tok-9');
  });
});
