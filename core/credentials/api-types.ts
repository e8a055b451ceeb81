import { z } from 'zod';

// The Copper API's response shapes. Parsed, never trusted: a server that answers with
// something else is not the Copper API we expect (or a newer one we don't understand).

export const healthSchema = z.object({
  ok: z.literal(true),
  service: z.literal('copper-api'),
  version: z.string(),
});

export const profileSchema = z.object({
  email: z.string().min(1),
  role: z.enum(['artist', 'staff']),
  artistId: z.string().min(1).nullable(),
  displayName: z.string(),
});

export const sessionSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  profile: profileSchema,
});

export const meSchema = z.object({ profile: profileSchema });

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

export const presignSchema = z.object({ url: z.string().url(), expiresAt: z.string() });

export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** The API's view of the signed-in person (the desktop adds the API URL to make an AccountProfile). */
export type ApiProfile = z.infer<typeof profileSchema>;
/** POST /v1/sessions: the token goes to the keychain, nowhere else. */
export type ApiSession = z.infer<typeof sessionSchema>;
/** POST /v1/credentials: a temporary S3 credential plus where it may be used. Memory only. */
export type ApiCredentials = z.infer<typeof credentialsSchema>;
/** POST /v1/presign. */
export type ApiPresigned = z.infer<typeof presignSchema>;
/** GET /healthz. */
export type ApiHealth = z.infer<typeof healthSchema>;

/** What may be pre-signed: one object (optionally one version) for a while. */
export interface PresignRequest {
  readonly key: string;
  readonly versionId?: string;
  /** Seconds; the API clamps it to its own limits. */
  readonly expiresIn?: number;
}
