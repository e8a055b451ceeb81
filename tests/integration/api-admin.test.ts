import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  CreateBucketCommand,
} from '@aws-sdk/client-s3';
import { adminS3, testServices } from '../support/services';
import { runAdmin } from '../../server/admin/commands';
import { runMigrations } from '../../server/db/migrations';
import { verifyPassword } from '../../server/auth/passwords';
import { ABORT_RULE_ID, NONCURRENT_RULE_ID } from '../../server/s3/provision';
import { adminIo, freshDatabase } from './api-harness';

const io = adminIo;

describe('npm run api:admin', () => {
  const s3 = adminS3();
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let s3Env: Record<string, string>;

  beforeAll(async () => {
    db = await freshDatabase();
    const { s3: svc } = testServices();
    // An RGW deployment: provision also sees to each artist's role (none in this database yet;
    // tests/integration/api-rgw-roles.test.ts covers the roles).
    s3Env = {
      AWS_REGION: svc.region,
      AWS_ACCESS_KEY_ID: svc.accessKeyId,
      AWS_SECRET_ACCESS_KEY: svc.secretAccessKey,
      S3_ENDPOINT: svc.endpoint,
      UPLOAD_ROLE_ARN: svc.roleArn,
      DATABASE_URL: db.url,
      ARTIST_ROLE_PREFIX: `t${randomBytes(4).toString('hex')}-`,
    };
  });
  afterAll(async () => {
    s3.destroy();
    await db?.drop();
  });

  it('provision creates a versioned bucket with the lifecycle rule, and changes nothing the second time', async () => {
    const bucket = `prov-${randomBytes(5).toString('hex')}`;
    const first = io({ ...s3Env, S3_BUCKET: bucket });
    expect(await runAdmin(['provision'], first)).toBe(0);
    const out1 = first.stdout.join('');
    expect(out1).toContain('changed    bucket created');
    expect(out1).toContain('note       TLS-only bucket policy: skipped');

    const v = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    expect(v.Status).toBe('Enabled');
    const lc = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    const abort = lc.Rules?.find((r) => r.ID === ABORT_RULE_ID);
    expect(abort?.Status).toBe('Enabled');
    expect(abort?.AbortIncompleteMultipartUpload?.DaysAfterInitiation).toBe(7);
    expect(lc.Rules?.some((r) => r.ID === NONCURRENT_RULE_ID)).toBe(false);
    const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(pab.PublicAccessBlockConfiguration).toMatchObject({
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    // Uploads still work on the provisioned bucket (RGW refuses them all with BlockPublicAcls).
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'artists/a/x.jpg', Body: 'x' }));

    const second = io({ ...s3Env, S3_BUCKET: bucket });
    expect(await runAdmin(['provision'], second)).toBe(0);
    expect(second.stdout.join('')).not.toMatch(/^ +changed /m);
    expect(second.stdout.join('')).toContain('Nothing to change.');
    const lc2 = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(lc2.Rules).toEqual(lc.Rules);
  });

  it('provision adds non-current expiry when configured and keeps rules it does not own', async () => {
    const bucket = `prov-${randomBytes(5).toString('hex')}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
          Rules: [
            { ID: 'gallery-tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 3 } },
          ],
        },
      }),
    );
    const run = io({ ...s3Env, S3_BUCKET: bucket, NONCURRENT_VERSION_EXPIRY_DAYS: '90' });
    expect(await runAdmin(['provision'], run)).toBe(0);
    expect(run.stdout.join('')).toContain('changed    versioning enabled');
    const lc = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(lc.Rules?.map((r) => r.ID).sort()).toEqual([ABORT_RULE_ID, NONCURRENT_RULE_ID, 'gallery-tmp']);
    expect(
      lc.Rules?.find((r) => r.ID === NONCURRENT_RULE_ID)?.NoncurrentVersionExpiration?.NoncurrentDays,
    ).toBe(90);
    // The flag overrides the variable; a changed value is a change.
    const again = io({ ...s3Env, S3_BUCKET: bucket, NONCURRENT_VERSION_EXPIRY_DAYS: '90' });
    expect(await runAdmin(['provision', '--noncurrent-days', '30'], again)).toBe(0);
    expect(again.stdout.join('')).toContain('changed    lifecycle');
    const lc2 = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(
      lc2.Rules?.find((r) => r.ID === NONCURRENT_RULE_ID)?.NoncurrentVersionExpiration?.NoncurrentDays,
    ).toBe(30);
    expect(lc2.Rules?.some((r) => r.ID === 'gallery-tmp')).toBe(true);
  });

  it('provision names every missing variable', async () => {
    const run = io({});
    expect(await runAdmin(['provision'], run)).toBe(78);
    const msg = run.stderr.join('');
    for (const name of ['S3_BUCKET', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
      expect(msg).toContain(name);
  });

  it('adds, lists, disables and resets accounts; passwords never as arguments', async () => {
    const env = { DATABASE_URL: db.url };
    const add = io({ ...env, COPPER_NEW_PASSWORD: 'staff password 1' });
    expect(
      await runAdmin(
        ['user', 'add', '--email', 'Boss@Gallery.test', '--role', 'staff', '--name', 'The Boss'],
        add,
      ),
    ).toBe(0);
    expect(add.stdout.join('')).toContain('Added staff boss@gallery.test');
    // From stdin (piped), with its trailing newline removed.
    const artist = io(env, 'artist password 1\n');
    expect(
      await runAdmin(
        ['user', 'add', '--email', 'ada@gallery.test', '--role', 'artist', '--artist-id', 'ada-l'],
        artist,
      ),
    ).toBe(0);

    const dup = io({ ...env, COPPER_NEW_PASSWORD: 'another password' });
    expect(
      await runAdmin(
        ['user', 'add', '--email', 'ada@gallery.test', '--role', 'artist', '--artist-id', 'ada-l'],
        dup,
      ),
    ).toBe(1);
    expect(dup.stderr.join('')).toContain('already exists');
    const badId = io({ ...env, COPPER_NEW_PASSWORD: 'another password' });
    expect(
      await runAdmin(
        ['user', 'add', '--email', 'x@gallery.test', '--role', 'artist', '--artist-id', 'Bad/Id'],
        badId,
      ),
    ).toBe(1);
    const short = io({ ...env, COPPER_NEW_PASSWORD: 'short' });
    expect(await runAdmin(['user', 'add', '--email', 'y@gallery.test', '--role', 'staff'], short)).toBe(1);
    expect(short.stderr.join('')).toContain('at least');
    const asArg = io(env);
    expect(
      await runAdmin(
        ['user', 'add', '--email', 'z@gallery.test', '--role', 'staff', '--password', 'nope nope nope'],
        asArg,
      ),
    ).toBe(64);

    const list = io(env);
    expect(await runAdmin(['user', 'list', '--json'], list)).toBe(0);
    const rows = JSON.parse(list.stdout.join('')) as {
      email: string;
      role: string;
      artistId: string | null;
      disabled: boolean;
      displayName: string;
    }[];
    expect(rows.map((r) => [r.email, r.role, r.artistId, r.displayName, r.disabled])).toEqual([
      ['ada@gallery.test', 'artist', 'ada-l', 'ada@gallery.test', false],
      ['boss@gallery.test', 'staff', null, 'The Boss', false],
    ]);

    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const hash = async (email: string) =>
        (await pool.query('SELECT password_hash FROM users WHERE email = $1', [email])).rows[0]
          .password_hash as string;
      expect(await verifyPassword('artist password 1', await hash('ada@gallery.test'))).toBe(true);

      // reset-password ends open sessions
      const uid = (await pool.query("SELECT id FROM users WHERE email = 'ada@gallery.test'")).rows[0].id;
      await pool.query(
        "INSERT INTO sessions (user_id, token_hash, created_at, expires_at) VALUES ($1, '\\x01', now(), now() + interval '1 day')",
        [uid],
      );
      const reset = io({ ...env, COPPER_NEW_PASSWORD: 'artist password 2' });
      expect(await runAdmin(['user', 'reset-password', 'ada@gallery.test'], reset)).toBe(0);
      expect(await verifyPassword('artist password 2', await hash('ada@gallery.test'))).toBe(true);
      expect(await verifyPassword('artist password 1', await hash('ada@gallery.test'))).toBe(false);
      expect(
        (
          await pool.query('SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [
            uid,
          ])
        ).rows[0].n,
      ).toBe('0');

      // Disabling an artist revokes the share links the account made.
      await pool.query(
        `INSERT INTO share_links (id, object_key, version_id, created_by, created_by_email, created_at, expires_at)
         VALUES ('AAAAAAAAAAAAAAAAAAAAAA', 'artists/ada/a.tif', 'v1', $1, 'ada@gallery.test', now(), now() + interval '1 day')`,
        [uid],
      );
      const dis = io(env);
      expect(await runAdmin(['user', 'disable', 'ADA@gallery.test'], dis)).toBe(0);
      expect(dis.stdout.join('')).toContain('revoked its 1 share link(s)');
      expect(
        (await pool.query("SELECT revoked_at FROM share_links WHERE id = 'AAAAAAAAAAAAAAAAAAAAAA'")).rows[0]
          .revoked_at,
      ).not.toBeNull();
      expect(
        (await pool.query("SELECT disabled FROM users WHERE email = 'ada@gallery.test'")).rows[0].disabled,
      ).toBe(true);
      const missing = io(env);
      expect(await runAdmin(['user', 'disable', 'nobody@gallery.test'], missing)).toBe(1);
      expect(missing.stderr.join('')).toContain('no account');
    } finally {
      await pool.end();
    }
  });

  it('migrations are idempotent', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      expect(await runMigrations(pool)).toEqual([]); // already applied by the user commands
      const [a, b] = await Promise.all([runMigrations(pool), runMigrations(pool)]);
      expect([...a, ...b]).toEqual([]);
      expect((await pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual([
        { version: 1 },
        { version: 2 },
        { version: 3 },
      ]);
    } finally {
      await pool.end();
    }
  });
});
