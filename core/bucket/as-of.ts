import { ListObjectVersionsCommand, type ListObjectVersionsCommandOutput } from '@aws-sdk/client-s3';
import type { ObjectVersion, RestoreResult } from '../../shared/models/bucket';
import type { AsOfEntry, AsOfPage, FolderRestoreResult } from '../../shared/models/history';
import { CopperError } from '../../shared/errors';
import type { BucketContext } from './bucket-context';
import { listVersions, newestFirst, pageEntries } from './list-versions';
import { toBucketError } from './s3-error';

/** How one page of an "as of" listing is read. */
export interface AsOfOptions {
  /** ListObjectVersions entries per page (default 1000, S3's maximum). */
  readonly pageSize?: number;
  readonly pageToken?: string;
}

interface Token {
  /** Start after this key: a page never ends mid-key, so a key is always judged whole. */
  readonly after: string;
  /** S3's own markers, when a page held nothing past `after` (RGW repeats the marker key's versions). */
  readonly key?: string;
  readonly version?: string;
}

function encodeToken(t: Token): string {
  return Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

function decodeToken(s: string): Token {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Token;
    if (typeof t.after === 'string' && t.after.length <= 1024) return t;
  } catch {
    // fall through
  }
  throw new CopperError('invalid-token', 'That page token is not one Copper gave out; list from the start.');
}

// A marker after every key under a folder: U+10FFFF is the largest code point, so only a key
// continuing with it (not a real name) could sort later.
function pastFolder(folder: string): string {
  return `${folder}\u{10FFFF}`;
}

/**
 * A key's state at `at` from its whole history (newest first): the newest entry made at or
 * before that moment decides it — a version, a delete marker, or nothing yet.
 */
export function stateAt(history: readonly ObjectVersion[], at: number): AsOfEntry | undefined {
  const now = history[0];
  if (!now) return undefined;
  const then = history.find((v) => Date.parse(v.lastModified) <= at);
  const state = !then ? 'absent' : then.isDeleteMarker ? 'deleted' : 'version';
  // Restoring changes a key only where the version then is not what is current now; a current
  // copy with the same ETag (an earlier restore of that version) is the same bytes already.
  const same = (a: ObjectVersion, b: ObjectVersion) =>
    a.versionId === b.versionId || (!!a.etag && !b.isDeleteMarker && a.etag === b.etag);
  const differs = state === 'version' ? now.isDeleteMarker || !same(then!, now) : !now.isDeleteMarker;
  return { key: now.key, state, ...(then ? { then } : {}), now, differs };
}

/** One ListObjectVersions page of a folder level (delimiter `/`), from where `token` left off. */
async function readFolderPage(
  ctx: BucketContext,
  prefix: string,
  token: Token | undefined,
  pageSize = 1000,
): Promise<ListObjectVersionsCommandOutput> {
  try {
    return await ctx.client.send(
      new ListObjectVersionsCommand({
        Bucket: ctx.bucket,
        Prefix: prefix,
        Delimiter: '/',
        MaxKeys: pageSize,
        ...(token ? { KeyMarker: token.key ?? token.after } : {}),
        ...(token?.version ? { VersionIdMarker: token.version } : {}),
      }),
    );
  } catch (err) {
    throw toBucketError(err, `the history of "${prefix}"`);
  }
}

/** The page's versions and markers by key, leaving out keys up to `after` (judged on an earlier page). */
function versionsByKey(out: ListObjectVersionsCommandOutput, after: string | undefined) {
  const byKey = new Map<string, ObjectVersion[]>();
  for (const v of pageEntries(out)) {
    // Ceph RGW lists the marker key's versions again with a bare KeyMarker: they were judged already.
    if (after !== undefined && v.key <= after) continue;
    const list = byKey.get(v.key) ?? [];
    list.push(v);
    byKey.set(v.key, list);
  }
  return byKey;
}

/**
 * Where a truncated page ends: on a key boundary. The last key may continue on the next page,
 * so it is left whole for that page (dropped from `byKey`); a single key that filled the page
 * is read whole with listVersions. Returns the `after` of the next page, or S3's own markers
 * when the page held only entries already judged.
 */
