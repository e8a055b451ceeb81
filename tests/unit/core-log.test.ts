import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redactText } from '../../core/log/redact';
import { RotatingLog } from '../../core/log/rotating-log';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'copper-log-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// Secrets in the shapes the core handles them: each must be absent from the file.
const SECRETS = {
  sessionToken: 'cps_6f1d2c3b4a5968778695a4b3c2d1e0f9',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcnRpc3RAZ2FsbGVyeSJ9.c2lnbmF0dXJlLXBhcnQ',
  accessKeyId: 'ASIAQ7EXAMPLEKEY0001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  stsToken:
    'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampletokenvalueXYZ0123456789abcdefABCDEF',
  password: 'c0rrect-h0rse!7',
  spacedPassword: 'correct horse battery 7',
  signature: 'd7a1f0e6c0e5c3b2a19f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d5c4b3a2',
};
const presigned =
  `https://rgw.example.test/gallery/artist/a.tif?X-Amz-Algorithm=AWS4-HMAC-SHA256` +
  `&X-Amz-Credential=${SECRETS.accessKeyId}%2F20261202%2Fus-east-1%2Fs3%2Faws4_request` +
  `&X-Amz-Security-Token=${encodeURIComponent(SECRETS.stsToken)}&X-Amz-Signature=${SECRETS.signature}`;

describe('the core log never holds a secret', () => {
  it('redacts secrets given as fields, in messages, in errors and in URLs', () => {
    const dir = tempDir();
    const log = new RotatingLog({ dir });
    log.info('signed in', { apiUrl: 'https://api.example.test', token: SECRETS.sessionToken });
    log.warn(`refresh failed with Authorization: Bearer ${SECRETS.jwt}`, {
      credentials: { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey },
      headers: { 'x-amz-security-token': SECRETS.stsToken },
    });
    log.error('sign-in failed', new Error(`bad password=${SECRETS.password} for artist@gallery`), {
      body: JSON.stringify({ email: 'artist@gallery', password: SECRETS.spacedPassword }),
    });
    log.error('download failed', new Error(`GET ${presigned} answered 403`), { url: presigned });
    log.info(`keys ${SECRETS.accessKeyId} / ${SECRETS.secretAccessKey} and token ${SECRETS.stsToken}`);
    log.warn('header', {
      line: `AWS4-HMAC-SHA256 Credential=${SECRETS.accessKeyId}/20261202, Signature=${SECRETS.signature}`,
    });

    const text = readFileSync(join(dir, 'copper.log'), 'utf8');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(text, name).not.toContain(secret);
      expect(text, `${name} url-encoded`).not.toContain(encodeURIComponent(secret));
    }
    expect(text).not.toContain('X-Amz-Signature=');
    // What is not secret stays readable.
    expect(text).toContain('signed in');
    expect(text).toContain('https://api.example.test');
    expect(text).toContain('https://rgw.example.test/gallery/artist/a.tif?[redacted]');
    expect(text).toContain('artist@gallery');
    expect(text).toContain('answered 403');
    expect(text.trim().split('\n')).toHaveLength(6);
    expect(statSync(join(dir, 'copper.log')).mode & 0o777).toBe(0o600);
  });

  it('keeps content hashes and catalog ids (lower-case hex) readable', () => {
    const sha1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
    const sha256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(redactText(`thumbnail ${sha1} hash ${sha256}`)).toBe(`thumbnail ${sha1} hash ${sha256}`);
    expect(redactText('Spring Show/9000x6000 final.tif')).toBe('Spring Show/9000x6000 final.tif');
    const deep =
      '/home/artist/Pictures/Gallery/Spring/Exports/Final/Print/Large/Framed/Signed/edition/file.tif';
    expect(redactText(`at read (${deep}:12:3)`)).toBe(`at read (${deep}:12:3)`);
  });

  it('rotates past the size cap and keeps at most the given number of files', () => {
    const dir = tempDir();
    const log = new RotatingLog({ dir, maxBytes: 1000, files: 3 });
    for (let i = 0; i < 200; i++) log.info(`event ${i}`, { n: i, pad: 'x'.repeat(40) });
    const names = readdirSync(dir).sort();
    expect(names).toEqual(['copper.1.log', 'copper.2.log', 'copper.log']);
    for (const n of names) expect(statSync(join(dir, n)).size).toBeLessThanOrEqual(1000);
    expect(readFileSync(join(dir, 'copper.log'), 'utf8')).toContain('event 199');
    // The oldest lines were dropped with the oldest file.
    const all = names.map((n) => readFileSync(join(dir, n), 'utf8')).join('');
    expect(all).not.toContain('event 0 ');
  });

  it('continues an existing file after a restart and never throws when it cannot write', () => {
    const dir = tempDir();
    new RotatingLog({ dir }).info('first run');
    new RotatingLog({ dir }).info('second run');
    expect(readFileSync(join(dir, 'copper.log'), 'utf8')).toMatch(/first run[\s\S]*second run/);
    writeFileSync(join(dir, 'not-a-folder'), '');
    const blocked = new RotatingLog({ dir: join(dir, 'not-a-folder', 'logs') });
    expect(() => blocked.error('boom', new Error('x'))).not.toThrow();
  });
});
