import type { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';

/** One PutObject or UploadPart, the two requests that carry the bytes. */
export interface FastPut {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer | Readable;
  readonly contentLength: number;
  /** Base64 MD5 of the body: S3 refuses the request (BadDigest) when the bytes differ. */
  readonly contentMd5: string;
  /** Hex SHA-256 of the body when already known (signed, so S3 checks it too); else UNSIGNED-PAYLOAD. */
  readonly payloadSha256?: string;
  readonly contentType?: string;
  /** User metadata (header-safe values), PutObject only. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** UploadPart only: both set. */
  readonly uploadId?: string;
  readonly partNumber?: number;
}

/** What S3 answered: the same fields the SDK's PutObject/UploadPart output has. */
export interface FastPutResult {
  readonly ETag?: string;
  readonly VersionId?: string;
}

/** An S3 error answer, shaped like the SDK's (name = S3 code, $metadata.httpStatusCode) for s3-errors.ts. */
export class S3ResponseError extends Error {
  readonly $metadata: { readonly httpStatusCode: number };
  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode: status };
  }
}

// Path segments as S3 signs them: RFC 3986 unreserved characters stay, everything else is
// percent-encoded (encodeURIComponent leaves !'()* alone, S3 does not).
const encodeSegment = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Where a bucket's objects are addressed: path style on a custom endpoint, virtual host on AWS. */
async function locate(client: S3Client, bucket: string, key: string) {
  const cfg = client.config;
  const encodedKey = key.split('/').map(encodeSegment).join('/');
  if (cfg.endpoint) {
    const ep = await cfg.endpoint();
    const base = ep.path && ep.path !== '/' ? ep.path.replace(/\/$/, '') : '';
    return {
      protocol: ep.protocol,
      hostname: ep.hostname,
      port: ep.port,
      path: `${base}/${encodeSegment(bucket)}/${encodedKey}`,
    };
  }
  // No custom endpoint: AWS. Buckets Copper provisions are DNS names without dots.
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) return undefined;
  const region = await cfg.region();
  return {
    protocol: 'https:',
    hostname: `${bucket}.s3.${region}.amazonaws.com`,
    port: undefined,
    path: `/${encodedKey}`,
  };
}

function readAll(body: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.on('error', reject);
  });
}

const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/**
 * Sends a PutObject or UploadPart as one SigV4-signed request on the client's own HTTP handler
 * (its keep-alive agent, connection and socket timeouts, abort), without the SDK's middleware
 * stack: serialization, endpoint rules, retry and logging layers cost about a millisecond of
 * CPU per request, which decided the race on thousands of small files. The client's
 * credential provider signs it, so a renewed session (a new client) signs with the new key.
 * Errors look like the SDK's, so the request runner classifies them the same way.
 * Returns undefined when the bucket cannot be addressed here (the caller uses the SDK).
 */
export async function fastPut(
  client: S3Client,
  req: FastPut,
  signal: AbortSignal | undefined,
): Promise<FastPutResult | undefined> {
  const where = await locate(client, req.bucket, req.key);
  if (!where) return undefined;
  const cfg = client.config;
  const headers: Record<string, string> = {
    host: where.port ? `${where.hostname}:${where.port}` : where.hostname,
    'content-length': String(req.contentLength),
    'content-md5': req.contentMd5,
    'x-amz-content-sha256': req.payloadSha256 ?? 'UNSIGNED-PAYLOAD',
  };
  if (req.contentType) headers['content-type'] = req.contentType;
  for (const [k, v] of Object.entries(req.metadata ?? {})) headers[`x-amz-meta-${k.toLowerCase()}`] = v;
  const query: Record<string, string> =
    req.uploadId !== undefined && req.partNumber !== undefined
      ? { partNumber: String(req.partNumber), uploadId: req.uploadId }
      : {};
  const signer = new SignatureV4({
    service: 's3',
    region: cfg.region,
    credentials: cfg.credentials,
    sha256: cfg.sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const unsigned = { method: 'PUT', ...where, query, headers, body: req.body } as HttpRequest;
  const signed = await signer.sign(unsigned);
  const handler = cfg.requestHandler as RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;
  const { response } = await handler.handle(signed, { abortSignal: signal });
  const body = response.body as IncomingMessage | undefined;
  const text = body ? await readAll(body) : '';
  const h = response.headers;
  if (response.statusCode >= 300) {
    const code = tag(text, 'Code') ?? `HTTP${response.statusCode}`;
    throw new S3ResponseError(code, tag(text, 'Message') ?? code, response.statusCode);
  }
  return { ETag: h.etag ?? h.ETag, VersionId: h['x-amz-version-id'] };
}

/**
 * PutObject/UploadPart through `fastPut` when `fast` is on and the bucket can be addressed
 * directly, through the SDK otherwise (the same request, the same answer fields).
 */
export async function sendPut(
  client: S3Client,
  req: FastPut,
  signal: AbortSignal | undefined,
  fast: boolean,
): Promise<FastPutResult> {
  if (fast) {
    const answer = await fastPut(client, req, signal);
    if (answer) return answer;
  }
  const common = {
    Bucket: req.bucket,
    Key: req.key,
    Body: req.body,
    ContentLength: req.contentLength,
    ContentMD5: req.contentMd5,
  };
  if (req.uploadId !== undefined && req.partNumber !== undefined)
    return client.send(
      new UploadPartCommand({ ...common, UploadId: req.uploadId, PartNumber: req.partNumber }),
      {
        abortSignal: signal,
      },
    );
  return client.send(
    new PutObjectCommand({ ...common, ContentType: req.contentType, Metadata: { ...req.metadata } }),
    { abortSignal: signal },
  );
}
