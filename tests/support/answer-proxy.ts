import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What to do with S3's answer to one request: pass it on, hold it until `release()`, or drop the connection. */
export type AnswerAction = 'pass' | 'hold' | 'drop';

/**
 * An HTTP proxy in front of the test S3 that lets S3 do the work and then decides what
 * becomes of its answer: the moment "S3 has it, the client does not know" on purpose (a
 * cancel racing a finished PUT, a CopyObject whose answer is lost). Requests are forwarded
 * byte for byte (the Host header included, so signatures still match).
 */
export async function answerProxy(
  target: string,
  decide: (req: http.IncomingMessage, status: number) => AnswerAction,
) {
  const upstream = new URL(target);
  const held: Array<() => void> = [];
  const seen: Array<(req: http.IncomingMessage) => void> = [];
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
        const send = () => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        const action = decide(req, answer.statusCode ?? 0);
        if (action === 'pass') return send();
        if (action === 'hold') held.push(send);
        else {
          answer.resume();
          req.socket.destroy();
        }
        for (const f of seen.splice(0)) f(req);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves with the next request whose answer was held or dropped. */
    next: () => new Promise<http.IncomingMessage>((resolve) => seen.push(resolve)),
    /** Sends the held answers on. */
    release: () => {
      for (const send of held.splice(0)) send();
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
