import { z } from 'zod';

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
