import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../core/s3/s3-errors';

const s3Error = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('classifyFailure', () => {
  it('sends refused credentials to the provider', () => {
    for (const code of ['ExpiredToken', 'InvalidAccessKeyId', 'TokenRefreshRequired'])
      expect(classifyFailure(s3Error(code, 403))).toBe('credential');
  });
  it('retries server trouble', () => {
    expect(classifyFailure(s3Error('SlowDown', 503))).toBe('server');
    expect(classifyFailure(s3Error('InternalError', 500))).toBe('server');
    expect(classifyFailure(s3Error('Unknown', 502))).toBe('server');
  });
  it('treats no answer as the network', () => {
    expect(classifyFailure(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(
      'network',
    );
    expect(classifyFailure(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe('network');
    expect(classifyFailure(new Error('socket hang up'))).toBe('network');
    expect(
      classifyFailure(
        Object.assign(new Error('wrapped'), {
          cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
        }),
      ),
    ).toBe('network');
  });
  it('fails the file for denials and missing buckets, and knows a vanished upload', () => {
    expect(classifyFailure(s3Error('AccessDenied', 403))).toBe('fatal');
    expect(classifyFailure(s3Error('NoSuchBucket', 404))).toBe('fatal');
    expect(classifyFailure(s3Error('NoSuchUpload', 404))).toBe('no-such-upload');
  });
  it('reports our own aborts as aborted', () => {
    const c = new AbortController();
    c.abort();
    expect(classifyFailure(Object.assign(new Error('aborted'), { name: 'AbortError' }), c.signal)).toBe(
      'aborted',
    );
  });
});
