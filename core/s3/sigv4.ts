import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';

/** The keys a request is signed with (a session's token included). */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A request to sign: `path` and the query values as they go on the wire (already URI-encoded path). */
export interface RequestToSign {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case names; every one is signed. */
  readonly headers: Record<string, string>;
  /** Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`. */
  readonly payloadHash: string;
}

/**
 * S3's URI encoding (RFC 3986: unreserved characters stay, everything else is percent-encoded;
 * encodeURIComponent leaves !'()* alone, S3 does not). Used for path segments and query values.
 */
export const uriEncode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The query string as the handler sends it and SigV4 signs it: names sorted, both sides encoded. */
export function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${uriEncode(k)}=${uriEncode(query[k]!)}`)
    .join('&');
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/**
 * AWS Signature Version 4 for the two requests that carry bytes (PutObject, UploadPart), in
 * two hash calls: the SDK's signer spent ~170 µs of CPU per request (a new signer per call, an
 * HMAC per signature just to look up its key cache, HMACs over raw keys), this one ~15 µs,
 * which counts when thousands of small files go one request each. The signing key changes once a
 * day per key and region, so it is kept (one entry: a renewed session replaces it).
 */
export class SigV4Signer {
  private cached?: { readonly id: string; readonly key: KeyObject };

  constructor(
    private readonly region: string,
    private readonly service = 's3',
  ) {}

  /** Adds x-amz-date, x-amz-content-sha256, the session token and Authorization to `req.headers`. */
  sign(req: RequestToSign, creds: SigningCredentials, now = new Date()): void {
    const amzDate = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const h = req.headers;
    h['x-amz-date'] = amzDate;
    h['x-amz-content-sha256'] = req.payloadHash;
    if (creds.sessionToken) h['x-amz-security-token'] = creds.sessionToken;
    const names = Object.keys(h).sort();
    const signedHeaders = names.join(';');
    let canonical = `${req.method}\n${req.path}\n${canonicalQuery(req.query)}\n`;
    for (const n of names) canonical += `${n}:${h[n]!.trim().replace(/\s+/g, ' ')}\n`;
    canonical += `\n${signedHeaders}\n${req.payloadHash}`;
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hash('sha256', canonical)}`;
    const signature = createHmac('sha256', this.signingKey(creds.secretAccessKey, day))
      .update(toSign)
      .digest('hex');
    h.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  }

  /** A KeyObject: an HMAC with a raw Buffer key spent ~30 µs importing the key each time. */
  private signingKey(secret: string, day: string): KeyObject {
    const id = `${day}\n${secret}`;
    if (this.cached?.id !== id) {
      const raw = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), this.region), this.service), 'aws4_request');
      this.cached = { id, key: createSecretKey(raw) };
    }
    return this.cached.key;
  }
}
