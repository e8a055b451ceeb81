import { describe, expect, it } from 'vitest';
import { CopperError } from '../../shared/errors';
import { classifyFailure } from '../../core/s3/s3-errors';
import { s3TlsError, tlsFailure } from '../../core/s3/tls-failure';

const nodeTls = Object.assign(
  new Error(
    'unable to verify the first certificate; if the root CA is installed locally, try running Node.js with --use-system-ca',
  ),
  { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
);

describe('S3 TLS failures in words', () => {
  it("finds Node's TLS code through causes and drops its advice for developers", () => {
    const wrapped = new Error('request failed', { cause: new Error('socket', { cause: nodeTls }) });
    expect(tlsFailure(wrapped)).toEqual({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      reason: 'unable to verify the first certificate',
    });
    expect(tlsFailure(Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }))?.code).toBe(
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );
  });

  it('leaves every other failure alone', () => {
    expect(tlsFailure(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(s3TlsError(new Error('AccessDenied'), 'https://s3.example')).toBeUndefined();
    expect(s3TlsError(undefined, 'https://s3.example')).toBeUndefined();
  });

  it('says which endpoint, what TLS refused and what to do; not retryable', () => {
    const err = s3TlsError(nodeTls, 'https://s3.gallery.example');
    expect(err).toBeInstanceOf(CopperError);
    expect(err).toMatchObject({ code: 's3.tls', retryable: false, cause: nodeTls });
    expect(err!.message).toMatch(
      /^The connection to S3 at https:\/\/s3\.gallery\.example is not secure: unable/,
    );
    expect(err!.message).toContain('(UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
    expect(err!.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(err!.message).not.toContain('--use-system-ca');
    // Fatal for the engine: the file fails with these words instead of the queue waiting for a network.
    expect(classifyFailure(err)).toBe('fatal');
  });
});
