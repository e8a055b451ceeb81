import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { HttpError } from '../../shared/http/http-error';
import { ARTIST_SHARE_MAX_SECONDS } from '../../shared/http/api-schemas';
import { apiRoutes } from '../../shared/http/api-routes';
import type { User } from '../auth/users';
import { assertReadableKey } from '../s3/presigner';
import { prefixFor } from '../s3/session-policy';
import type { Caller, ContractRouter, RouteServices } from '../routes';
import type { RequestContext } from '../http/router';
import { LabelStore } from './label-store';
import { sharePage } from './share-page';
import { ShareStore, shareState, toApiShare } from './share-store';

const NO_STORE = { 'cache-control': 'no-store' };

// Opening a link signs a GET valid for a minute: long enough to start the download, too short
// to be worth passing on. Signed as a reader of `artists/` (the link's own key was checked to be
// within its maker's prefix when it was made, and a revoke or expiry is checked on every open).
const OPEN_URL_SECONDS = 60;
const LINK_READER: User = {
  id: '0',
  email: 'share-link',
  passwordHash: '',
  role: 'staff',
  artistId: null,
  displayName: 'share link',
  disabled: false,
  createdAt: new Date(0),
};

/** The key is this person's to share or label (their prefix), in words for `what`. */
function assertOwnKey(user: User, key: string, what: string): void {
  try {
    assertReadableKey(user, key);
  } catch (err) {
    if (err instanceof HttpError && err.status === 403)
      throw new HttpError(
        403,
        `${what}.forbidden`,
        `You may only ${what} artworks under ${prefixFor(user.role, user.artistId)}.`,
      );
    throw err;
  }
}

/**
 * An artist shares their own work for a week at most (a link outlives their session and their
 * say over it: staff's links, kept for the gallery's own purposes, may last a year).
 */
function assertShareLifetime(user: User, seconds: number): void {
  if (user.role !== 'artist' || seconds <= ARTIST_SHARE_MAX_SECONDS) return;
  throw new HttpError(
    403,
    'share.too-long',
    `Your share links may live at most ${ARTIST_SHARE_MAX_SECONDS / 86_400} days (asked: ${Math.ceil(seconds / 86_400)} days).`,
  );
}

/** An artist revokes only the links they made; staff revoke any (the gallery's, or an artist's). */
function assertMayRevoke(user: User, createdById: string): void {
  if (user.role === 'staff' || createdById === user.id) return;
  throw new HttpError(403, 'share.not-yours', 'This link was made by the gallery: only staff can revoke it.');
}

/** Labels ("print master", "press") are the gallery's curation: artists read them on their work, staff set them. */
function assertStaffLabels(user: User): void {
  if (user.role === 'staff') return;
  throw new HttpError(403, 'label.staff-only', 'Labels are set by gallery staff.');
}

/** A prefix to list under: the person's own by default, never outside it. */
function ownPrefix(user: User, prefix: string | undefined): string {
  const own = prefixFor(user.role, user.artistId);
  if (prefix === undefined || prefix === '') return own;
  if (!prefix.startsWith(own))
    throw new HttpError(403, 'records.forbidden', `You may only look under ${own}.`);
  return prefix;
}

/** The version exists (HEAD with the gallery's keys): a link or label to nothing is refused now. */
async function assertVersionExists(s: RouteServices, key: string, versionId: string): Promise<void> {
  try {
    await s.s3.send(new HeadObjectCommand({ Bucket: s.bucket, Key: key, VersionId: versionId }));
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || status === 400 || status === 405)
      throw new HttpError(404, 'records.no-such-version', `There is no version ${versionId} of ${key}.`);
    throw new HttpError(
      503,
      'records.s3-unavailable',
      'The bucket did not answer. Try again.',
      {},
      { cause: err },
    );
  }
}

function gone(status: number, title: string, sentence: string, headers: Record<string, string> = {}) {
  return { status, body: undefined, html: sharePage(title, sentence), headers: { ...NO_STORE, ...headers } };
}

/**
 * Share links and version labels (migration 3): create, list and revoke links, set and list
 * labels — each authorised by the caller's prefix and rate-limited per user — and `GET /s/<id>`,
 * which anyone may open.
 */
