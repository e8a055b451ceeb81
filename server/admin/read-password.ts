import type { Readable } from 'node:stream';

/** Where a new password may come from: never an argument (it would sit in shell history and `ps`). */
export interface PasswordSource {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly prompt: (text: string) => void;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString('utf8');
}

// Reads one line from a terminal without echoing it.
function readHidden(src: PasswordSource, text: string): Promise<string> {
  const stdin = src.stdin;
  src.prompt(text);
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    const onData = (buf: Buffer): void => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new Error('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      src.prompt('\n');
    };
    stdin.on('data', onData);
  });
}

/**
 * The new password: COPPER_NEW_PASSWORD if set, else typed twice at a terminal (hidden), else
 * all of stdin (one trailing newline removed) — e.g. `printf %s "$PW" | npm run api:admin -- …`.
 */
export async function readNewPassword(src: PasswordSource): Promise<string> {
  const fromEnv = src.env.COPPER_NEW_PASSWORD;
  if (fromEnv) return fromEnv;
  if (src.stdin.isTTY) {
    const a = await readHidden(src, 'New password: ');
    const b = await readHidden(src, 'Repeat it: ');
    if (a !== b) throw new Error('The two passwords differ.');
    return a;
  }
  return (await readAll(src.stdin)).replace(/\r?\n$/, '');
}
