import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStaticFile } from '../../core/static/static-files';
import { isVettedExternalUrl } from '../../core/security/external-url';
import { contentSecurityPolicy } from '../../core/security/content-security-policy';

let dir: string;
let root: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'copper-static-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'renderer-secrets.txt'), 'sibling with a shared prefix');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readStaticFile', () => {
  it('serves index.html for / and files with their content type', async () => {
    expect((await readStaticFile(root, '/'))?.contentType).toBe('text/html; charset=utf-8');
    const js = await readStaticFile(root, '/assets/app.js?v=1');
    expect(js?.contentType).toBe('text/javascript; charset=utf-8');
    expect(js?.body.toString()).toBe('console.log(1)');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2Fsecret.txt',
    '/..%5Csecret.txt',
    '/../renderer-secrets.txt',
    '/assets',
    '/missing.js',
    '/%E0%A4%A',
    '/index.html%00.js',
  ])('gives nothing for %s', async (path) => {
    expect(await readStaticFile(root, path)).toBeNull();
  });

  it('does not follow an absolute path out of the root', async () => {
    expect(await readStaticFile(root, `/${join(dir, 'secret.txt')}`)).toBeNull();
    expect(await readStaticFile(root, `//${join(dir, 'secret.txt')}`)).toBeNull();
  });
});

describe('isVettedExternalUrl', () => {
  it.each([
    ['https://copperprint.gallery/help', true],
    ['http://copperprint.gallery/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['https://user:pass@example.com/', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(isVettedExternalUrl(url)).toBe(ok);
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts only from self and images from self, thumbnails and the given bucket', () => {
    const csp = contentSecurityPolicy({
      imageSources: ['https://bucket.example'],
      connectSources: ['ws://127.0.0.1:1'],
    });
    const directives = Object.fromEntries(
      csp.split('; ').map((d) => {
        const [k, ...v] = d.split(' ');
        return [k, v];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['img-src']).toEqual(["'self'", 'copper-thumb:', 'https://bucket.example']);
    expect(directives['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:1']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe');
  });
});
