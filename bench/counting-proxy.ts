import net from 'node:net';

/**
 * A TCP pass-through on 127.0.0.1 in front of the S3 server that counts the bytes clients send
 * (request heads and bodies): what the resume line calls "bytes sent". Nothing is altered.
 */
export class CountingProxy {
  /** Client→server bytes since start or the last `reset()`. */
  bytesUp = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  /** Starts a proxy for `targetUrl` (http://host:port) on a free port. */
  static async start(targetUrl: string): Promise<CountingProxy> {
    const u = new URL(targetUrl);
    const server = net.createServer();
    const proxy = new CountingProxy(server);
    server.on('connection', (client) => {
      const upstream = net.connect(Number(u.port || 80), u.hostname);
      for (const s of [client, upstream]) {
        proxy.sockets.add(s);
        s.on('close', () => proxy.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk: Buffer) => {
        proxy.bytesUp += chunk.length;
      });
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const { port } = this.server.address() as net.AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  reset(): void {
    this.bytesUp = 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
