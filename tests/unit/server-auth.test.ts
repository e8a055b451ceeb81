import { describe, expect, it } from 'vitest';
import { FailureRateLimiter } from '../../server/auth/rate-limiter';
import { hashPassword, passwordProblem, verifyPassword } from '../../server/auth/passwords';
import { ARTIST_ID_RE, normalizeEmail } from '../../server/auth/users';

describe('failure rate limiter', () => {
  it('allows up to the limit in the window, then says how long to wait', () => {
    let now = 1_000_000;
    const rl = new FailureRateLimiter({ limit: 3, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(rl.check('a').allowed).toBe(true);
      rl.fail('a');
      now += 1000;
    }
    const d = rl.check('a');
    expect(d).toEqual({ allowed: false, retryAfterSeconds: 57 });
    expect(rl.check('b').allowed).toBe(true);
    now += 57_000;
    expect(rl.check('a').allowed).toBe(true); // the oldest failure left the window
    rl.reset('a');
    rl.fail('a');
    rl.fail('a');
    expect(rl.check('a').allowed).toBe(true);
  });

  it('tracks a bounded number of keys', () => {
    const rl = new FailureRateLimiter({ limit: 1, windowMs: 60_000 }, () => 0, 2);
    rl.fail('a');
    rl.fail('b');
    rl.fail('c');
    expect(rl.check('a').allowed).toBe(true); // evicted
    expect(rl.check('c').allowed).toBe(false);
  });
});

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
