/**
 * The Copper API's configuration: environment variables only (Heroku config vars), validated
 * once at start. Every missing or malformed variable is named in one message, so a deploy
 * that lacks three settings fails once, not three times.
 */

/** Where the gallery's bucket is and the keys that may act on it (never leave the API). */
export interface S3Config {
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Any S3-compatible endpoint (STS is asked at the same endpoint); undefined means AWS. */
  readonly endpoint: string | undefined;
}

/**
 * Each artist assumes a role of their own, named `<namePrefix><artist id>`, whose own permission
 * policy is only `artists/<id>/*`: the default on an S3_ENDPOINT (Ceph RGW) deployment, where the
 * STS session token does not protect the inline session policy (server/s3/artist-roles.ts).
 */
export interface ArtistRolesConfig {
  /** Role names are global on the store: the prefix keeps two galleries on one store apart. */
  readonly namePrefix: string;
}

/** What the HTTP API needs to run. */
export interface ApiConfig {
  readonly databaseUrl: string;
  readonly s3: S3Config;
  /** The IAM role the API assumes, with an inline session policy, for each person's credential. */
  readonly uploadRoleArn: string;
  /** Per-artist roles (ARTIST_ROLES=per-artist); undefined: every artist shares uploadRoleArn. */
  readonly artistRoles: ArtistRolesConfig | undefined;
  /** Lifetime of a minted S3 credential: 900..3600 s (STS minimum, product maximum). */
  readonly credentialTtlSeconds: number;
  readonly sessionTtlDays: number;
  /** Take the client IP from the last X-Forwarded-For hop (Heroku's router appends it). */
  readonly trustProxy: boolean;
}

/** What `provision` needs beyond the bucket: optional expiry of non-current versions. */
export interface ProvisionConfig {
  readonly s3: S3Config;
  readonly noncurrentVersionExpiryDays: number | undefined;
  /** Set when each artist has a role of their own: provision then creates or updates them all. */
  readonly roles: ArtistRoleSetup | undefined;
}

/** What creating an artist's role needs: the store, the shared role (its trust is copied) and names. */
export interface ArtistRoleSetup {
  readonly s3: S3Config;
  readonly uploadRoleArn: string;
  readonly artistRoles: ArtistRolesConfig;
  /** Where the artists are listed (provision only). */
  readonly databaseUrl: string;
}

