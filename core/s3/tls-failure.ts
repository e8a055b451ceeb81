import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { CopperError } from '../../shared/errors';
import { leanRequest, type LeanHttpConfig, type LeanRequest, type LeanResponse } from './lean-request';

// Node's codes for a TLS connection that could not be verified or set up: an unknown CA
// (a company's own root not trusted), a self-signed or expired certificate, a name mismatch.
const TLS_CODES = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH)/;

/** The TLS failure an error (or one of its causes) carries: Node's code and its reason, if any. */
export function tlsFailure(err: unknown): { code: string; reason: string } | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && TLS_CODES.test(code)) {
      // Node appends advice for developers ("…; if the root CA is installed locally, try
      // running Node.js with --use-system-ca") that is not for the person reading.
      const reason = typeof message === 'string' ? message.split(';')[0]!.trim() : '';
      return { code, reason };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A CopperError in words for a connection to S3 that TLS refused, or undefined for any other
 * failure. Not retryable: the same certificate will be refused again, so the entry fails with
 * the reason instead of waiting for a network that is there.
 */
export function s3TlsError(err: unknown, endpoint: string): CopperError | undefined {
  const tls = tlsFailure(err);
  if (!tls) return undefined;
  return new CopperError(
    's3.tls',
    `The connection to S3 at ${endpoint} is not secure: ${tls.reason || 'certificate refused'} (${tls.code}). ` +
      'Check the S3 address; if your organisation uses its own certificate authority, install its root ' +
      "certificate in the system's certificate store (for the copper command, name its file in NODE_EXTRA_CA_CERTS).",
    false,
    { cause: err },
  );
}

/**
 * The S3 clients' HTTP handler: Node's, with a TLS refusal turned into s3TlsError's words. On
 * the handler rather than the SDK's middleware, so the engine's own signed PUTs (which call
 * the client's handler directly, core/upload/fast-s3-request.ts) get the same words.
 */
export class TlsWordsHandler extends NodeHttpHandler {
  private readonly lean: LeanHttpConfig;

  constructor(
    private readonly endpoint: string,
    options: NodeHttpHandlerOptions & { httpAgent: Http.Agent; httpsAgent: Https.Agent },
  ) {
    super(options);
    this.lean = {
      httpAgent: options.httpAgent,
      httpsAgent: options.httpsAgent,
      connectionTimeoutMs: options.connectionTimeout ?? 10_000,
      socketTimeoutMs: options.socketTimeout ?? 60_000,
    };
  }

  /**
   * One signed request on the same agents and timeouts without the SDK's per-request machinery
   * (lean-request.ts): the engine's PUTs, thousands per folder of small files.
   */
  async sendLean(request: LeanRequest, signal?: AbortSignal): Promise<LeanResponse> {
    try {
      return await leanRequest(this.lean, request, signal);
    } catch (err) {
      throw s3TlsError(err, this.endpoint) ?? err;
    }
  }

  override async handle(
    ...args: Parameters<NodeHttpHandler['handle']>
  ): Promise<Awaited<ReturnType<NodeHttpHandler['handle']>>> {
    try {
      return await super.handle(...args);
    } catch (err) {
      throw s3TlsError(err, this.endpoint) ?? err;
    }
  }
}
