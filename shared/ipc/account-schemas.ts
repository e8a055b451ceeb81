import { z } from 'zod';
import type { AccountProfile, SessionState } from '../models/account';
import type { Same } from '../type-check';

// The `account.*` payloads, bounded so a malformed or hostile request is refused before it
// reaches the session service. None of them ever carries a token or an S3 key: the state
// is the profile and, when something ended the session, the reason in words.

const apiUrl = z.string().trim().min(1, 'Enter the Copper API address').max(2048);

const errorShape = z
  .object({
    code: z.string().max(200),
    message: z.string().max(4000),
    retryable: z.boolean(),
  })
  .strict();

/** The signed-in person as the renderer may know them (mirrors AccountProfile). */
export const accountProfileSchema = z
  .object({
    apiUrl: z.string().max(2048),
    email: z.string().max(320),
    role: z.enum(['artist', 'staff']),
    artistId: z.string().max(200).nullable(),
    displayName: z.string().max(500),
  })
  .strict();

/** The session state (mirrors SessionState in shared/models/account.ts): the `account.changed` payload. */
export const accountStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed-out'), reason: errorShape.optional() }).strict(),
  z.object({ status: z.literal('signed-in'), profile: accountProfileSchema }).strict(),
  z
    .object({ status: z.literal('session-expired'), profile: accountProfileSchema, reason: errorShape })
    .strict(),
]);

/** `account.check-api`: is this address a Copper API? */
export const checkApiRequest = z.object({ apiUrl }).strict();

/** `account.sign-in`: the password only passes through to the API; it is never stored. */
export const signInRequest = z
  .object({
    apiUrl,
    email: z.string().trim().min(1, 'Enter your email').max(320),
    password: z.string().min(1, 'Enter your password').max(1024),
  })
  .strict();

/** What `account.check-api` answers: the normalised address and the API's version. */
export interface ApiCheck {
  readonly apiUrl: string;
  readonly version: string;
}

// Compile-time proof that the schemas and shared/models/account.ts say the same thing.
const profileAgrees: Same<z.infer<typeof accountProfileSchema>, AccountProfile> = true;
const stateAgrees: Same<z.infer<typeof accountStateSchema>, SessionState> = true;
void [profileAgrees, stateAgrees];