export function bindShareRoutes(routes: ContractRouter, s: RouteServices): void {
  const shares = new ShareStore(s.db);
  const labels = new LabelStore(s.db);
  const now = () => new Date(s.now());
  const writes = (c: Caller) =>
    s.limiter.enforce(
      [[`records-write:${c.user.id}`, s.limits.recordsWriteUser]],
      'share-link and label changes',
    );
  const reads = (c: Caller) =>
    s.limiter.enforce(
      [[`records-read:${c.user.id}`, s.limits.recordsReadUser]],
      'share-link and label lists',
    );

  routes
    .bind(apiRoutes.shareCreate, async (_ctx, body, caller) => {
      assertOwnKey(caller.user, body.key, 'share');
      assertShareLifetime(caller.user, body.expiresInSeconds);
      await writes(caller);
      await assertVersionExists(s, body.key, body.versionId);
      const at = now();
      const expiresAt = new Date(at.getTime() + body.expiresInSeconds * 1000);
      const row = await shares.create(caller.user, { ...body, expiresAt }, at);
      return { body: { share: toApiShare(row, at) }, headers: NO_STORE };
    })
    .bind(apiRoutes.shareList, async (_ctx, body, caller) => {
      if (body.key !== undefined) assertOwnKey(caller.user, body.key, 'share');
      const where =
        body.key !== undefined ? { key: body.key } : { prefix: ownPrefix(caller.user, body.prefix) };
      await reads(caller);
      const at = now();
      return {
        body: { shares: (await shares.list(where)).map((r) => toApiShare(r, at)) },
        headers: NO_STORE,
      };
    })
    .bind(apiRoutes.shareRevoke, async (_ctx, body, caller) => {
      await writes(caller);
      const found = await shares.get(body.id);
      if (!found) throw new HttpError(404, 'share.not-found', 'There is no such share link.');
      assertOwnKey(caller.user, found.key, 'share');
      assertMayRevoke(caller.user, found.createdById);
      const at = now();
      const row = (await shares.revoke(body.id, caller.user, at)) ?? found;
      return { body: { share: toApiShare(row, at) }, headers: NO_STORE };
    })
    .bind(apiRoutes.shareOpen, (ctx) => openShare(ctx, s, shares))
    .bind(apiRoutes.labelSet, async (_ctx, body, caller) => {
      assertOwnKey(caller.user, body.key, 'label');
      assertStaffLabels(caller.user);
      await writes(caller);
      await assertVersionExists(s, body.key, body.versionId);
      return { body: { labels: await labels.set(caller.user, body, now()) }, headers: NO_STORE };
    })
    .bind(apiRoutes.labelList, async (_ctx, body, caller) => {
      if (body.key !== undefined) assertOwnKey(caller.user, body.key, 'label');
      const where =
        body.key !== undefined
          ? { key: body.key }
          : { prefix: ownPrefix(caller.user, body.prefix), ...(body.label ? { label: body.label } : {}) };
      await reads(caller);
      return { body: { labels: await labels.list(where) }, headers: NO_STORE };
    });
}

async function openShare(ctx: RequestContext, s: RouteServices, shares: ShareStore) {
  try {
    await s.limiter.enforce([[`share-open-ip:${ctx.ip}`, s.limits.shareOpenIp]], 'share-link opens');
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 429) throw err;
    return gone(
      429,
      'Too many tries',
      'This address opened too many links just now. Try again in a minute.',
      {
        ...err.headers,
      },
    );
  }
  const id = ctx.params?.id ?? '';
  const at = new Date(s.now());
  // HEAD (a link preview) looks without counting a download.
  const row = ctx.req.method === 'GET' ? await shares.use(id, at) : await shares.get(id);
  if (row && shareState(row, at) === 'live') {
    const { url } = await s.presigner.presign(LINK_READER, row.key, row.versionId, OPEN_URL_SECONDS);
    return {
      status: 302,
      body: undefined,
      headers: { ...NO_STORE, location: url, 'referrer-policy': 'no-referrer' },
    };
  }
  const found = row ?? (await shares.get(id));
  if (!found) return gone(404, 'No such link', 'This link does not exist. Check it was copied whole.');
  if (found.revokedAt)
    return gone(
      410,
      'This link was revoked',
      'Whoever shared this file has taken the link back. Ask them for a new one.',
    );
  return gone(
    410,
    'This link has expired',
    `This link stopped working on ${found.expiresAt.toUTCString()}. Ask whoever shared it for a new one.`,
  );
}
