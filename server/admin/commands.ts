import { parseArgs } from 'node:util';
import type { Readable } from 'node:stream';
import { CopperError } from '../../shared/errors';
import {
  ConfigError,
  loadArtistRoleSetup,
  loadDatabaseUrl,
  loadProvisionConfig,
  type ArtistRoleSetup,
} from '../config';
import { createPool, type Db } from '../db/pool';
import { ShareStore } from '../shares/share-store';
import { runMigrations } from '../db/migrations';
import { hashPassword, passwordProblem, DEFAULT_SCRYPT, type ScryptParams } from '../auth/passwords';
import { ARTIST_ID_RE, normalizeEmail, UserStore, type Role } from '../auth/users';
import { ArtistRoles, artistRoleName, type RoleReport } from '../s3/artist-roles';
import { createGalleryS3 } from '../s3/aws-clients';
import { provisionBucket } from '../s3/provision';
import { readNewPassword } from './read-password';

/** The admin CLI's world, injectable so tests run it in-process. */
export interface AdminIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly now?: () => Date;
  readonly scrypt?: ScryptParams;
}

export const ADMIN_USAGE = `Usage: npm run api:admin -- <command>
  provision [--noncurrent-days N]      create/update the bucket (S3_BUCKET, AWS_*, S3_ENDPOINT;
                                       NONCURRENT_VERSION_EXPIRY_DAYS or --noncurrent-days) and,
                                       with S3_ENDPOINT, every artist's own role (UPLOAD_ROLE_ARN,
                                       DATABASE_URL, ARTIST_ROLES, ARTIST_ROLE_PREFIX)
  user add --email E --role artist|staff [--artist-id ID] [--name N]
                                       password: COPPER_NEW_PASSWORD, stdin, or typed (hidden);
                                       with S3_ENDPOINT an artist's role is created first
  user list [--json]
  user disable E [--revoke-links]      also ends the account's sessions; an artist's share links
                                       are revoked, a staff member's only with --revoke-links
  user reset-password E                password as for 'user add'; ends the account's sessions
`;

async function withUsers<T>(io: AdminIo, fn: (users: UserStore, db: Db) => Promise<T>): Promise<T> {
  const pool = createPool(loadDatabaseUrl(io.env), io.env);
  try {
    await runMigrations(pool);
    return await fn(new UserStore(pool), pool);
  } finally {
    await pool.end();
  }
}

async function newPasswordHash(io: AdminIo): Promise<string> {
  const password = await readNewPassword({ env: io.env, stdin: io.stdin, prompt: io.err });
  const problem = passwordProblem(password);
  if (problem) throw new CopperError('user.invalid', problem);
  return hashPassword(password, io.scrypt ?? DEFAULT_SCRYPT);
}

function printReport(io: AdminIo, r: RoleReport & { notes?: string[] }): void {
  for (const c of r.changed) io.out(`  changed    ${c}\n`);
  for (const u of r.unchanged) io.out(`  unchanged  ${u}\n`);
  for (const n of r.notes ?? []) io.out(`  note       ${n}\n`);
}

// Every artist's own role (S3_ENDPOINT deployments): returns how many settings changed.
async function provisionRoles(setup: ArtistRoleSetup, io: AdminIo): Promise<number> {
  const all = await withUsers(io, (users) => users.list());
  // An artist id is enabled while any of its accounts is; a role of a disabled one keeps no policy.
  const enabled = new Map<string, boolean>();
  for (const u of all)
    if (u.role === 'artist' && u.artistId)
      enabled.set(u.artistId, (enabled.get(u.artistId) ?? false) || !u.disabled);
  const ids = [...enabled.keys()];
  const roles = new ArtistRoles(setup);
  const r: RoleReport = { changed: [], unchanged: [] };
  for (const id of ids) await roles.ensure(id, r, enabled.get(id));
  io.out(`Artist roles (${ids.length}; each limited to the artist's own prefix):\n`);
  if (ids.length === 0)
    io.out("  note       no artists yet; user add --role artist creates each one's role\n");
  printReport(io, r);
  return r.changed.length;
}

async function provision(args: string[], io: AdminIo): Promise<number> {
  const { values } = parseArgs({ args, options: { 'noncurrent-days': { type: 'string' } }, strict: true });
  const cfg = loadProvisionConfig(io.env);
  let days = cfg.noncurrentVersionExpiryDays;
  if (values['noncurrent-days'] !== undefined) {
    if (!/^\d+$/.test(values['noncurrent-days']) || Number(values['noncurrent-days']) < 1)
      throw new CopperError('usage', '--noncurrent-days must be a whole number of days (1 or more).');
    days = Number(values['noncurrent-days']);
  }
  const s3 = createGalleryS3(cfg.s3);
  try {
    const r = await provisionBucket({
      s3,
      bucket: cfg.s3.bucket,
      region: cfg.s3.region,
      endpoint: cfg.s3.endpoint,
      noncurrentVersionExpiryDays: days,
    });
    io.out(`Bucket ${r.bucket}:\n`);
    printReport(io, r);
    const changed = r.changed.length + (cfg.roles ? await provisionRoles(cfg.roles, io) : 0);
    io.out(changed === 0 ? 'Nothing to change.\n' : `${changed} setting(s) changed.\n`);
  } finally {
    s3.destroy();
  }
  return 0;
}

