import { describe, expect, it } from 'vitest';
import { assertReadableKey, ttlBucket } from '../../server/s3/presigner';
import type { User } from '../../server/auth/users';
import { createLogger } from '../../server/log';

const user = (role: 'artist' | 'staff', artistId: string | null): User => ({
  id: '1',
  email: 'x@example.com',
  passwordHash: '',
  role,
  artistId,
  displayName: 'X',
  disabled: false,
  createdAt: new Date(0),
});

describe('presign rules', () => {
  it('clamps lifetimes per role and rounds down to a cache step', () => {
    expect(ttlBucket(undefined, 'artist')).toBe(3600);
    expect(ttlBucket(1, 'artist')).toBe(60);
    expect(ttlBucket(86_400, 'artist')).toBe(3600);
    expect(ttlBucket(86_400, 'staff')).toBe(86_400);
    expect(ttlBucket(100 * 86_400, 'staff')).toBe(7 * 86_400);
    expect(ttlBucket(4000, 'staff')).toBe(3600);
    expect(ttlBucket(299, 'staff')).toBe(60);
  });

  it('allows only keys under the caller prefix, without path tricks', () => {
    expect(() => assertReadableKey(user('artist', 'alice'), 'artists/alice/a.jpg')).not.toThrow();
    expect(() => assertReadableKey(user('artist', 'alice'), 'artists/alicex/a.jpg')).toThrow(
      /artists\/alice\//,
    );
    expect(() => assertReadableKey(user('artist', 'alice'), 'artists/bob/a.jpg')).toThrow();
    expect(() => assertReadableKey(user('staff', null), 'artists/bob/a.jpg')).not.toThrow();
    expect(() => assertReadableKey(user('staff', null), 'private/a.jpg')).toThrow();
    for (const bad of [
      'artists/alice/../bob/a',
      'artists/alice//a',
      'artists/alice/./a',
      'artists/alice/a\n',
      'artists/alice/',
    ]) {
      expect(() => assertReadableKey(user('artist', 'alice'), bad)).toThrow(/valid/);
    }
  });
});

describe('log', () => {
  it('writes JSON lines and redacts secret-looking fields at any depth', () => {
    const lines: string[] = [];
    const log = createLogger(
      (l) => lines.push(l),
      () => new Date(0),
    );
    log.info('x', {
      route: '/v1/me',
      password: 'hunter22',
      nested: { sessionToken: 'tok', secretAccessKey: 'sec', accessKeyId: 'AKID' },
      authorization: 'Bearer t',
    });
    const o = JSON.parse(lines[0]!);
    expect(o).toEqual({
      ts: '1970-01-01T00:00:00.000Z',
      level: 'info',
      msg: 'x',
      route: '/v1/me',
      password: '[redacted]',
      nested: { sessionToken: '[redacted]', secretAccessKey: '[redacted]', accessKeyId: 'AKID' },
      authorization: '[redacted]',
    });
    expect(lines[0]!.endsWith('\n')).toBe(true);
  });
});
