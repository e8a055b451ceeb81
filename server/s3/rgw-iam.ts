import { createHash, createHmac, type BinaryLike, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { S3Config } from '../config';

/**
 * The few IAM role calls `provision` and `user add` make, against the S3-compatible store's own
 * endpoint (Ceph RGW answers IAM's query API there, for a user with the `roles=*` caps). Plain
 * signed POSTs: the AWS SDK's IAM client is not a dependency, and RGW needs nothing more.
 */

/** An IAM error answer: `code` is IAM's (NoSuchEntity, EntityAlreadyExists, AccessDenied ...). */
export class IamError extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(`IAM ${action} failed: HTTP ${status}${code ? ` ${code}` : ''}`);
    this.name = 'IamError';
  }
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData): BinaryLike =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

// SignatureV4 wants a hash class: SHA-256, or HMAC-SHA-256 when given a secret.
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

const ENTITIES: Readonly<Record<string, string>> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos);/gi, (_m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? '';
  });
}

/** The text of every `<tag>…</tag>` in an answer (IAM answers are flat enough for this). */
export function xmlTexts(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => unescapeXml(m[1]!));
}

/** A signed IAM query-API client for the store at `s3.endpoint`. */
export class RgwIam {
  private readonly signer: SignatureV4;
  private readonly url: URL;

  constructor(s3: S3Config) {
    if (!s3.endpoint) throw new Error('IAM role calls need S3_ENDPOINT (the store that serves them)');
    this.url = new URL(s3.endpoint);
    this.signer = new SignatureV4({
      service: 'iam',
      region: s3.region,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      sha256: Sha256,
    });
  }

  /** One call; the answer's XML on 2xx, else an IamError with IAM's error code. */
  async call(action: string, params: Readonly<Record<string, string>>): Promise<string> {
    const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      ...(this.url.port ? { port: Number(this.url.port) } : {}),
      path: '/',
      query: {},
      headers: { host: this.url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    const res = await fetch(new URL('/', this.url), {
      method: 'POST',
      headers: signed.headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(15_000),
    });
    const text = (await res.text()).slice(0, 1_000_000);
    if (!res.ok) throw new IamError(action, res.status, xmlTexts(text, 'Code')[0] ?? '');
    return text;
  }
}

/** A policy document as IAM returned it: JSON, URL-encoded on AWS, plain on RGW. */
export function parsePolicyText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(decodeURIComponent(text));
  }
}
