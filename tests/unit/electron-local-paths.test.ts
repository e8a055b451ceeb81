import { describe, expect, it } from 'vitest';
import { localPaths } from '../../electron/local-paths';

describe('desktop caches on Windows live in Local, not Roaming', () => {
  const env = { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' };

  it("puts Chromium's session data and the thumbnails under %LOCALAPPDATA%\\Copper", () => {
    expect(localPaths({ platform: 'win32', env, appName: 'Copper' })).toEqual({
      sessionData: 'C:\\Users\\ada\\AppData\\Local\\Copper\\Session',
      thumbnailCache: 'C:\\Users\\ada\\AppData\\Local\\Copper\\thumbnails',
    });
  });

  it("keeps Electron's defaults elsewhere, without LOCALAPPDATA, and for a data folder of one's own", () => {
    expect(localPaths({ platform: 'darwin', env, appName: 'Copper' })).toEqual({});
    expect(localPaths({ platform: 'linux', env, appName: 'Copper' })).toEqual({});
    expect(localPaths({ platform: 'win32', env: { APPDATA: env.APPDATA }, appName: 'Copper' })).toEqual({});
    expect(
      localPaths({ platform: 'win32', env: { ...env, COPPER_DATA_DIR: 'D:\\copper' }, appName: 'Copper' }),
    ).toEqual({});
  });
});
