import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type { CredentialProvider, BucketTarget } from '../credentials/provider';
import { TlsWordsHandler } from './tls-failure';

// Node's CommonJS modules, not `import … from 'node:http'`: an ES import of node:http builds
// its ES facade, which reads every export and so loads Node's bundled undici (fetch,
// WebSocket) — about 70 ms of CPU at each start of the CLI, twice per `add` + `upload`.
const { Agent: HttpAgent } = process.getBuiltinModule('node:http') as typeof Http;
const { Agent: HttpsAgent } = process.getBuiltinModule('node:https') as typeof Https;

export interface S3ClientOptions {
  /** Sockets per client; at least the number of parts in flight. */
  readonly maxSockets?: number;
  /** Per-request socket idle timeout in ms (a stalled connection fails and is retried). */
  readonly requestTimeoutMs?: number;
  /** Where the SDK's own messages go; default: nowhere (see quietLogger). */
  readonly logger?: Logger;
  /**
   * The environment whose HTTP_PROXY / HTTPS_PROXY / NO_PROXY route S3 requests (a corporate
   * proxy); default: the process's. The desktop host puts the OS's proxy there.
   */
  readonly proxyEnv?: NodeJS.ProcessEnv;
}

/** The SDK's logger interface (debug/info/warn/error). */
export type Logger = NonNullable<S3ClientConfig['logger']>;

/**
 * A logger that drops the SDK's messages. Without one, the SDK prints "An error was
 * encountered in a non-retryable streaming request." to the console on every failed part
 * (it falls back to `console` when given no logger); the engine already reports each
 * failure through its events and typed errors, in words.
 */
export const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/**
 * Builds an S3 client bound to a credential provider. Checksums are sent only when an
 * operation requires them: the SDK's default trailing CRC32 breaks streamed uploads on Ceph
 * and other S3-compatible stores (Content-MD5 per part is our integrity check instead).
 * Retries are the engine's job (it knows about credentials and connectivity), so the SDK's
 * own retry is limited to one attempt.
 */
export function createS3Client(
  target: BucketTarget,
  credentials: CredentialProvider,
  options: S3ClientOptions = {},
): S3Client {
  const maxSockets = options.maxSockets ?? 64;
  // Node 24's agents tunnel through the proxy the environment names (CONNECT for https).
  const proxyEnv = options.proxyEnv ?? process.env;
  return new S3Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint, forcePathStyle: true } : {}),
    credentials: async () => {
      const c = await credentials.get();
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: c.expiration,
      };
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    logger: options.logger ?? quietLogger,
    // A certificate TLS refused comes out as a CopperError in words (see tls-failure.ts).
    requestHandler: new TlsWordsHandler(target.endpoint ?? `https://s3.${target.region}.amazonaws.com`, {
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets, proxyEnv }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets, proxyEnv }),
      connectionTimeout: 10_000,
      // An idle-socket timeout (smithy's `requestTimeout` only warns unless opted in, and caps the
      // whole request, which would cut slow but healthy uploads).
      socketTimeout: options.requestTimeoutMs ?? 60_000,
    }),
  });
}
