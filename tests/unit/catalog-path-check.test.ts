import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkCatalog } from '../../core/catalog/catalog-walk';
import { checkLibraryPath } from '../../core/catalog/path-check';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'copper-pathcheck-'));
  mkdirSync(join(dir, 'home', 'Art', 'Series'), { recursive: true });
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'home', 'Art', 'a.jpg'), 'x');
  writeFileSync(join(dir, 'home', 'Art', 'Series', 'b.jpg'), 'x');
  writeFileSync(join(dir, 'elsewhere', 'secret.jpg'), 'x');
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'home', 'Art', 'link-out'));
  symlinkSync(join(dir, 'home', 'Art', 'Series'), join(dir, 'home', 'Art', 'link-in'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (raw: string, askAbove?: number) =>
  checkLibraryPath(raw, { fs: nodeFs, home: join(dir, 'home'), askAbove });

describe('adding a path to the Library', () => {
  it('expands ~ and counts the files', async () => {
    expect(await check('~/Art')).toEqual({
      ok: true,
      path: join(dir, 'home', 'Art'),
      files: 2,
      more: false,
      ask: null,
    });
  });

  it('gives one clear sentence for each bad path', async () => {
    expect(await check(join(dir, 'nope'))).toEqual({
      ok: false,
      message: `${join(dir, 'nope')} does not exist.`,
    });
    expect((await check(join(dir, 'home', 'Art', 'a.jpg'))) as { message: string }).toMatchObject({
      ok: false,
      message: expect.stringContaining('is a file, not a folder'),
    });
    expect(await check(`/${'x'.repeat(5000)}`)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/5,001 characters long/),
    });
    expect(await check(`/tmp/${'n'.repeat(300)}`)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/longer than a name can be/),
    });
    expect(await check('relative/path')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a full path/),
    });
  });

  it('asks first for a system folder, the home folder, or more files than the limit', async () => {
    expect(await check('/')).toMatchObject({ ok: true, ask: expect.stringMatching(/system folder/) });
    expect(await check('~')).toMatchObject({ ok: true, ask: expect.stringMatching(/home folder/) });
    expect(await check('~/Art', 1)).toMatchObject({
      ok: true,
      more: true,
      ask: expect.stringMatching(/more than 1 files/),
    });
  });

  it('never follows a link out of the added folder, but does follow one inside it', async () => {
    const found: string[] = [];
    const skipped: string[] = [];
    for await (const e of walkCatalog(nodeFs, [join(dir, 'home', 'Art')]))
      (e.type === 'file' ? found : skipped).push(e.type === 'file' ? e.path : `${e.code}:${e.path}`);
    expect(found.some((p) => p.includes('secret'))).toBe(false);
    expect(skipped).toContain(`outside:${join(dir, 'home', 'Art', 'link-out')}`);
    // The inside link reaches Series a second time: that folder is walked once (by inode).
    expect(found).toContain(join(dir, 'home', 'Art', 'Series', 'b.jpg'));
  });
});
