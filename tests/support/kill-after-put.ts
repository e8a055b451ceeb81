import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy, inside the uploading process, in front of the S3 endpoint: when S3 answers
 * a single-object PUT with 200 (the object is stored), it SIGKILLs its own process before the
 * answer reaches the engine. That is the exact moment of issue 9's doubled version: S3 has the
 * object, the queue has not recorded it. `announce` is called first (a line the parent reads).
 * Requests are forwarded byte for byte (the Host header included, so signatures still match).
 */
export async function killAfterPutProxy(target: string, announce: (key: string) => void): Promise<string> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const singlePut = req.method === 'PUT' && !/[?&](uploadId|partNumber)=/.test(req.url ?? '');
        if (singlePut && answer.statusCode === 200) {
          announce(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
          process.kill(process.pid, 'SIGKILL');
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
