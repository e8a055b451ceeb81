import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { displayUnavailable, openDisplay } from '../e2e/support/display';

describe('a display for the Electron specs', () => {
  it('needs none of its own on macOS/Windows or with DISPLAY/WAYLAND_DISPLAY; else Xvfb, or a reason', () => {
    expect(displayUnavailable({ PATH: '' }, 'darwin')).toBeNull();
    expect(displayUnavailable({ PATH: '', DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(displayUnavailable({ PATH: '', WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(displayUnavailable({ PATH: '/nowhere' }, 'linux')).toMatch(
      /no display .* no Xvfb .*apt-get install xvfb/,
    );
  });

  it('starts a throwaway Xvfb where there is no display, and stops it', async (ctx) => {
    const env = { PATH: process.env.PATH };
    if (process.platform !== 'linux') ctx.skip('Xvfb is for Linux');
    if (displayUnavailable(env) !== null) ctx.skip(`cannot start a display here: ${displayUnavailable(env)}`);
    const display = await openDisplay(env);
    try {
      expect(display.env.DISPLAY).toMatch(/^:\d+$/);
      // A real X client talks to it (xdpyinfo is in x11-utils, not always there).
      try {
        const info = execFileSync('xdpyinfo', ['-display', display.env.DISPLAY!], { encoding: 'utf8' });
        expect(info).toContain('1280x800');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    } finally {
      await display.stop();
    }
  });
});
