import type { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { SigV4Signer, uriEncode } from '../s3/sigv4';
import type { LeanRequest, LeanResponse } from '../s3/lean-request';
import { TlsWordsHandler } from '../s3/tls-failure';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';

/** One PutObject or UploadPart, the two requests that carry the bytes. */
export interface FastPut {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer | Readable;
  readonly contentLength: number;
  /**
   * The checksum S3 verifies, at least one of the two. `contentMd5`: base64 MD5 of the body
   * (S3 refuses other bytes with BadDigest). `payloadSha256`: hex SHA-256 of the body, signed
   * as the payload hash (S3 refuses other bytes with XAmzContentSHA256Mismatch); without it the
   * payload is UNSIGNED-PAYLOAD.
   */
  readonly contentMd5?: string;
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

/** Where a client's requests go and how they are signed: resolved once per client. */
interface ClientRoute {
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  /** The endpoint's base path (path style: the bucket follows), or undefined on AWS (virtual host). */
  readonly basePath?: string;
  readonly region: string;
  readonly signer: SigV4Signer;
}

const routes = new WeakMap<S3Client, Promise<ClientRoute>>();

async function resolveRoute(client: S3Client): Promise<ClientRoute> {
  const cfg = client.config;
  const region = await cfg.region();
  const signer = new SigV4Signer(region);
  if (!cfg.endpoint) return { protocol: 'https:', hostname: '', region, signer };
  const ep = await cfg.endpoint();
  const basePath = ep.path && ep.path !== '/' ? ep.path.replace(/\/$/, '') : '';
  return { protocol: ep.protocol, hostname: ep.hostname, port: ep.port, basePath, region, signer };
}

/** The endpoint and region do not change for a client's life; resolving them per request did show. */
function routeOf(client: S3Client): Promise<ClientRoute> {
  let route = routes.get(client);
  if (!route) {
    route = resolveRoute(client);
    routes.set(client, route);
    route.catch(() => routes.delete(client));
  }
  return route;
}

/** Where a bucket's objects are addressed: path style on a custom endpoint, virtual host on AWS. */
function locate(route: ClientRoute, bucket: string, key: string) {
  const encodedKey = key.split('/').map(uriEncode).join('/');
  if (route.basePath !== undefined)
    return {
      protocol: route.protocol,
      hostname: route.hostname,
      port: route.port,
      path: `${route.basePath}/${uriEncode(bucket)}/${encodedKey}`,
    };
  // No custom endpoint: AWS. Buckets Copper provisions are DNS names without dots.
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) return undefined;
  return {
    protocol: 'https:',
    hostname: `${bucket}.s3.${route.region}.amazonaws.com`,
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
 * Sends a PutObject or UploadPart as one SigV4-signed request on the client's own agents
 * (keep-alive, connection and socket timeouts, abort; see `send`), without the SDK's middleware
 * stack: serialization, endpoint rules, retry and logging layers cost about a millisecond of
 * CPU per request, which decided the race on thousands of small files. It is signed by
 * core/s3/sigv4.ts with the keys of the client's credential provider, so a renewed session
 * (a new client) signs with the new key.
 * Errors look like the SDK's, so the request runner classifies them the same way.
 * Returns undefined when the bucket cannot be addressed here (the caller uses the SDK).
 */
export async function fastPut(
  client: S3Client,
  req: FastPut,
  signal: AbortSignal | undefined,
): Promise<FastPutResult | undefined> {
  const route = await routeOf(client);
  const where = locate(route, req.bucket, req.key);
  if (!where) return undefined;
  const headers: Record<string, string> = {
    host: where.port ? `${where.hostname}:${where.port}` : where.hostname,
    'content-length': String(req.contentLength),
  };
  if (req.contentMd5) headers['content-md5'] = req.contentMd5;
  if (req.contentType) headers['content-type'] = req.contentType;
  for (const [k, v] of Object.entries(req.metadata ?? {})) headers[`x-amz-meta-${k.toLowerCase()}`] = v;
  const query: Record<string, string> =
    req.uploadId !== undefined && req.partNumber !== undefined
      ? { partNumber: String(req.partNumber), uploadId: req.uploadId }
      : {};
  const payloadHash = req.payloadSha256 ?? 'UNSIGNED-PAYLOAD';
  route.signer.sign(
    { method: 'PUT', path: where.path, query, headers, payloadHash },
    await client.config.credentials(),
  );
  const answer = await send(client, { method: 'PUT', ...where, query, headers, body: req.body }, signal);
  if (answer.statusCode >= 300) {
    const code = tag(answer.text, 'Code') ?? `HTTP${answer.statusCode}`;
    throw new S3ResponseError(code, tag(answer.text, 'Message') ?? code, answer.statusCode);
  }
  const header = (name: string) => {
    const v = answer.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return { ETag: header('etag'), VersionId: header('x-amz-version-id') };
}

/**
 * Sends the signed request: on Copper's own handler (client-factory.ts) by its lean path, the
 * same agents and timeouts without the SDK handler's timers and listeners per request
 * (~65 µs of CPU each); on any other handler through its `handle`.
 */
async function send(
  client: S3Client,
  r: LeanRequest & { readonly query: Record<string, string> },
  signal: AbortSignal | undefined,
): Promise<LeanResponse> {
  const handler = client.config.requestHandler;
  if (handler instanceof TlsWordsHandler) {
    const qs = Object.entries(r.query)
      .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
      .join('&');
    return handler.sendLean({ ...r, path: qs ? `${r.path}?${qs}` : r.path }, signal);
  }
  const { response } = await (
    handler as RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>
  ).handle(r as HttpRequest, { abortSignal: signal });
  const body = response.body as IncomingMessage | undefined;
  const text = body ? await readAll(body) : '';
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) headers[k.toLowerCase()] = v;
  return { statusCode: response.statusCode, headers, text };
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
  const command =
    req.uploadId !== undefined && req.partNumber !== undefined
      ? new UploadPartCommand({ ...common, UploadId: req.uploadId, PartNumber: req.partNumber })
      : new PutObjectCommand({ ...common, ContentType: req.contentType, Metadata: { ...req.metadata } });
  if (req.payloadSha256) signPayloadAs(command, req.payloadSha256);
  return client.send(command as PutObjectCommand, { abortSignal: signal });
}

/**
 * Has the SDK sign `sha256` as the payload hash (its SigV4 signer takes an
 * x-amz-content-sha256 header already on the request as the hash), so S3 checks the body
 * against it as `fastPut` does.
 */
function signPayloadAs(command: PutObjectCommand | UploadPartCommand, sha256: string): void {
  (command as PutObjectCommand).middlewareStack.add(
    (next) => (args) => {
      const request = args.request as HttpRequest;
      request.headers['x-amz-content-sha256'] = sha256;
      return next(args);
    },
    { step: 'build', name: 'copperSignedPayload' },
  );
}
