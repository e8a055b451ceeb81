import { CopperError } from '../../shared/errors';
import { classifyFailure } from '../s3/s3-errors';

interface SdkErrorLike {
  readonly name?: string;
  readonly Code?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

type Cause = { cause: unknown };

/** The S3 error codes that say exactly what went wrong. */
function byErrorName(name: string, what: string, cause: Cause): CopperError | undefined {
  switch (name) {
    case 'NoSuchKey':
    case 'NotFound':
      return new CopperError('not-found', `${what} does not exist in the bucket.`, false, cause);
    case 'NoSuchVersion':
      return new CopperError('version-not-found', `${what}: no such version.`, false, cause);
    case 'NoSuchBucket':
      return new CopperError('no-such-bucket', `The bucket does not exist (${what}).`, false, cause);
    case 'AccessDenied':
    case 'Forbidden':
    case 'AllAccessDisabled':
      return new CopperError(
        'access-denied',
        `Access denied to ${what}: your account may not read or change it.`,
        false,
        cause,
      );
    case 'SignatureDoesNotMatch':
      return credentialRejected(name, what, cause);
    case 'MethodNotAllowed':
      return new CopperError(
        'is-delete-marker',
        `${what} is a delete marker: it has no content.`,
        false,
        cause,
      );
    case 'SlowDown':
    case 'ServiceUnavailable':
    case 'InternalError':
      return new CopperError(
        's3-unavailable',
        `S3 is busy or failing (${name}) while working on ${what}; try again.`,
        true,
        cause,
      );
    default:
      return undefined;
  }
}

/** What a bare HTTP status says, when the error carries no code Copper knows. */
function byStatus(status: number | undefined, what: string, cause: Cause): CopperError | undefined {
  if (status === 404)
    return new CopperError('not-found', `${what} does not exist in the bucket.`, false, cause);
  if (status === 403) return new CopperError('access-denied', `Access denied to ${what}.`, false, cause);
  if (status !== undefined && status >= 500)
    return new CopperError(
      's3-unavailable',
      `S3 answered ${status} while working on ${what}; try again.`,
      true,
      cause,
    );
  return undefined;
}

/**
 * Turns an AWS SDK failure into a CopperError a person can read. `what` names the object
 * involved ("artists/a/x.jpg version 123") so the message says which one failed.
 */
export function toBucketError(err: unknown, what: string): CopperError {
  if (err instanceof CopperError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorLike;
  const name = e.name ?? e.Code ?? '';
  const cause = { cause: err };
  const named = byErrorName(name, what, cause);
  if (named) return named;
  // The engine's classifier decides what is a credential or a network failure, so the
  // uploader and the bucket readers never disagree about the same error again.
  const kind = classifyFailure(err);
  if (kind === 'credential') return credentialRejected(name || (e.code ?? ''), what, cause);
  if (kind === 'network')
    return new CopperError(
      'network',
      `Cannot reach S3 while working on ${what} (${e.code ?? name}).`,
      true,
      cause,
    );
  return (
    byStatus(e.$metadata?.httpStatusCode, what, cause) ??
    new CopperError(
      's3-error',
      `S3 failed on ${what}: ${name || 'error'}${e.message ? ` — ${e.message}` : ''}.`,
      false,
      cause,
    )
  );
}

function credentialRejected(name: string, what: string, cause: Cause): CopperError {
  return new CopperError(
    'credential-rejected',
    `S3 rejected the credential while working on ${what} (${name}).`,
    true,
    cause,
  );
}
