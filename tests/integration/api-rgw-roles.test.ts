import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { adminS3, assumeTestRole, testServices } from '../support/services';
import { adminIo, startTestApi, type TestApi } from './api-harness';
import { runAdmin } from '../../server/admin/commands';
import { UserStore } from '../../server/auth/users';
import { ARTIST_ROLE_POLICY, artistRoleArn, artistRoleName } from '../../server/s3/artist-roles';
import { RgwIam } from '../../server/s3/rgw-iam';
import { sessionPolicy } from '../../server/s3/session-policy';

// Ceph RGW 16's STS session tokens are encrypted but not authenticated: flipping a character
// in the part that carries the inline session policy yields a token RGW still accepts, with
// the session policy gone. Each artist therefore assumes a role of their own whose permission
// policy is only artists/<id>/*: these tests tamper with real tokens against the real RGW.

interface Cred {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: string;
}

const PW = 'a long enough password';

function s3With(c: Cred, sessionToken: string): S3Client {
  const { s3 } = testServices();
  const cfg: S3ClientConfig = {
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  };
  return new S3Client(cfg);
}

/** 'allowed', or the S3 error's name. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    return (err as Error).name;
  }
}

/** The token with one base64 character replaced, at `at`. */
function flip(token: string, at: number): string {
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

/** Every `step`th position from 64 on: the session policy sits in the token's middle. */
function positions(token: string, step = 8): number[] {
  const out: number[] = [];
  for (let at = 64; at < token.length - 8; at += step) out.push(at);
  return out;
}

describe('Ceph RGW: each artist assumes a role of their own', () => {
  let t: TestApi;
  const admin = adminS3();
  const get = (c: S3Client, key: string) =>
    outcome(c.send(new GetObjectCommand({ Bucket: t.bucket, Key: key })));
  const put = (c: S3Client, key: string) =>
    outcome(c.send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: 'mine now' })));

  beforeAll(async () => {
    t = await startTestApi();
    await t.addUser('alice@example.com', PW, 'artist', 'alice');
    await t.addUser('bob@example.com', PW, 'artist', 'bob');
    await t.addUser('staff@example.com', PW, 'staff');
    for (const key of ['artists/alice/a.jpg', 'artists/bob/b.jpg'])
      await admin.send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: key }));
  });
  afterAll(async () => {
    admin.destroy();
    await t?.close();
  });

  /** Signs in and asks the API for a credential: it, and an S3 client that uses it. */
  async function apiCredential(email: string): Promise<{ c: Cred; s3: S3Client }> {
    const token = await t.signIn(email, PW);
    const r = await t.call('POST', '/v1/credentials', { token, body: {} });
    expect(r.status).toBe(200);
    const c = r.body as Cred;
    return { c, s3: s3With(c, c.sessionToken) };
  }

  /** A credential minted directly from STS, as the API did before (or with another role). */
  async function mint(roleArn: string, policy: object): Promise<Cred> {
    const c = await assumeTestRole(roleArn, 'rgw-roles-test', policy);
    return {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
  }

  it('the flaw is real: a tampered token on the shared role reaches another artist', async () => {
    const c = await mint(t.config.uploadRoleArn, sessionPolicy(t.bucket, 'artist', 'alice'));
    const intact = s3With(c, c.sessionToken);
    expect(await get(intact, 'artists/bob/b.jpg')).toBe('AccessDenied');
    intact.destroy();
    const escaped: number[] = [];
    for (const at of positions(c.sessionToken)) {
      const bad = s3With(c, flip(c.sessionToken, at));
      if ((await get(bad, 'artists/bob/b.jpg')) === 'allowed') escaped.push(at);
      bad.destroy();
    }
    // If this fails, RGW now authenticates its tokens: the README's security section should say so.
    expect(escaped.length).toBeGreaterThan(10);
  });

  it("a tampered token strips the session policy, but the artist's own role still holds", async () => {
    // A session policy narrower than the role (one key, read only), on alice's own role.
    const own = artistRoleArn(
      t.config.uploadRoleArn,
      artistRoleName(t.config.artistRoles!.namePrefix, 'alice'),
    );
    const c = await mint(own, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: [`arn:aws:s3:::${t.bucket}/artists/alice/a.jpg`],
        },
      ],
    });
    const intact = s3With(c, c.sessionToken);
    expect(await put(intact, 'artists/alice/new.jpg')).toBe('AccessDenied');
    intact.destroy();
    let stripped = 0;
    for (const at of positions(c.sessionToken)) {
      const bad = s3With(c, flip(c.sessionToken, at));
      if ((await put(bad, 'artists/alice/new.jpg')) === 'allowed') {
        stripped++; // the session policy is gone: the role's own policy is all that applies
        expect(await get(bad, 'artists/bob/b.jpg')).toBe('AccessDenied');
        expect(await put(bad, 'artists/bob/b.jpg')).toBe('AccessDenied');
      }
      bad.destroy();
    }
    expect(stripped).toBeGreaterThan(10);
  });

  it("the API's artist credential, tampered: own prefix works, another artist's keys are AccessDenied", async () => {
    const { c, s3: intact } = await apiCredential('alice@example.com');
    intact.destroy();
    let accepted = 0;
    for (const at of positions(c.sessionToken, 16)) {
      const bad = s3With(c, flip(c.sessionToken, at));
      if ((await get(bad, 'artists/alice/a.jpg')) === 'allowed') {
        accepted++;
        expect(await put(bad, 'artists/alice/tampered.jpg')).toBe('allowed');
        expect(await get(bad, 'artists/bob/b.jpg')).toBe('AccessDenied');
        expect(await put(bad, 'artists/bob/b.jpg')).toBe('AccessDenied');
        expect(
          await outcome(bad.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: 'artists/' }))),
        ).toBe('AccessDenied');
      }
      bad.destroy();
    }
    expect(accepted).toBeGreaterThan(10); // RGW took many tampered tokens: the boundary was tested
    const bob = await admin.send(new GetObjectCommand({ Bucket: t.bucket, Key: 'artists/bob/b.jpg' }));
    expect(await bob.Body!.transformToString()).toBe('artists/bob/b.jpg');
  });

  it('staff keep the shared role: every artist readable', async () => {
    const { s3: staff } = await apiCredential('staff@example.com');
    expect(await get(staff, 'artists/bob/b.jpg')).toBe('allowed');
    expect(await get(staff, 'artists/alice/a.jpg')).toBe('allowed');
    staff.destroy();
  });

  it('an artist without a role is refused a credential (503, logged), never given the shared role', async () => {
    // Added to the database directly, as if `user add` had been skipped.
    await new UserStore(t.db).create({
      email: 'dave@example.com',
      passwordHash: (await t.db.query("SELECT password_hash FROM users WHERE email = 'bob@example.com'"))
        .rows[0].password_hash,
      role: 'artist',
      artistId: 'dave',
      displayName: 'Dave',
    });
    const token = await t.signIn('dave@example.com', PW);
    const r = await t.call('POST', '/v1/credentials', { token, body: {} });
    const roleName = artistRoleName(t.config.artistRoles!.namePrefix, 'dave');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('credentials.artist-role-missing');
    expect(r.body.error.message).toContain(roleName);
    expect(r.body.error.message).toContain('provision');
    expect(r.body).not.toHaveProperty('sessionToken');
    const logged = t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'credentials.artist-role-missing');
    expect(logged).toMatchObject({ artistId: 'dave', roleName });
    const issued = await t.db.query(
      "SELECT count(*) AS n FROM credential_issuances WHERE email = 'dave@example.com'",
    );
    expect(issued.rows[0].n).toBe('0');
  });

  describe('provision and user add', () => {
    const prefix = `p${randomBytes(4).toString('hex')}-`;
    let env: Record<string, string>;
    const iam = () => new RgwIam({ ...t.config.s3 });

    beforeAll(() => {
      const { s3 } = testServices();
      env = {
        S3_BUCKET: t.bucket,
        AWS_REGION: s3.region,
        AWS_ACCESS_KEY_ID: s3.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_ENDPOINT: s3.endpoint,
        UPLOAD_ROLE_ARN: s3.roleArn,
        DATABASE_URL: t.config.databaseUrl,
        ARTIST_ROLE_PREFIX: prefix,
      };
    });

    it('creates every artist role, changes nothing the second time, and undoes drift', async () => {
      const first = adminIo(env);
      expect(await runAdmin(['provision'], first)).toBe(0);
      const out1 = first.stdout.join('');
      for (const id of ['alice', 'bob', 'dave'])
        expect(out1).toContain(`changed    role ${prefix}${id} (artists/${id}/ only): created`);

      const second = adminIo(env);
      expect(await runAdmin(['provision'], second)).toBe(0);
      const out2 = second.stdout.join('');
      expect(out2).not.toMatch(/^ +changed /m);
      expect(out2).toContain(`unchanged  role ${prefix}alice (artists/alice/ only)`);
      expect(out2).toContain('Nothing to change.');

      // Someone widens bob's role by hand: provision puts it back.
      await iam().call('PutRolePolicy', {
        RoleName: `${prefix}bob`,
        PolicyName: 'wide-open',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*'] }],
        }),
      });
      await iam().call('PutRolePolicy', {
        RoleName: `${prefix}bob`,
        PolicyName: ARTIST_ROLE_POLICY,
        PolicyDocument: JSON.stringify(sessionPolicy(t.bucket, 'staff', null)),
      });
      const third = adminIo(env);
      expect(await runAdmin(['provision'], third)).toBe(0);
      const out3 = third.stdout.join('');
      expect(out3).toContain(`changed    role ${prefix}bob (artists/bob/ only): permission policy set`);
      expect(out3).toContain(
        `changed    role ${prefix}bob (artists/bob/ only): extra policy "wide-open" removed`,
      );
      expect(out3).toContain('2 setting(s) changed.');
      const fourth = adminIo(env);
      expect(await runAdmin(['provision'], fourth)).toBe(0);
      expect(fourth.stdout.join('')).toContain('Nothing to change.');
    });

    it("user add creates an artist's role before the account, and the artist can upload at once", async () => {
      const add = adminIo({
        ...env,
        ARTIST_ROLE_PREFIX: t.config.artistRoles!.namePrefix,
        COPPER_NEW_PASSWORD: PW,
      });
      expect(
        await runAdmin(
          ['user', 'add', '--email', 'carol@example.com', '--role', 'artist', '--artist-id', 'carol'],
          add,
        ),
      ).toBe(0);
      expect(add.stdout.join('')).toContain(`Role ${t.config.artistRoles!.namePrefix}carol ready`);
      const { s3: carol } = await apiCredential('carol@example.com');
      expect(await put(carol, 'artists/carol/first.jpg')).toBe('allowed');
      expect(await get(carol, 'artists/bob/b.jpg')).toBe('AccessDenied');
      carol.destroy();
    });

    it("user disable: the artist's credential already minted stops at once, and provision keeps it so", async () => {
      const own = { ...env, ARTIST_ROLE_PREFIX: t.config.artistRoles!.namePrefix };
      const add = adminIo({ ...own, COPPER_NEW_PASSWORD: PW });
      const args = ['user', 'add', '--email', 'erin@example.com', '--role', 'artist', '--artist-id', 'erin'];
      expect(await runAdmin(args, add)).toBe(0);
      const { c, s3: erin } = await apiCredential('erin@example.com');
      expect(await put(erin, 'artists/erin/before.jpg')).toBe('allowed');

      const dis = adminIo(own);
      expect(await runAdmin(['user', 'disable', 'erin@example.com'], dis)).toBe(0);
      expect(dis.stdout.join('')).toContain('stop working at once');
      // Well inside the credential's 15 minutes: refused by RGW now, reading and writing.
      expect(Date.parse(c.expiration!) - Date.now()).toBeGreaterThan(600_000);
      expect(await put(erin, 'artists/erin/after.jpg')).toBe('AccessDenied');
      expect(await get(erin, 'artists/erin/before.jpg')).toBe('AccessDenied');

      const prov = adminIo(own);
      expect(await runAdmin(['provision'], prov)).toBe(0);
      const name = artistRoleName(t.config.artistRoles!.namePrefix, 'erin');
      expect(prov.stdout.join('')).toContain(
        `unchanged  role ${name} (artists/erin/): no permissions, every account disabled`,
      );
      expect(await put(erin, 'artists/erin/after.jpg')).toBe('AccessDenied');
      erin.destroy();
    });

    it('user add refuses an artist without an id before creating anything', async () => {
      // No artist id: refused before anything is created.
      const bad = adminIo({ ...env, COPPER_NEW_PASSWORD: PW });
      expect(await runAdmin(['user', 'add', '--email', 'x@example.com', '--role', 'artist'], bad)).toBe(1);
      expect(bad.stderr.join('')).toContain('--artist-id');
      const rows = await t.db.query("SELECT 1 FROM users WHERE email = 'x@example.com'");
      expect(rows.rowCount).toBe(0);
    });
  });
});
