import net from 'node:net';

/** One planned fault: applies to the next `count` HTTP requests that `match`. */
export interface FaultSpec {
  readonly kind: 'reset' | 'stall' | '503';
  count: number;
  /** Bytes of the request body forwarded before a reset/stall (default 0: right after the head). */
  readonly afterBodyBytes?: number;
  /** Which requests (default all), e.g. `(m, url) => m === 'PUT' && url.includes('partNumber=')`. */
  readonly match?: (method: string, url: string) => boolean;
}

/** What the proxy did, for the test to check that the faults really happened. */
export interface FaultStats {
  connections: number;
  requests: number;
  resets: number;
  stalls: number;
  injected503: number;
  refused: number;
}

/**
 * A small TCP proxy on 127.0.0.1 in front of the S3 server, HTTP-aware enough to count
 * requests: it can reset or stall a request's connection part-way through its body, answer
 * with a 503 SlowDown instead of forwarding, throttle uploads, or cut everything (the
 * endpoint "disappears") and come back. Real sockets, real failures: nothing is mocked.
 */
export class FaultProxy {
  readonly stats: FaultStats = {
    connections: 0,
    requests: 0,
    resets: 0,
    stalls: 0,
    injected503: 0,
    refused: 0,
  };
  /** Called with every request's method and URL as it passes (e.g. to count UploadParts). */
  onRequest: ((method: string, url: string) => void) | undefined;
  private readonly faults: FaultSpec[] = [];
  private readonly sockets = new Set<net.Socket>();
  private down = false;
  private bytesPerSecond: number | undefined;

  private constructor(
    private readonly server: net.Server,
    private readonly upstream: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.handle(client));
  }

  /** Starts a proxy for `targetUrl` (http://host:port) on a free port of 127.0.0.1. */
  static async start(targetUrl: string): Promise<FaultProxy> {
    const u = new URL(targetUrl);
    const server = net.createServer();
    const proxy = new FaultProxy(server, { host: u.hostname, port: Number(u.port || 80) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The endpoint to give the S3 client. */
  get url(): string {
    const a = this.server.address() as net.AddressInfo;
    return `http://127.0.0.1:${a.port}`;
  }

  /** Plans a fault for the next `count` matching requests. */
  inject(spec: FaultSpec): void {
    this.faults.push({ ...spec });
  }

  /** Faults planned but not yet used. */
  get pendingFaults(): number {
    return this.faults.reduce((a, f) => a + f.count, 0);
  }

  /** Paces client→server bytes (undefined: full speed). */
  throttle(bytesPerSecond: number | undefined): void {
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Down: every open connection is reset and new ones are reset on arrival. Up: normal again. */
  setDown(down: boolean): void {
    this.down = down;
    if (down) for (const s of this.sockets) s.resetAndDestroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(method: string, url: string): FaultSpec | undefined {
    const f = this.faults.find((x) => x.count > 0 && (!x.match || x.match(method, url)));
    if (!f) return undefined;
    f.count--;
    if (f.count === 0) this.faults.splice(this.faults.indexOf(f), 1);
    return f;
  }

  private handle(client: net.Socket): void {
    this.stats.connections++;
    if (this.down) {
      this.stats.refused++;
      client.resetAndDestroy();
      return;
    }
    this.sockets.add(client);
    const upstream = net.connect(this.upstream.port, this.upstream.host);
    this.sockets.add(upstream);
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      this.sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', kill);
    upstream.on('error', kill);
    upstream.on('data', (d) => {
      if (!stalled) client.write(d);
    });

    let head = Buffer.alloc(0);
    let bodyLeft = 0; // bytes of the current request's body still to come
    let fault: FaultSpec | undefined;
    let forwardedBody = 0;
    let swallowing = false; // answering a 503 ourselves: drop the body
    let stalled = false;

    const forward = async (chunk: Buffer): Promise<void> => {
      if (!this.bytesPerSecond) {
        upstream.write(chunk);
        return;
      }
      for (let i = 0; i < chunk.length; i += 16 * 1024) {
        const piece = chunk.subarray(i, i + 16 * 1024);
        await new Promise((r) => setTimeout(r, (piece.length / this.bytesPerSecond!) * 1000));
        if (client.destroyed) return;
        upstream.write(piece);
      }
    };

    const answer503 = () => {
      this.stats.injected503++;
      const body =
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Injected by the fault proxy</Message></Error>';
      client.end(
        `HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      upstream.destroy();
    };

    const process = async (data: Buffer): Promise<void> => {
      while (data.length > 0) {
        if (stalled) return;
        if (bodyLeft > 0) {
          const take = Math.min(bodyLeft, data.length);
          let piece = data.subarray(0, take);
          data = data.subarray(take);
          bodyLeft -= take;
          if (swallowing) {
            if (bodyLeft === 0) answer503();
            continue;
          }
          if (fault && (fault.kind === 'reset' || fault.kind === 'stall')) {
            const allowed = (fault.afterBodyBytes ?? 0) - forwardedBody;
            if (piece.length >= allowed) {
              piece = piece.subarray(0, Math.max(0, allowed));
              if (piece.length) await forward(piece);
              return this.trip(fault, client, upstream, () => {
                stalled = true;
              });
            }
          }
          forwardedBody += piece.length;
          await forward(piece);
          continue;
        }
        head = Buffer.concat([head, data]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headText = head.subarray(0, end).toString('latin1');
        data = head.subarray(end + 4);
        head = Buffer.alloc(0);
        const [method = '', url = ''] = headText.split(' ');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(headText)?.[1] ?? 0);
        const expectContinue = /\r\nexpect:\s*100-continue/i.test(headText);
        this.stats.requests++;
        this.onRequest?.(method, url);
        bodyLeft = length;
        forwardedBody = 0;
        fault = this.takeFault(method, url);
        if (fault?.kind === '503') {
          if (expectContinue || length === 0) {
            answer503();
            return;
          }
          swallowing = true;
          continue;
        }
        await forward(Buffer.from(`${headText}\r\n\r\n`, 'latin1'));
        if (fault && length === 0)
          return this.trip(fault, client, upstream, () => {
            stalled = true;
          });
        if (fault && (fault.afterBodyBytes ?? 0) === 0 && !expectContinue)
          return this.trip(fault, client, upstream, () => {
            stalled = true;
          });
      }
    };

    // Chunks are handled one at a time (throttling awaits), in order.
    let chain = Promise.resolve();
    client.on('data', (d: Buffer) => {
      client.pause();
      chain = chain
        .then(() => process(d))
        .catch(kill)
        .finally(() => {
          if (!client.destroyed) client.resume();
        });
    });
  }

  private trip(fault: FaultSpec, client: net.Socket, upstream: net.Socket, markStalled: () => void): void {
    if (fault.kind === 'reset') {
      this.stats.resets++;
      client.resetAndDestroy();
      upstream.destroy();
    } else {
      // Nothing moves any more either way; the client's timeout has to notice.
      this.stats.stalls++;
      markStalled();
    }
  }
}