async function pageEnd(
  ctx: BucketContext,
  prefix: string,
  out: ListObjectVersionsCommandOutput,
  byKey: Map<string, ObjectVersion[]>,
  folders: readonly string[],
  after: string | undefined,
): Promise<{ readonly after: string } | { readonly markers: Token }> {
  // The page's items in S3's order (UTF-8 binary: code-unit order is the same for these).
  const items = [
    ...[...byKey.keys()].map((k) => ({ k, folder: false })),
    ...folders.map((k) => ({ k, folder: true })),
  ].sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const last = items[items.length - 1];
  if (!last) {
    // Only entries already judged: follow S3's own markers, keeping the same boundary.
    if (out.NextKeyMarker === undefined || after === undefined)
      throw new CopperError('s3-error', `S3 returned an empty, truncated page for "${prefix}".`);
    const version = out.NextVersionIdMarker;
    return { markers: { after, key: out.NextKeyMarker, ...(version ? { version } : {}) } };
  }
  let nextAfter: string;
  if (last.folder) nextAfter = pastFolder(last.k);
  else if (items.length > 1) {
    byKey.delete(last.k);
    const previous = items[items.length - 2]!;
    nextAfter = previous.folder ? pastFolder(previous.k) : previous.k;
  } else {
    byKey.set(last.k, await listVersions(ctx, last.k, { withUploader: false }));
    nextAfter = last.k;
  }
  if (after !== undefined && nextAfter <= after)
    throw new CopperError('s3-error', `S3's listing of "${prefix}" did not move past "${after}".`);
  return { after: nextAfter };
}

/**
 * One page of a folder level (delimiter `/`) as it was at `at`: one ListObjectVersions page,
 * never the whole bucket. A page ends on a key boundary — the last key of a truncated page is
 * left for the next page, which starts at it — so no key is judged from half its history; a
 * single key with more versions than a page is read whole with listVersions.
 */
export async function listAsOf(
  ctx: BucketContext,
  prefix: string,
  at: Date,
  options: AsOfOptions = {},
): Promise<AsOfPage> {
  const token = options.pageToken ? decodeToken(options.pageToken) : undefined;
  const after = token?.after;
  const out = await readFolderPage(ctx, prefix, token, options.pageSize);
  const byKey = versionsByKey(out, after);
  let folders = (out.CommonPrefixes ?? [])
    .map((p) => p.Prefix)
    .filter((p): p is string => !!p && (after === undefined || p > after));
  let nextAfter: string | undefined;
  if (out.IsTruncated) {
    const end = await pageEnd(ctx, prefix, out, byKey, folders, after);
    if ('markers' in end)
      return { prefix, at: at.toISOString(), entries: [], folders: [], nextToken: encodeToken(end.markers) };
    nextAfter = end.after;
    folders = folders.filter((f) => f < end.after);
  }
  const moment = at.getTime();
  const entries = [...byKey.keys()]
    .sort()
    .map((k) => stateAt([...byKey.get(k)!].sort(newestFirst), moment))
    .filter((e): e is AsOfEntry => e !== undefined);
  return {
    prefix,
    at: at.toISOString(),
    entries,
    folders,
    ...(nextAfter !== undefined ? { nextToken: encodeToken({ after: nextAfter }) } : {}),
  };
}

/** What restoring a folder to a moment needs of the browser: the listing and one restore. */
export interface FolderRestoreDeps {
  listAsOf(prefix: string, at: Date, pageToken?: string): Promise<AsOfPage>;
  restoreVersion(key: string, versionId: string): Promise<RestoreResult>;
}

/**
 * Restores every artwork of one folder level to what it was at `at`, page by page: a
 * server-side copy (a new current version) for each artwork whose version then is not current
 * now; artworks already as they were are left alone; artworks that did not exist or were
 * deleted then are kept (Copper never deletes) and named in the result.
 */
export async function restoreFolderAsOf(
  deps: FolderRestoreDeps,
  prefix: string,
  at: Date,
): Promise<FolderRestoreResult> {
  const restored: RestoreResult[] = [];
  const keptNewer: string[] = [];
  let unchanged = 0;
  let token: string | undefined;
  do {
    const page = await deps.listAsOf(prefix, at, token);
    for (const e of page.entries) {
      if (!e.differs) unchanged++;
      else if (e.state === 'version') restored.push(await deps.restoreVersion(e.key, e.then!.versionId));
      else keptNewer.push(e.key);
    }
    token = page.nextToken;
  } while (token);
  return { prefix, at: at.toISOString(), restored, unchanged, keptNewer };
}
