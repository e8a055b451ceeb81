import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../server/auth/passwords';
import { ARTIST_ID_RE, normalizeEmail } from '../../server/auth/users';

describe('passwords', () => {
  it('hashes with a per-user salt and verifies', async () => {
    const params = { N: 1024, r: 8, p: 1 };
    const a = await hashPassword('correct horse', params);
    const b = await hashPassword('correct horse', params);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'not-a-hash')).toBe(false);
  });

  it('uses the production cost by default', async () => {
    expect(await hashPassword('correct horse')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('explains weak passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('long enough!')).toBeUndefined();
  });

  it('normalises emails and validates artist ids', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    for (const ok of ['a', 'ada', 'ada-l', '0x1']) expect(ARTIST_ID_RE.test(ok)).toBe(true);
    for (const bad of ['', 'Ada', '-ada', 'ada-', 'a/b', 'a.b', 'a'.repeat(64)])
      expect(ARTIST_ID_RE.test(bad)).toBe(false);
  });
});