// On RGW a disabled artist's role loses its policy, so credentials already minted stop at once.
async function revokeArtistRole(email: string, io: AdminIo): Promise<void> {
  const all = await withUsers(io, (users) => users.list());
  const artistId = all.find((u) => u.email === normalizeEmail(email))?.artistId;
  const setup = artistId ? loadArtistRoleSetup(io.env) : undefined;
  if (!artistId || !setup) return;
  if (all.some((u) => u.artistId === artistId && !u.disabled)) return; // another account still uses it
  await new ArtistRoles(setup).ensure(artistId, { changed: [], unchanged: [] }, false);
  const name = artistRoleName(setup.artistRoles.namePrefix, artistId);
  io.out(`Role ${name} has no permissions now: ${email}'s S3 credentials stop working at once.\n`);
}

async function user(args: string[], io: AdminIo): Promise<number> {
  const [sub, ...rest] = args;
  const now = io.now ?? (() => new Date());
  switch (sub) {
    case 'add': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          email: { type: 'string' },
          role: { type: 'string' },
          'artist-id': { type: 'string' },
          name: { type: 'string' },
        },
      });
      if (!values.email) throw new CopperError('usage', 'user add needs --email.');
      if (values.role !== 'artist' && values.role !== 'staff')
        throw new CopperError('usage', 'user add needs --role artist or --role staff.');
      const role: Role = values.role;
      const artistId = values['artist-id'] ?? null;
      // With per-artist roles, the role comes first: an artist without one could not upload.
      const roles = role === 'artist' ? loadArtistRoleSetup(io.env) : undefined;
      if (roles && !ARTIST_ID_RE.test(artistId ?? ''))
        throw new CopperError(
          'user.invalid',
          'An artist needs --artist-id: lowercase letters, digits and -.',
        );
      const passwordHash = await newPasswordHash(io);
      if (roles) {
        const r: RoleReport = { changed: [], unchanged: [] };
        await new ArtistRoles(roles).ensure(artistId!, r);
        io.out(
          `Role ${artistRoleName(roles.artistRoles.namePrefix, artistId!)} ready (artists/${artistId}/ only).\n`,
        );
      }
      const u = await withUsers(io, (users) =>
        users.create({
          email: values.email!,
          passwordHash,
          role,
          artistId,
          displayName: values.name ?? '',
        }),
      );
      io.out(`Added ${u.role} ${u.email}${u.artistId ? ` (artists/${u.artistId}/)` : ''}.\n`);
      return 0;
    }
    case 'list': {
      const { values } = parseArgs({ args: rest, strict: true, options: { json: { type: 'boolean' } } });
      const all = await withUsers(io, (users) => users.list());
      if (values.json) {
        io.out(
          `${JSON.stringify(all.map((u) => ({ email: u.email, role: u.role, artistId: u.artistId, displayName: u.displayName, disabled: u.disabled, createdAt: u.createdAt.toISOString() })))}\n`,
        );
      } else {
        for (const u of all)
          io.out(
            `${u.email}\t${u.role}\t${u.artistId ?? '-'}\t${u.displayName}${u.disabled ? '\tDISABLED' : ''}\n`,
          );
        io.out(`${all.length} account(s).\n`);
      }
      return 0;
    }
    case 'disable': {
      const revokeLinks = rest.includes('--revoke-links');
      const emails = rest.filter((a) => a !== '--revoke-links');
      const email = emails[0];
      if (!email || emails.length !== 1 || email.startsWith('-'))
        throw new CopperError('usage', 'user disable needs one email (and optionally --revoke-links).');
      const done = await withUsers(io, async (users, db) => {
        const user = await users.findByEmail(email);
        if (!user || !(await users.disable(email, now()))) return undefined;
        // An artist's links go with the account; a staff member's (sent to printers, press)
        // stay live unless asked.
        const revoke = user.role === 'artist' || revokeLinks;
        return { revoke, count: revoke ? await new ShareStore(db).revokeAllBy(user.id, now()) : 0 };
      });
      if (!done) throw new CopperError('user.not-found', `There is no account for ${email}.`);
      io.out(
        done.revoke
          ? `Disabled ${email}, ended its sessions and revoked its ${done.count} share link(s).\n`
          : `Disabled ${email} and ended its sessions; its share links stay live (--revoke-links takes them back).\n`,
      );
      await revokeArtistRole(email, io);
      return 0;
    }
    case 'reset-password': {
      const email = rest[0];
      if (!email || rest.length !== 1) throw new CopperError('usage', 'user reset-password needs one email.');
      const exists = await withUsers(io, (users) => users.findByEmail(email));
      if (!exists) throw new CopperError('user.not-found', `There is no account for ${email}.`);
      const hash = await newPasswordHash(io);
      await withUsers(io, (users) => users.setPassword(email, hash, now()));
      io.out(`New password set for ${email}; its sessions were ended.\n`);
      return 0;
    }
    default:
      throw new CopperError('usage', `Unknown user command "${sub ?? ''}".`);
  }
}

/** Runs one admin command; returns the exit code. Errors are printed in words, never as stacks. */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'provision') return await provision(rest, io);
    if (cmd === 'user') return await user(rest, io);
    if (cmd === 'help' || cmd === '--help' || cmd === undefined) {
      io.out(ADMIN_USAGE);
      return cmd === undefined ? 64 : 0;
    }
    throw new CopperError('usage', `Unknown command "${cmd}".`);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`${err.message}\n`);
      return 78;
    }
    if (err instanceof CopperError) {
      io.err(`${err.message}\n`);
      if (err.code === 'usage') io.err(ADMIN_USAGE);
      return err.code === 'usage' ? 64 : 1;
    }
    // parseArgs' own errors (unknown option, missing value) are usage errors too.
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(err as Error).message}\n${ADMIN_USAGE}`);
      return 64;
    }
    io.err(`Failed: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
