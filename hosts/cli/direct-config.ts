import { userInfo } from 'node:os';
import type { BucketTarget, ScopedCredential } from '../../core/credentials/provider';
import { configError } from './exit-codes';

/** Direct mode: the bucket and keys from the environment instead of a Copper session. */
export interface DirectConfig {
  readonly target: BucketTarget;
  readonly credential: ScopedCredential;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The OS account's name, or undefined where the OS has none for this process (some containers). */
export function osUserName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads direct mode from the environment: `COPPER_BUCKET` switches it on; the standard AWS
 * variables give the keys, endpoint and region; `COPPER_PREFIX` is prepended to every key;
 * `COPPER_UPLOADED_BY` (default: the OS user name) is recorded as each upload's `uploaded-by`.
 * Returns undefined when COPPER_BUCKET is not set (session mode).
 */
export function readDirectConfig(
  env: Env,
  osUser: () => string | undefined = osUserName,
): DirectConfig | undefined {
  const bucket = env.COPPER_BUCKET?.trim();
  if (!bucket) return undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw configError(
      'COPPER_BUCKET is set (direct mode) but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not: set both, or unset COPPER_BUCKET to use your Copper sign-in.',
    );
  }
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  if (endpoint) {
    try {
      const url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw configError(
        `The S3 endpoint "${endpoint}" (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) is not an http(s) URL.`,
      );
    }
  }
  const prefix = env.COPPER_PREFIX ?? '';
  const uploadedBy = env.COPPER_UPLOADED_BY?.trim() || osUser();
  return {
    target: {
      bucket,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
      prefix,
      ...(endpoint ? { endpoint } : {}),
      ...(uploadedBy ? { uploadedBy } : {}),
    },
    credential: {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  };
}
