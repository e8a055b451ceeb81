import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './api-process';

/** Debian's tinyproxy: a real HTTP proxy (plain requests and CONNECT tunnels) for the proxy tests. */
export const TINYPROXY = '/usr/bin/tinyproxy';
export const hasTinyproxy = existsSync(TINYPROXY);

export interface RunningProxy {
  readonly url: string;
  /** The proxy's connection log: every host it was asked for. */
  log(): Promise<string>;
  stop(): void;
}

/** Starts tinyproxy on a free port of 127.0.0.1, its config and log in `dir`. */
export async function startTinyproxy(dir: string): Promise<RunningProxy> {
  const port = await freePort();
  const logFile = join(dir, 'proxy.log');
  const conf = join(dir, 'tinyproxy.conf');
  await writeFile(
    conf,
    [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 60', `LogFile "${logFile}"`, 'LogLevel Connect']
      .concat(['MaxClients 100', 'Allow 127.0.0.1', 'DisableViaHeader Yes', ''])
      .join('\n'),
  );
  const child: ChildProcess = spawn(TINYPROXY, ['-d', '-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !existsSync(logFile); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    stop: () => child.kill(),
  };
}
