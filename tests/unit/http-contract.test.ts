import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/http/api-routes';
import { HttpError } from '../../shared/http/http-error';
import { buildRoutes, type RouteServices } from '../../server/routes';
import { assertReadableKey } from '../../server/s3/presigner';
import type { User } from '../../server/auth/users';

// The services are never called: matching a route only looks at the table.
const router = buildRoutes({} as unknown as RouteServices);

const artist: User = {
  id: '1',
  email: 'a@example.com',
  passwordHash: '',
  role: 'artist',
  artistId: 'alice',
  displayName: 'A',
  disabled: false,
  createdAt: new Date(0),
};

describe('the Copper API HTTP contract (shared/http)', () => {
  it.each(Object.entries(apiRoutes))('the server binds %s at its declared method and path', (_, r) => {
    expect(router.match(r.method, r.path)).toMatchObject({ kind: 'found', route: r.path });
  });

  it('the server serves no route the contract does not declare', () => {
    const declared = new Set(Object.values(apiRoutes).map((r) => `${r.method} ${r.path}`));
    expect([...router.entries()].filter((e) => !declared.has(e))).toEqual([]);
  });

  it('request schemas are strict: an unknown field is refused', () => {
    expect(apiRoutes.signIn.request.safeParse({ email: 'a@b.c', password: 'x', admin: true }).success).toBe(
      false,
    );
    expect(apiRoutes.credentials.request.safeParse({ extra: 1 }).success).toBe(false);
  });

  it('response schemas tolerate fields a newer API adds', () => {
    expect(
      apiRoutes.health.response.safeParse({ ok: true, service: 'copper-api', version: '2', more: 1 }).success,
    ).toBe(true);
  });

  it('an error carries its own HTTP status (no code→status table)', () => {
    const err = (() => {
      try {
        assertReadableKey(artist, 'artists/bob/a.tif');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(403);
    expect((err as HttpError).code).toBe('presign.forbidden');
    expect(new HttpError(503, 'x', 'y').retryable).toBe(true);
    expect(new HttpError(400, 'x', 'y').retryable).toBe(false);
  });
});
