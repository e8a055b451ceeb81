import { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { SigV4Signer, canonicalQuery } from '../../core/s3/sigv4';

// The lean signer must produce exactly what the SDK's own signer produces for the same
// request, or S3 refuses it (SignatureDoesNotMatch): the SDK's signer is the reference here.
const creds = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDOzBqb1bF+session/token==',
};
const when = new Date('2026-11-30T23:59:58.123Z');

async function reference(
  path: string,
  query: Record<string, string>,
  headers: Record<string, string>,
  payload: string,
) {
  const signer = new SignatureV4({
    service: 's3',
    region: 'eu-central-1',
    credentials: creds,
    sha256: new S3Client({ region: 'eu-central-1' }).config.sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const req = {
    method: 'PUT',
    protocol: 'http:',
    hostname: 'localhost',
    port: 8000,
    path,
    query,
    headers: { ...headers, 'x-amz-content-sha256': payload },
    body: Buffer.alloc(0),
  } as unknown as HttpRequest;
  const signed = await signer.sign(req, { signingDate: when });
  return signed.headers;
}

describe('SigV4Signer', () => {
  it.each([
    [
      'a PutObject with metadata and a session token',
      '/bucket/Spring%20Show/caf%C3%A9%20%281%29.tif',
      {},
      'UNSIGNED-PAYLOAD',
    ],
    [
      'an UploadPart (query string)',
      '/bucket/big.psd',
      { partNumber: '12', uploadId: '2~AbC.d-e_f/g+h=' },
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ],
  ])('signs %s as the SDK does', async (_what, path, query, payload) => {
    const headers = {
      host: 'localhost:8000',
      'content-length': '32768',
      'content-md5': 'XUFAKrxLKna5cZ2REBfFkg==',
      'content-type': 'image/tiff',
      'x-amz-meta-uploaded-by': '=?UTF-8?B?w4lsb2RpZQ==?=',
    };
    const expected = await reference(path, query, headers, payload);
    const mine: Record<string, string> = { ...headers };
    new SigV4Signer('eu-central-1').sign(
      { method: 'PUT', path, query, headers: mine, payloadHash: payload },
      creds,
      when,
    );
    expect(mine.authorization).toBe(expected.authorization);
    expect(mine['x-amz-date']).toBe(expected['x-amz-date']);
    expect(mine['x-amz-security-token']).toBe(creds.sessionToken);
  });

  it('derives a new signing key for a new day or a new secret', () => {
    const signer = new SigV4Signer('us-east-1');
    const sign = (c: typeof creds, d: Date) => {
      const headers: Record<string, string> = { host: 'h' };
      signer.sign({ method: 'PUT', path: '/b/k', query: {}, headers, payloadHash: 'UNSIGNED-PAYLOAD' }, c, d);
      return headers.authorization!.split('Signature=')[1];
    };
    const first = sign(creds, when);
    expect(sign(creds, when)).toBe(first);
    expect(sign(creds, new Date('2026-12-01T00:00:01Z'))).not.toBe(first);
    expect(sign({ ...creds, secretAccessKey: 'other' }, when)).not.toBe(first);
  });

  it('encodes query values as S3 signs them', () => {
    expect(canonicalQuery({ uploadId: "a b*!'()~", partNumber: '3' })).toBe(
      'partNumber=3&uploadId=a%20b%2A%21%27%28%29~',
    );
  });
});
