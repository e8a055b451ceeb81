import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadDatabaseUrl, loadProvisionConfig } from '../../server/config';
import { poolConfig } from '../../server/db/pool';

const good = {
  DATABASE_URL: 'postgres://u:p@db.example.com:5432/copper',
  S3_BUCKET: 'copper-gallery',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret/example',
  UPLOAD_ROLE_ARN: 'arn:aws:iam::123456789012:role/copper-upload',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadApiConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('server config', () => {
  it('reads a complete environment with defaults', () => {
    const c = loadApiConfig(good);
    expect(c).toEqual({
      databaseUrl: good.DATABASE_URL,
      s3: {
        bucket: 'copper-gallery',
        region: 'eu-west-1',
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: 'secret/example',
        endpoint: undefined,
      },
      uploadRoleArn: good.UPLOAD_ROLE_ARN,
      // 15 minutes by default: what a disabled account's last credential can still do (README, security).
      credentialTtlSeconds: 900,
      sessionTtlDays: 30,
      trustProxy: false,
    });
    expect(loadApiConfig({ ...good, DYNO: 'web.1' }).trustProxy).toBe(true);
    expect(
      loadApiConfig({ ...good, S3_ENDPOINT: 'http://127.0.0.1:7480/', CREDENTIAL_TTL_SECONDS: '3600' }),
    ).toMatchObject({
      s3: { endpoint: 'http://127.0.0.1:7480' },
      credentialTtlSeconds: 3600,
    });
  });

  it('names every missing variable at once', () => {
    const p = problems({});
    for (const name of [
      'DATABASE_URL',
      'S3_BUCKET',
      'AWS_REGION',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'UPLOAD_ROLE_ARN',
    ]) {
      expect(p.some((x) => x.startsWith(`${name} is missing`))).toBe(true);
    }
    expect(p).toHaveLength(6);
  });

  it('names every malformed variable, and only those', () => {
    const p = problems({
      ...good,
      DATABASE_URL: 'mysql://x',
      S3_BUCKET: 'Bad_Bucket',
      UPLOAD_ROLE_ARN: 'role/copper',
      S3_ENDPOINT: 'not a url',
      CREDENTIAL_TTL_SECONDS: '7200',
      SESSION_TTL_DAYS: 'ten',
      TRUST_PROXY: 'maybe',
    });
    expect(p.map((x) => x.split(' ')[0])).toEqual([
      'DATABASE_URL',
      'S3_BUCKET',
      'S3_ENDPOINT',
      'UPLOAD_ROLE_ARN',
      'CREDENTIAL_TTL_SECONDS',
      'SESSION_TTL_DAYS',
      'TRUST_PROXY',
    ]);
    expect(p.join('\n')).not.toContain('secret/example');
  });

  it('loads only what the release phase and provision need', () => {
    expect(loadDatabaseUrl({ DATABASE_URL: good.DATABASE_URL })).toBe(good.DATABASE_URL);
    expect(() => loadDatabaseUrl({})).toThrow(/DATABASE_URL is missing/);
    expect(
      loadProvisionConfig({ ...good, NONCURRENT_VERSION_EXPIRY_DAYS: '30' }).noncurrentVersionExpiryDays,
    ).toBe(30);
    expect(loadProvisionConfig(good).noncurrentVersionExpiryDays).toBeUndefined();
    expect(() => loadProvisionConfig({ ...good, NONCURRENT_VERSION_EXPIRY_DAYS: '0' })).toThrow(
      /NONCURRENT_VERSION_EXPIRY_DAYS/,
    );
  });

  it('uses TLS for PostgreSQL when the URL (or PGSSLMODE) asks for it', () => {
    expect(poolConfig('postgres://u:p@h/db').ssl).toBe(false);
    const heroku = poolConfig('postgres://u:p@h/db?sslmode=require');
    expect(heroku.ssl).toEqual({ rejectUnauthorized: false });
    expect(heroku.connectionString).not.toContain('sslmode');
    expect(poolConfig('postgres://u:p@h/db', { PGSSLMODE: 'no-verify' }).ssl).toEqual({
      rejectUnauthorized: false,
    });
    expect(poolConfig('postgres://u:p@h/db?sslmode=verify-full').ssl).toEqual({ rejectUnauthorized: true });
    expect(poolConfig('postgres://u:p@h/db?sslmode=disable', { PGSSLMODE: 'require' }).ssl).toBe(false);
  });
});
