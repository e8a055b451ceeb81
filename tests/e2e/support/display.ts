import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A display for a windowed app: the desktop's own, or a throwaway Xvfb started here. */
export interface Display {
  /** Environment to add to the app's (DISPLAY for an Xvfb). */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? '')
    .split(delimiter)
    .map((d) => join(d, name))
    .find((p) => existsSync(p));
}

const hasDisplay = (env: NodeJS.ProcessEnv) => Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);

/** Why no window can open here, or null (macOS and Windows always have a display). */
export function displayUnavailable(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (platform !== 'linux' || hasDisplay(env) || onPath('Xvfb', env)) return null;
  return 'no display (DISPLAY and WAYLAND_DISPLAY are unset) and no Xvfb to start one (apt-get install xvfb)';
}

/**
 * The display to open windows on: the session's own where there is one, else an Xvfb on a
 * display number it picks itself (-displayfd), stopped by its PID afterwards.
 */
export async function openDisplay(env: NodeJS.ProcessEnv = process.env): Promise<Display> {
  if (process.platform !== 'linux' || hasDisplay(env)) return { env: {}, stop: async () => {} };
  const xvfb = onPath('Xvfb', env);
  if (!xvfb) throw new Error(displayUnavailable(env) ?? 'no Xvfb');
  const child = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdio[3]!.on('data', (d: Buffer) => {
      out += String(d);
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr.slice(-500)}`)));
  });
  return {
    env: { DISPLAY: `:${number}` },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