/** Thrown when configuration is missing or malformed; `problems` names each variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Copper API configuration is incomplete:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Collects problems while reading variables, so all of them are reported together. */
class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  required(name: string, hint: string): string {
    const v = this.env[name]?.trim();
    if (!v) {
      this.problems.push(`${name} is missing (${hint})`);
      return '';
    }
    return v;
  }

  optional(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v ? v : undefined;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  }

  url(name: string, value: string | undefined, protocols: readonly string[]): void {
    if (!value) return;
    try {
      const u = new URL(value);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
    } catch {
      this.problems.push(`${name} must be a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL`);
    }
  }

  fail(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

// S3 bucket names: 3..63 lowercase letters, digits, dots and hyphens.
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION_RE = /^[a-z0-9-]{2,32}$/;
const ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::[\w-]*:role\/[\w+=,.@/-]+$/;
const ROLE_PREFIX_RE = /^[\w+=,.@-]{1,24}$/;

function readS3(r: Reader): S3Config {
  const bucket = r.required('S3_BUCKET', 'the gallery bucket name');
  if (bucket && !BUCKET_RE.test(bucket)) r.problems.push(`S3_BUCKET "${bucket}" is not a valid bucket name`);
  const region = r.required('AWS_REGION', 'e.g. eu-west-1');
  if (region && !REGION_RE.test(region)) r.problems.push(`AWS_REGION "${region}" is not a region name`);
  const accessKeyId = r.required('AWS_ACCESS_KEY_ID', "the gallery's IAM user key id");
  const secretAccessKey = r.required('AWS_SECRET_ACCESS_KEY', "the gallery's IAM user secret");
  const endpoint = r.optional('S3_ENDPOINT');
  r.url('S3_ENDPOINT', endpoint, ['https:', 'http:']);
  return { bucket, region, accessKeyId, secretAccessKey, endpoint: endpoint?.replace(/\/+$/, '') };
}

function readUploadRoleArn(r: Reader): string {
  const arn = r.required('UPLOAD_ROLE_ARN', 'arn:aws:iam::<account>:role/<name>, the role the API assumes');
  if (arn && !ROLE_ARN_RE.test(arn)) r.problems.push(`UPLOAD_ROLE_ARN "${arn}" is not an IAM role ARN`);
  return arn;
}

// ARTIST_ROLES: per-artist (the default with S3_ENDPOINT) or shared (the default on AWS, whose
// session tokens are signed, so the session policy cannot be stripped).
function readArtistRoles(r: Reader, endpoint: string | undefined): ArtistRolesConfig | undefined {
  const mode = r.optional('ARTIST_ROLES') ?? (endpoint ? 'per-artist' : 'shared');
  const namePrefix = r.optional('ARTIST_ROLE_PREFIX') ?? 'copper-artist-';
  if (!ROLE_PREFIX_RE.test(namePrefix))
    r.problems.push('ARTIST_ROLE_PREFIX must be 1 to 24 of letters, digits and +=,.@_-');
  if (mode === 'shared') return undefined;
  if (mode !== 'per-artist') {
    r.problems.push(`ARTIST_ROLES must be per-artist or shared (got "${mode}")`);
    return undefined;
  }
  if (!endpoint)
    r.problems.push(
      'ARTIST_ROLES=per-artist needs S3_ENDPOINT: roles are created through the S3-compatible store (Ceph RGW); AWS keeps the shared role',
    );
  return { namePrefix };
}

function readDatabaseUrl(r: Reader): string {
  const databaseUrl = r.required(
    'DATABASE_URL',
    'postgres://user:password@host:5432/db; Heroku Postgres sets it',
  );
  r.url('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
  return databaseUrl;
}

/** Reads and validates everything `npm run api` needs; throws ConfigError naming each problem. */
export function loadApiConfig(env: Env): ApiConfig {
  const r = new Reader(env);
  const databaseUrl = readDatabaseUrl(r);
  const s3 = readS3(r);
  const uploadRoleArn = readUploadRoleArn(r);
  const artistRoles = readArtistRoles(r, s3.endpoint);
  const credentialTtlSeconds = r.int('CREDENTIAL_TTL_SECONDS', 900, 900, 3600);
  const sessionTtlDays = r.int('SESSION_TTL_DAYS', 30, 1, 365);
  const trustRaw = r.optional('TRUST_PROXY');
  if (trustRaw !== undefined && !['true', 'false', '1', '0'].includes(trustRaw))
    r.problems.push('TRUST_PROXY must be true or false');
  // Heroku sets DYNO; its router is the only way in, so its X-Forwarded-For can be trusted.
  const trustProxy = trustRaw !== undefined ? trustRaw === 'true' || trustRaw === '1' : Boolean(env.DYNO);
  r.fail();
  return { databaseUrl, s3, uploadRoleArn, artistRoles, credentialTtlSeconds, sessionTtlDays, trustProxy };
}

/** Only DATABASE_URL: for the release phase and the `user` admin commands. */
export function loadDatabaseUrl(env: Env): string {
  const r = new Reader(env);
  const url = readDatabaseUrl(r);
  r.fail();
  return url;
}

function readRoleSetup(r: Reader, s3: S3Config): ArtistRoleSetup | undefined {
  const artistRoles = readArtistRoles(r, s3.endpoint);
  if (!artistRoles) return undefined;
  return { s3, artistRoles, uploadRoleArn: readUploadRoleArn(r), databaseUrl: readDatabaseUrl(r) };
}

/**
 * The bucket settings `provision` needs; with per-artist roles also UPLOAD_ROLE_ARN and
 * DATABASE_URL (every artist's role is created or updated).
 */
export function loadProvisionConfig(env: Env): ProvisionConfig {
  const r = new Reader(env);
  const s3 = readS3(r);
  const raw = r.optional('NONCURRENT_VERSION_EXPIRY_DAYS');
  const days = raw === undefined ? undefined : r.int('NONCURRENT_VERSION_EXPIRY_DAYS', 0, 1, 36500);
  const roles = readRoleSetup(r, s3);
  r.fail();
  return { s3, noncurrentVersionExpiryDays: days, roles };
}

/**
 * For `user add --role artist`: undefined when artists share the role (no S3 settings needed),
 * else what creating the artist's role needs. Only S3_ENDPOINT or ARTIST_ROLES decide.
 */
export function loadArtistRoleSetup(env: Env): ArtistRoleSetup | undefined {
  const r = new Reader(env);
  const endpoint = r.optional('S3_ENDPOINT');
  if (!endpoint && r.optional('ARTIST_ROLES') !== 'per-artist') return undefined;
  const roles = readRoleSetup(r, readS3(r));
  r.fail();
  return roles;
}
