import { describe, expect, it } from 'vitest';
import { launchSettings } from '../../electron/launch-settings';

const win = { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' };

function read(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = 'linux') {
  const warnings: string[] = [];
  const settings = launchSettings({ platform, env, appName: 'Copper', warn: (m) => warnings.push(m) });
  return { settings, warnings };
}

describe('what the environment may change about a desktop launch', () => {
  it('nothing set: Electron and the core keep their defaults', () => {
    expect(read({})).toEqual({ settings: {}, warnings: [] });
  });

  it('a data folder, a keychain service and a heartbeat of their own (the e2e run, the smoke test)', () => {
    const { settings, warnings } = read({
      COPPER_DATA_DIR: '/tmp/copper-e2e-1',
      COPPER_KEYCHAIN_SERVICE: ' Copper-e2e-1a2b ',
      COPPER_HEARTBEAT_MS: '500',
    });
    expect(settings).toEqual({
      dataDir: '/tmp/copper-e2e-1',
      keychainService: 'Copper-e2e-1a2b',
      heartbeatMs: 500,
    });
    expect(warnings).toEqual([]);
  });

  it('on Windows, Chromium and the thumbnails under Local; with a data folder of its own, all there', () => {
    expect(read(win, 'win32').settings).toEqual({
      sessionData: 'C:\\Users\\ada\\AppData\\Local\\Copper\\Session',
      thumbnailCache: 'C:\\Users\\ada\\AppData\\Local\\Copper\\thumbnails',
    });
    expect(read({ ...win, COPPER_DATA_DIR: 'D:\\copper' }, 'win32').settings).toEqual({
      dataDir: 'D:\\copper',
    });
  });

  it('ignores values that cannot be right, saying why', () => {
    const { settings, warnings } = read({
      COPPER_KEYCHAIN_SERVICE: 'bad\nname',
      COPPER_HEARTBEAT_MS: 'soon',
    });
    expect(settings).toEqual({});
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^COPPER_KEYCHAIN_SERVICE ignored/);
    expect(warnings[1]).toMatch(/^COPPER_HEARTBEAT_MS ignored: "soon"/);
    expect(read({ COPPER_HEARTBEAT_MS: '0' }).settings).toEqual({});
    expect(read({ COPPER_KEYCHAIN_SERVICE: 'x'.repeat(101) }).settings).toEqual({});
  });
});
