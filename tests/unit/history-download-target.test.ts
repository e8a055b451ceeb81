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

  it('strips bidi and control characters, refuses device names and keeps the extension visible', () => {
    // "evil\u202Egpj.exe" displays as "evilexe.jpg"; without the override it reads as what it is.
    expect(downloadFileName('artists/m/evil\u202egpj.exe')).toBe('evilgpj.exe');
    expect(downloadFileName('artists/m/a\u2066b\u2069\u200f.tif')).toBe('ab.tif');
    expect(downloadFileName('artists/m/x\u001b]52;c;\u0007\u009b.tif')).toBe('x_]52;c;__.tif');
    for (const dev of ['NUL', 'nul.tif', 'COM1.jpg', 'lpt9', 'CONOUT$', 'aux .png', 'COM\u00b9.tif'])
      expect(downloadFileName(`artists/m/${dev}`)).toBe(`_${dev}`);
    expect(downloadFileName('artists/m/COM10.tif')).toBe('COM10.tif');
    const long = downloadFileName(`artists/m/${'a'.repeat(400)}.tiff`);
    expect(long.endsWith('.tiff')).toBe(true);
    expect(long.length).toBe(150);
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
