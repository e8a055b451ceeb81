import { z } from 'zod';
import { SHARE_LINK_MAX_SECONDS, SHARE_LINK_MIN_SECONDS } from '../models/bucket';
import { labelSchema, SHARE_MAX_SECONDS, SHARE_MIN_SECONDS, shareIdSchema } from '../http/api-schemas';

// The `history.*` payloads, bounded before they reach S3: keys and prefixes are S3's 1024
// bytes at most and never hold control characters (no header or log injection through a
// key), version ids are printable ASCII. Hostile input is refused by the dispatcher.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** An object key: 1–1024 UTF-8 bytes, no control characters. */
export const objectKey = z
  .string()
  .min(1, 'The key is empty')
  .refine((s) => utf8Length(s) <= 1024, 'The key is longer than 1024 bytes')
  .refine((s) => !CONTROL.test(s), 'The key contains a control character');

/** A prefix to list under (may be empty: the person's own prefix is used then). */
export const keyPrefix = z
  .string()
  .refine((s) => utf8Length(s) <= 1024, 'The prefix is longer than 1024 bytes')
  .refine((s) => !CONTROL.test(s), 'The prefix contains a control character');

/** An S3 VersionId (AWS: 32 URL-safe characters; Ceph: up to a few dozen; "null" for pre-versioning objects). */
export const versionId = z.string().regex(/^[\x21-\x7e]{1,1024}$/, 'Not a version id');

/** `history.list`: one page of one "folder" level. */
export const historyListRequest = z
  .object({
    prefix: keyPrefix.optional(),
    pageToken: z.string().min(1).max(4096).optional(),
  })
  .strict();

/** `history.versions` and `history.undelete`. */
export const historyKeyRequest = z.object({ key: objectKey }).strict();

/** `history.deleted`. */
export const historyDeletedRequest = z.object({ prefix: keyPrefix.optional() }).strict();

/** `history.restore`, `history.download` and `history.preview`: one version of one key. */
export const historyVersionRequest = z.object({ key: objectKey, versionId }).strict();

/** `history.link`: a share link for a version (the current one when omitted). */
export const historyLinkRequest = z
  .object({
    key: objectKey,
    versionId: versionId.optional(),
    expiresInSeconds: z.number().int().min(SHARE_LINK_MIN_SECONDS).max(SHARE_LINK_MAX_SECONDS),
  })
  .strict();

/** `history.region`: a rectangle of a version in its own pixels (Compare at 100%), at most 4096 px a side. */
export const historyRegionRequest = z
  .object({
    key: objectKey,
    versionId,
    left: z.number().int().min(0).max(1_000_000),
    top: z.number().int().min(0).max(1_000_000),
    width: z.number().int().min(1).max(4096),
    height: z.number().int().min(1).max(4096),
  })
  .strict();

/** A moment in ISO 8601 with a time zone (what `Date.toISOString()` gives). */
const moment = z
  .string()
  .max(40)
  .refine(
    (s) => /(Z|[+-]\d\d:\d\d)$/.test(s) && Number.isFinite(Date.parse(s)),
    'Not a moment with a time zone',
  );

/** `history.as-of`: one page of a folder level as it was at a moment. */
export const historyAsOfRequest = z
  .object({ prefix: keyPrefix, at: moment, pageToken: z.string().min(1).max(4096).optional() })
  .strict();

/** `history.restore-folder`: every artwork of a folder level back to a moment. */
export const historyRestoreFolderRequest = z.object({ prefix: keyPrefix.min(1), at: moment }).strict();

/** `history.share-create`: a revocable share link kept by the Copper API, for one exact version. */
export const historyShareCreateRequest = z
  .object({
    key: objectKey,
    versionId,
    expiresInSeconds: z.number().int().min(SHARE_MIN_SECONDS).max(SHARE_MAX_SECONDS),
  })
  .strict();

/** `history.share-list`: one artwork's links (or, without a key, every link of the person's prefix). */
export const historyShareListRequest = z.object({ key: objectKey.optional() }).strict();

/** `history.share-revoke`. */
export const historyShareRevokeRequest = z.object({ id: shareIdSchema }).strict();

/** `history.label-set`: a version's labels and note, replaced as a whole. */
export const historyLabelSetRequest = z
  .object({ key: objectKey, versionId, labels: z.array(labelSchema).max(8), note: z.string().max(2000) })
  .strict();

/** `history.label-find`: every version under a prefix that has a label ("every print master"), or every labelled one. */
export const historyLabelFindRequest = z
  .object({ prefix: keyPrefix, label: labelSchema.optional() })
  .strict();
