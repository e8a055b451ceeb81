import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../integration/api-process';

/**
 * A radosgw of the chaos run's own on the cluster scripts/services/rgw-start.sh made (same
 * users, role, buckets and STS key; its own port), so the run can SIGKILL it mid-queue and
 * start it again on the same port without touching the radosgw other tests share. The data
 * lives in the OSD: a radosgw holds none, so a restart loses nothing a client was told is there.
 */
export class ChaosRgw {
  private child: ChildProcess | undefined;
  private readonly pidFile: string;

  private constructor(
    private readonly dir: string,
    private readonly port: number,
  ) {
    this.pidFile = join(dir, 'pids', `rgw-chaos-${port}.pid`);
  }

  /** Where the test RGW's files are (rgw-start.sh's DIR), or why there is no RGW to restart. */
  static where(): { dir: string } | { reason: string } {
    const dir = process.env.RGW_DIR;
    if (!dir) return { reason: 'RGW_DIR is not set (S3_ENDPOINT names an S3 server this run did not start)' };
    return { dir };
  }

  static async start(dir: string): Promise<ChaosRgw> {
    const rgw = new ChaosRgw(dir, await freePort());
    await rgw.restart();
    return rgw;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** SIGKILL, as a crash or an OOM kill would end it; resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  /** Starts it (again) on the same port and resolves once it answers HTTP. */
  async restart(): Promise<void> {
    await this.kill();
    const conf = join(this.dir, 'ceph.conf');
    const name = `rgw-chaos-${this.port}`;
    const child = spawn(
      'radosgw',
      [
        '-c',
        conf,
        '-f',
        '-n',
        `client.${name}`,
        ...rgwSettings(conf),
        `--rgw_frontends=beast endpoint=127.0.0.1:${this.port}`,
        `--log_file=${join(this.dir, 'log', `${name}.log`)}`,
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    // rgw-stop.sh kills every radosgw recorded there: nothing outlives the services.
    writeFileSync(this.pidFile, String(child.pid));
    for (const end = Date.now() + 120_000; ;) {
      if (child.exitCode !== null)
        throw new Error(`chaos: radosgw exited (${child.exitCode}) while starting`);
      const up = await fetch(this.url, { signal: AbortSignal.timeout(2000) }).then(
        () => true,
        () => false,
      );
      if (up) return;
      if (Date.now() > end) throw new Error(`chaos: radosgw on ${this.url} did not answer within 2 minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.pidFile, { force: true });
  }
}

/** The shared radosgw's own settings (ceph.conf's [client.rgw.a]) as command-line options. */
function rgwSettings(conf: string): string[] {
  const text = readFileSync(conf, 'utf8');
  const section = /^\[client\.rgw\.a\]\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const out: string[] = [];
  for (const line of section.split('\n')) {
    const m = /^\s*([a-z][a-z0-9 _]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || m[1] === 'rgw frontends') continue;
    out.push(`--${m[1]!.replace(/ /g, '_')}=${m[2]}`);
  }
  return out;
}
