/** What the engine does about a failed request. */
export type FailureKind =
  /** The credential expired or was revoked: invalidate it, ask the provider again, retry. */
  | 'credential'
  /** No answer from the endpoint (refused, reset, timed out, DNS): retry, then go offline. */
  | 'network'
  /** The server answered but could not serve now (5xx, SlowDown): retry with backoff. */
  | 'server'
  /** The multipart upload is gone (aborted or expired): start the file over. */
  | 'no-such-upload'
  /** We aborted it ourselves (pause, cancel, close). */
  | 'aborted'
  /** Anything else (AccessDenied, NoSuchBucket, bad request): the file fails with that reason. */
  | 'fatal';

const credentialCodes = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'TokenRefreshRequired',
  'InvalidToken',
  'InvalidClientTokenId',
]);
const serverCodes = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'Throttling',
  'ThrottlingException',
  'BadDigest',
  'XAmzContentSHA256Mismatch',
  'IncompleteBody',
]);
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_HTTP2_STREAM_ERROR',
  'UND_ERR_SOCKET',
]);
const networkNames = new Set(['TimeoutError', 'NetworkingError', 'RequestTimeout']);

interface Inspectable {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

/** The S3 error code (`Code` in the XML), the Node error code, or the error's name. */
export function errorCode(err: unknown): string {
  const e = (err ?? {}) as Inspectable;
  if (typeof e.code === 'string') return e.code;
  if (typeof e.name === 'string') return e.name;
  return 'Unknown';
}

/** The HTTP status the server answered with, when there was an answer. */
export function httpStatus(err: unknown): number | undefined {
  const e = (err ?? {}) as Inspectable;
  return e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
}

/** Sorts a thrown error into what the engine should do about it. */
export function classifyFailure(err: unknown, signal?: AbortSignal): FailureKind {
  if (signal?.aborted) return 'aborted';
  const e = (err ?? {}) as Inspectable;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (name === 'AbortError' || code === 'ABORT_ERR') return signal ? 'aborted' : 'network';
  if (credentialCodes.has(name) || credentialCodes.has(code)) return 'credential';
  if (name === 'NoSuchUpload' || code === 'NoSuchUpload') return 'no-such-upload';
  const status = httpStatus(err);
  if (status !== undefined && status > 0) {
    if (serverCodes.has(name) || status >= 500 || status === 429) return 'server';
    return 'fatal';
  }
  if (networkCodes.has(code) || networkNames.has(name) || networkCodes.has(name)) return 'network';
  // A Node socket error wrapped by the SDK.
  if (e.cause && e.cause !== err) {
    const inner = classifyFailure(e.cause, signal);
    if (inner !== 'fatal') return inner;
  }
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|timed? ?out|network|premature close|aborted/i.test(message)
  )
    return 'network';
  return 'fatal';
}

/** A short description for events and logs: code, status and message. */
export function describeFailure(err: unknown): string {
  const status = httpStatus(err);
  const message = (err as { message?: unknown })?.message;
  return `${errorCode(err)}${status ? ` (HTTP ${status})` : ''}${typeof message === 'string' && message ? `: ${message}` : ''}`;
}

/**
 * True when a multipart call says its upload no longer exists: AWS answers NoSuchUpload, Ceph
 * answers NoSuchKey (404) for ListParts/UploadPart/Complete on an aborted or completed upload.
 */
export function isUploadGone(err: unknown): boolean {
  const kind = classifyFailure(err);
  return kind === 'no-such-upload' || (errorCode(err) === 'NoSuchKey' && httpStatus(err) === 404);
}
