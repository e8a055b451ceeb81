import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { adminS3 } from '../support/services';
import { startTestApi, type TestApi } from './api-harness';

// Share links (`/s/<id>`) and version labels against the real PostgreSQL and RGW: the link
// redirects to a fresh pre-signed GET of its exact version, counts downloads, answers 410 Gone
// with a page once revoked or expired, and outlives the STS credential of whoever made it.
describe('Copper API share links and labels', () => {
  let t: TestApi;
  let alice: string;
  let bob: string;
  let staff: string;
  let v1: string;
  let v2: string;
  const PW = 'a long enough password';
  const KEY = 'artists/alice/moon <&> "night".tif';

  const open = (id: string, method = 'GET') => fetch(`${t.url}/s/${id}`, { method, redirect: 'manual' });
  const create = (token: string, body: unknown) => t.call('POST', '/v1/shares', { token, body });

  beforeAll(async () => {
    t = await startTestApi({ rateLimits: { recordsWriteUser: { limit: 40, windowMs: 60_000 } } });
    await t.addUser('alice@example.com', PW, 'artist', 'alice');
    await t.addUser('bob@example.com', PW, 'artist', 'bob');
    await t.addUser('staff@example.com', PW, 'staff');
    alice = await t.signIn('alice@example.com', PW);
    bob = await t.signIn('bob@example.com', PW);
    staff = await t.signIn('staff@example.com', PW);
    const s3 = adminS3();
    const put = async (Key: string, Body: string) =>
      (await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body }))).VersionId!;
    v1 = await put(KEY, 'first version');
    v2 = await put(KEY, 'second version');
    await put('artists/bob/sun.tif', 'bob');
    s3.destroy();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('redirects to the exact version it was made for (not the current one) and counts downloads', async () => {
    const made = await create(staff, { key: KEY, versionId: v1, expiresInSeconds: 3600 });
    expect(made.status).toBe(201);
    const share = made.body.share;
    expect(share).toMatchObject({ key: KEY, versionId: v1, createdBy: 'staff@example.com', downloads: 0 });
    expect(share.state).toBe('live');
    expect(share.path).toBe(`/s/${share.id}`);
    expect(share.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (let i = 0; i < 2; i++) {
      const res = await open(share.id);
      expect(res.status).toBe(302);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const location = res.headers.get('location')!;
      expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('60');
      expect(await (await fetch(location)).text()).toBe('first version');
    }
    // A HEAD looks without counting.
    expect((await open(share.id, 'HEAD')).status).toBe(302);
    const listed = await t.call('POST', '/v1/shares/list', { token: staff, body: { key: KEY } });
    expect(listed.status).toBe(200);
    const row = listed.body.shares.find((s: { id: string }) => s.id === share.id);
    expect(row.downloads).toBe(2);
    expect(row.lastUsedAt).not.toBeNull();
  });

  it('answers 410 Gone with a page saying so the moment it is revoked', async () => {
    const { body } = await create(alice, { key: KEY, versionId: v2, expiresInSeconds: 86_400 });
    const id = body.share.id as string;
    expect((await open(id)).status).toBe(302);
    const revoked = await t.call('POST', '/v1/shares/revoke', { token: alice, body: { id } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.share.state).toBe('revoked');
    const res = await open(id);
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('location')).toBeNull();
    const page = await res.text();
    expect(page).toContain('This link was revoked');
    expect(page).not.toContain('moon');
    expect(page).not.toContain(t.bucket);
    const listed = await t.call('POST', '/v1/shares/list', { token: alice, body: { key: KEY } });
    const row = listed.body.shares.find((s: { id: string }) => s.id === id);
    expect(row).toMatchObject({ state: 'revoked', downloads: 1 });
  });

  it('stops at its expiry and outlives the STS credential of whoever made it', async () => {
    const credential = await t.call('POST', '/v1/credentials', { token: staff, body: {} });
    expect(credential.status).toBe(200);
    const { body } = await create(staff, { key: KEY, versionId: v2, expiresInSeconds: 3 * 3600 });
    const id = body.share.id as string;
    // Past the credential's expiry (and past an hour, the longest a temporary credential lives):
    // the link still opens, signed afresh with the gallery's keys.
    const credentialEnds = Date.parse(credential.body.expiration);
    t.clock.advance(credentialEnds - t.clock.now().getTime() + 2 * 3600_000);
    expect(t.clock.now().getTime()).toBeGreaterThan(credentialEnds + 3600_000);
    const res = await open(id);
    expect(res.status).toBe(302);
    const signedAt = new URL(res.headers.get('location')!).searchParams.get('X-Amz-Date')!;
    expect(signedAt.slice(0, 8)).toBe(t.clock.now().toISOString().slice(0, 10).replaceAll('-', ''));
    const got = await fetch(res.headers.get('location')!);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('second version');
    // And one hour later (3 h in) it has expired.
    t.clock.advance(3600_000);
    const after = await open(id);
    expect(after.status).toBe(410);
    expect(await after.text()).toContain('This link has expired');
    const listed = await t.call('POST', '/v1/shares/list', { token: staff, body: { key: KEY } });
    expect(listed.body.shares.find((s: { id: string }) => s.id === id).state).toBe('expired');
  });

  it('answers 404 with a page for a link that never existed', async () => {
    const res = await open('AAAAAAAAAAAAAAAAAAAAAA');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('This link does not exist');
  });

  it("keeps an artist's links within the artist's own prefix", async () => {
    const other = await create(alice, { key: 'artists/bob/sun.tif', versionId: v1, expiresInSeconds: 3600 });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('share.forbidden');
    const { body } = await create(staff, { key: KEY, versionId: v1, expiresInSeconds: 3600 });
    // Bob can neither revoke nor list Alice's links.
    const revoke = await t.call('POST', '/v1/shares/revoke', { token: bob, body: { id: body.share.id } });
    expect(revoke.status).toBe(403);
    expect((await t.call('POST', '/v1/shares/list', { token: bob, body: { key: KEY } })).status).toBe(403);
    const prefix = await t.call('POST', '/v1/shares/list', { token: bob, body: { prefix: 'artists/' } });
    expect(prefix.status).toBe(403);
    const own = await t.call('POST', '/v1/shares/list', { token: bob, body: {} });
    expect(own.status).toBe(200);
    expect(own.body.shares).toEqual([]);
    expect((await open(body.share.id)).status).toBe(302);
  });

  it('lets an artist share their own work for 7 days at most, and revoke only their own links', async () => {
    const week = await create(alice, { key: KEY, versionId: v1, expiresInSeconds: 7 * 86_400 });
    expect(week.status).toBe(201);
    expect(Date.parse(week.body.share.expiresAt) - Date.parse(week.body.share.createdAt)).toBe(
      7 * 86_400_000,
    );
    const longer = await create(alice, { key: KEY, versionId: v1, expiresInSeconds: 7 * 86_400 + 1 });
    expect(longer.status).toBe(403);
    expect(longer.body.error.code).toBe('share.too-long');
    expect(longer.body.error.message).toContain('7 days');
    // Staff's links to the same work may live longer, and the artist sees but cannot revoke them.
    const gallery = await create(staff, { key: KEY, versionId: v1, expiresInSeconds: 90 * 86_400 });
    expect(gallery.status).toBe(201);
    const seen = await t.call('POST', '/v1/shares/list', { token: alice, body: { key: KEY } });
    expect(seen.body.shares.map((s: { id: string }) => s.id)).toContain(gallery.body.share.id);
    const notHers = await t.call('POST', '/v1/shares/revoke', {
      token: alice,
      body: { id: gallery.body.share.id },
    });
    expect(notHers.status).toBe(403);
    expect(notHers.body.error.code).toBe('share.not-yours');
    expect((await open(gallery.body.share.id)).status).toBe(302);
    const own = await t.call('POST', '/v1/shares/revoke', { token: alice, body: { id: week.body.share.id } });
    expect(own.status).toBe(200);
    expect(own.body.share.state).toBe('revoked');
    // Another artist's key is refused before any lifetime is considered.
    const bobs = await create(alice, { key: 'artists/bob/sun.tif', versionId: v1, expiresInSeconds: 86_400 });
    expect(bobs.status).toBe(403);
    expect(bobs.body.error.code).toBe('share.forbidden');
  });

  it('refuses a link to a version that does not exist, bad lifetimes and strangers', async () => {
    const none = await create(staff, { key: KEY, versionId: 'no-such-version', expiresInSeconds: 3600 });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('records.no-such-version');
    expect((await create(staff, { key: KEY, versionId: v1, expiresInSeconds: 10 })).status).toBe(400);
    expect((await create(staff, { key: KEY, versionId: v1, expiresInSeconds: 400 * 86_400 })).status).toBe(
      400,
    );
    expect((await create(staff, { key: KEY, versionId: v1, expiresInSeconds: 60, x: 1 })).status).toBe(400);
    expect(
      (await t.call('POST', '/v1/shares', { body: { key: KEY, versionId: v1, expiresInSeconds: 60 } }))
        .status,
    ).toBe(401);
    expect((await t.call('POST', '/v1/labels/list', { body: { key: KEY } })).status).toBe(401);
  });

  it('round-trips labels and a note per version, searchable under a prefix', async () => {
    const set = await t.call('POST', '/v1/labels', {
      token: staff,
      body: {
        key: KEY,
        versionId: v1,
        labels: ['Print master', ' print  master ', 'press'],
        note: 'Proofed <ok>',
      },
    });
    expect(set.status).toBe(200);
    expect(set.body.labels).toMatchObject({
      key: KEY,
      versionId: v1,
      labels: ['print master', 'press'],
      note: 'Proofed <ok>',
      updatedBy: 'staff@example.com',
    });
    // Labels are the gallery's: the artist reads them on their own work, and may not set them.
    const byArtist = await t.call('POST', '/v1/labels', {
      token: alice,
      body: { key: KEY, versionId: v2, labels: ['web'], note: '' },
    });
    expect(byArtist.status).toBe(403);
    expect(byArtist.body.error.code).toBe('label.staff-only');
    await t.call('POST', '/v1/labels', {
      token: staff,
      body: { key: KEY, versionId: v2, labels: ['web'], note: '' },
    });
    const byKey = await t.call('POST', '/v1/labels/list', { token: alice, body: { key: KEY } });
    expect(byKey.status).toBe(200);
    expect(byKey.body.labels.map((l: { versionId: string }) => l.versionId).sort()).toEqual([v1, v2].sort());
    const masters = await t.call('POST', '/v1/labels/list', {
      token: staff,
      body: { prefix: 'artists/alice/', label: 'PRINT MASTER' },
    });
    expect(masters.body.labels).toHaveLength(1);
    expect(masters.body.labels[0]).toMatchObject({ versionId: v1, labels: ['print master', 'press'] });
    // Replacing with nothing removes the labels.
    await t.call('POST', '/v1/labels', {
      token: staff,
      body: { key: KEY, versionId: v2, labels: [], note: '' },
    });
    const after = await t.call('POST', '/v1/labels/list', { token: staff, body: { key: KEY } });
    expect(after.body.labels.map((l: { versionId: string }) => l.versionId)).toEqual([v1]);
    // Bob may not label (or read the labels of) Alice's work; a wildcard prefix matches literally.
    const forbidden = await t.call('POST', '/v1/labels', {
      token: bob,
      body: { key: KEY, versionId: v1, labels: ['x'], note: '' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('label.forbidden');
    const wild = await t.call('POST', '/v1/labels/list', { token: staff, body: { prefix: 'artists/%' } });
    expect(wild.body.labels).toEqual([]);
    const tooMany = await t.call('POST', '/v1/labels', {
      token: staff,
      body: { key: KEY, versionId: v1, labels: Array.from({ length: 9 }, (_, i) => `l${i}`), note: '' },
    });
    expect(tooMany.status).toBe(400);
  });
});

describe('Copper API share links: rate limits', () => {
  let t: TestApi;
  const PW = 'a long enough password';

  beforeAll(async () => {
    t = await startTestApi({
      rateLimits: {
        recordsWriteUser: { limit: 3, windowMs: 60_000 },
        recordsReadUser: { limit: 2, windowMs: 60_000 },
        shareOpenIp: { limit: 2, windowMs: 60_000 },
      },
    });
    await t.addUser('staff@example.com', PW, 'staff');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits writes and lists per user, and opens per address (a page with Retry-After)', async () => {
    const staff = await t.signIn('staff@example.com', PW);
    const s3 = adminS3();
    const versionId = (
      await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'artists/a/x.tif', Body: 'x' }))
    ).VersionId!;
    s3.destroy();
    const body = { key: 'artists/a/x.tif', versionId, expiresInSeconds: 3600 };
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await t.call('POST', '/v1/shares', { token: staff, body })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const lists = [];
    for (let i = 0; i < 3; i++)
      lists.push((await t.call('POST', '/v1/shares/list', { token: staff, body: {} })).status);
    expect(lists).toEqual([200, 200, 429]);
    const id = (await t.db.query<{ id: string }>('SELECT id FROM share_links LIMIT 1')).rows[0]!.id;
    const opens = [];
    for (let i = 0; i < 3; i++) opens.push(await fetch(`${t.url}/s/${id}`, { redirect: 'manual' }));
    expect(opens.map((r) => r.status)).toEqual([302, 302, 429]);
    expect(opens[2]!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await opens[2]!.text()).toContain('Too many tries');
  });
});
