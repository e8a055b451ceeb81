import { z } from 'zod';
import { SHARE_MAX_SECONDS, SHARE_MIN_SECONDS } from './share-limits';

// The Copper API's request and response shapes, declared once: the API parses requests with
// them and types its answers by them; the desktop core parses every answer with them (never
// trusted: a server that answers with something else is not the Copper API we expect).
// Requests are strict (an unknown field is refused, not silently ignored); responses are not
// (a newer API may add fields an older desktop does not know).

/** GET /healthz. */
export const healthSchema = z.object({
  ok: z.literal(true),
  service: z.literal('copper-api'),
  version: z.string(),
});

/** GET /readyz: whether the database and the bucket answer (503 when either does not). */
export const readinessSchema = z.object({ db: z.boolean(), s3: z.boolean() });

/** The API's view of the signed-in person. */
export const profileSchema = z.object({
  email: z.string().min(1),
  role: z.enum(['artist', 'staff']),
  artistId: z.string().min(1).nullable(),
  displayName: z.string(),
});

/** POST /v1/sessions' request. */
export const signInRequestSchema = z.strictObject({
  email: z.string().min(3).max(320),
  password: z.string().min(1).max(1024),
});

/** POST /v1/sessions' answer. */
export const sessionSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  profile: profileSchema,
});

/** GET /v1/me's answer. */
export const meSchema = z.object({ profile: profileSchema });

/** A request without a body (or `{}`). */
export const emptyRequestSchema = z.strictObject({});

/** POST /v1/credentials' answer. */
export const credentialsSchema = z.object({
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1),
  expiration: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expiration must be an ISO date'),
  bucket: z.string().min(1),
  region: z.string().min(1),
  endpoint: z.string().nullable(),
  prefix: z.string(),
  role: z.enum(['artist', 'staff']),
  /**
   * Where this credential may write (staff: each existing artist's folder; an artist: their
   * own prefix). An older API leaves it out: then the whole prefix.
   */
  uploadPrefixes: z.array(z.string()).optional(),
});

/** POST /v1/presign's request: one object (optionally one version) for a while (seconds). */
export const presignRequestSchema = z.strictObject({
  key: z.string().min(1).max(1024),
  versionId: z.string().min(1).max(1024).optional(),
  expiresIn: z
    .number()
    .int()
    .positive()
    .max(10 * 365 * 86_400)
    .optional(),
});

/** POST /v1/presign's answer. */
export const presignedSchema = z.object({ url: z.string().url(), expiresAt: z.string() });

/** Every error answer: `{ error: { code, message } }`. */
export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** The API's view of the signed-in person (the desktop adds the API URL to make an AccountProfile). */
export type ApiProfile = z.infer<typeof profileSchema>;
/** POST /v1/sessions: the token goes to the keychain, nowhere else. */
export type ApiSession = z.infer<typeof sessionSchema>;
/** POST /v1/credentials: a temporary S3 credential plus where it may be used. Memory only. */
export type ApiCredentials = z.infer<typeof credentialsSchema>;
/** POST /v1/presign. */
export type ApiPresigned = z.infer<typeof presignedSchema>;
/** GET /healthz. */
export type ApiHealth = z.infer<typeof healthSchema>;
/** What may be pre-signed; the API clamps `expiresIn` to its own limits. */
export type PresignRequest = z.infer<typeof presignRequestSchema>;
/** The one error body shape. */
export type ErrorBody = z.infer<typeof errorBodySchema>;

// Share links and version labels: stored by the API in PostgreSQL, keyed by key + VersionId.

const apiKey = z
  .string()
  .min(1)
  .max(1024)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'The key contains a control character');
const apiVersionId = z.string().regex(/^[\x21-\x7e]{1,1024}$/, 'Not a version id');
const apiPrefix = z
  .string()
  .max(1024)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'The prefix contains a control character');

export { ARTIST_SHARE_MAX_SECONDS, SHARE_MAX_SECONDS, SHARE_MIN_SECONDS } from './share-limits';

/** A share link's id: 22 URL-safe random characters (128 bits). */
export const shareIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Not a share link id');

/** POST /v1/shares' request: one exact version for a while. */
export const shareCreateRequestSchema = z.strictObject({
  key: apiKey,
  versionId: apiVersionId,
  expiresInSeconds: z.number().int().min(SHARE_MIN_SECONDS).max(SHARE_MAX_SECONDS),
});

/** One share link as the API keeps it; `path` is `/s/<id>` under the API's address. */
export const shareSchema = z.object({
  id: z.string().min(1),
  path: z.string().startsWith('/s/'),
  key: z.string().min(1),
  versionId: z.string().min(1),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  downloads: z.number().int().min(0),
  state: z.enum(['live', 'expired', 'revoked']),
});

/** POST /v1/shares/list's request: the links of one key, or of everything under a prefix. */
export const shareListRequestSchema = z.strictObject({
  key: apiKey.optional(),
  prefix: apiPrefix.optional(),
});

/** POST /v1/shares/list's answer (newest first, at most 500). */
export const shareListSchema = z.object({ shares: z.array(shareSchema) });

/** POST /v1/shares/revoke's request. */
export const shareRevokeRequestSchema = z.strictObject({ id: shareIdSchema });

/** POST /v1/shares and /v1/shares/revoke's answer. */
export const shareAnswerSchema = z.object({ share: shareSchema });

/** One label: 1–40 printable characters ("print master", "web", "press", "approved"…). */
export const labelSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), 'A label cannot hold control characters');

/** POST /v1/labels' request: the version's labels and note, replaced as a whole. */
export const labelSetRequestSchema = z.strictObject({
  key: apiKey,
  versionId: apiVersionId,
  labels: z.array(labelSchema).max(8),
  note: z.string().max(2000),
});

/** A version's labels and note, with who set them and when. */
export const versionLabelsSchema = z.object({
  key: z.string().min(1),
  versionId: z.string().min(1),
  labels: z.array(z.string()),
  note: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

/** POST /v1/labels/list's request: one key's versions, or a label searched under a prefix. */
export const labelListRequestSchema = z.strictObject({
  key: apiKey.optional(),
  prefix: apiPrefix.optional(),
  label: labelSchema.optional(),
});

/** POST /v1/labels and /v1/labels/list's answers. */
export const labelAnswerSchema = z.object({ labels: versionLabelsSchema });
export const labelListSchema = z.object({ labels: z.array(versionLabelsSchema) });

/** A share link as the API answers it. */
export type ApiShare = z.infer<typeof shareSchema>;
/** A version's labels as the API answers them. */
export type ApiVersionLabels = z.infer<typeof versionLabelsSchema>;
export type ShareCreateRequest = z.infer<typeof shareCreateRequestSchema>;
export type ShareListRequest = z.infer<typeof shareListRequestSchema>;
export type LabelSetRequest = z.infer<typeof labelSetRequestSchema>;
export type LabelListRequest = z.infer<typeof labelListRequestSchema>;
