import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFileName, reserveDownloadPath } from '../../core/history/download-target';

describe('download file names', () => {
  it("uses the key's last segment, made safe for every OS", () => {
    expect(downloadFileName('artists/ada/2024/sunrise.png')).toBe('sunrise.png');
    expect(downloadFileName('artists/ada/a:b*c?.png')).toBe('a_b_c_.png');
    expect(downloadFileName('artists/ada/trailing. ')).toBe('trailing');
    expect(downloadFileName('artists/ada/')).toBe('ada');
    expect(downloadFileName('..')).toBe('artwork');
    expect(downloadFileName('artists/ada/CON.png')).toBe('_CON.png');
    expect(downloadFileName('artists/ada/Café ünïcode.png')).toBe('Café ünïcode.png');
  });
});

describe('reserving a download path', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'copper-reserve-'));
    dirs.push(d);
    return d;
  };

  it('never hands out a name that exists, even to calls racing each other', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cat.png'), 'mine');
    const paths = await Promise.all([1, 2, 3].map(() => reserveDownloadPath(dir, 'cat.png')));
    expect(new Set(paths).size).toBe(3);
    expect(readdirSync(dir).sort()).toEqual(['cat (1).png', 'cat (2).png', 'cat (3).png', 'cat.png']);
  });

  it('creates the folder and handles names without an extension', async () => {
    const dir = join(tempDir(), 'Downloads');
    expect(await reserveDownloadPath(dir, 'README')).toBe(join(dir, 'README'));
    expect(await reserveDownloadPath(dir, 'README')).toBe(join(dir, 'README (1)'));
    expect(await reserveDownloadPath(dir, '.hidden')).toBe(join(dir, '.hidden'));
    expect(await reserveDownloadPath(dir, '.hidden')).toBe(join(dir, '.hidden (1)'));
  });
});
