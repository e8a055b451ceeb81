import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadApiConfig,
  loadArtistRoleSetup,
  loadDatabaseUrl,
  loadProvisionConfig,
} from '../../server/config';
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
      artistRoles: undefined, // AWS: the shared role, its signed tokens keep the session policy
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

  it('gives each artist a role of their own on an S3_ENDPOINT deployment, the shared role on AWS', () => {
    const rgw = { ...good, S3_ENDPOINT: 'https://rgw.example.com' };
    expect(loadApiConfig(rgw).artistRoles).toEqual({ namePrefix: 'copper-artist-' });
    expect(loadApiConfig({ ...rgw, ARTIST_ROLE_PREFIX: 'gallery2-' }).artistRoles).toEqual({
      namePrefix: 'gallery2-',
    });
    expect(loadApiConfig({ ...rgw, ARTIST_ROLES: 'shared' }).artistRoles).toBeUndefined();
    expect(loadApiConfig({ ...good, ARTIST_ROLES: 'shared' }).artistRoles).toBeUndefined();
    expect(problems({ ...good, ARTIST_ROLES: 'per-artist' })).toEqual([
      expect.stringMatching(/^ARTIST_ROLES=per-artist needs S3_ENDPOINT/),
    ]);
    expect(problems({ ...rgw, ARTIST_ROLES: 'each' })).toEqual([
      expect.stringMatching(/^ARTIST_ROLES must be/),
    ]);
    expect(problems({ ...rgw, ARTIST_ROLE_PREFIX: ' gallery2- ' })).toEqual([]); // trimmed
    expect(problems({ ...rgw, ARTIST_ROLE_PREFIX: 'bad/prefix' })).toEqual([
      expect.stringMatching(/^ARTIST_ROLE_PREFIX must be/),
    ]);
  });

  it('provision and user add need the shared role and the database only for per-artist roles', () => {
    const bucketOnly = {
      S3_BUCKET: 'copper-gallery',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret/example',
    };
    expect(loadProvisionConfig(bucketOnly).roles).toBeUndefined();
    const rgw = { ...bucketOnly, S3_ENDPOINT: 'https://rgw.example.com' };
    expect(() => loadProvisionConfig(rgw)).toThrow(
      /UPLOAD_ROLE_ARN is missing[\s\S]*DATABASE_URL is missing/,
    );
    const full = {
      ...rgw,
      UPLOAD_ROLE_ARN: 'arn:aws:iam::gallery:role/CopperUpload',
      DATABASE_URL: good.DATABASE_URL,
    };
    expect(loadProvisionConfig(full).roles).toMatchObject({
      uploadRoleArn: 'arn:aws:iam::gallery:role/CopperUpload',
      artistRoles: { namePrefix: 'copper-artist-' },
      databaseUrl: good.DATABASE_URL,
      s3: { endpoint: 'https://rgw.example.com', bucket: 'copper-gallery' },
    });
    expect(loadProvisionConfig({ ...rgw, ARTIST_ROLES: 'shared' }).roles).toBeUndefined();
    // user add: nothing beyond DATABASE_URL on AWS; everything a role needs with S3_ENDPOINT.
    expect(loadArtistRoleSetup({ DATABASE_URL: good.DATABASE_URL })).toBeUndefined();
    expect(() => loadArtistRoleSetup({ S3_ENDPOINT: 'https://rgw.example.com' })).toThrow(
      /S3_BUCKET is missing/,
    );
    expect(loadArtistRoleSetup(full)?.artistRoles.namePrefix).toBe('copper-artist-');
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
