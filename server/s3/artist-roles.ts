import { createHash } from 'node:crypto';
import type { ArtistRoleSetup } from '../config';
import { canonical } from './canonical';
import { IamError, parsePolicyText, RgwIam, xmlTexts } from './rgw-iam';
import { sessionPolicy, type PolicyDocument } from './session-policy';

/**
 * One role per artist, for S3_ENDPOINT (Ceph RGW) deployments.
 *
 * RGW 16 encrypts its STS session token but does not authenticate it (AES-CBC, no MAC): a
 * flipped character in the part carrying the inline session policy yields a token RGW still
 * accepts, with the session policy gone, so only the role's own permission policy applies.
 * With one role shared by every artist that policy is `artists/*`: any artist could read and
 * overwrite everyone's work. So each artist assumes a role whose own policy is only
 * `artists/<id>/*` — the same grant as their session policy, which the API still sends. A
 * tampered token then reaches nothing beyond the artist's own prefix. Staff keep the shared
 * role (their session policy is `artists/*` anyway). The roles trust whoever the shared role
 * trusts (its trust policy is copied), and are created or updated by `provision` and by
 * `user add --role artist`, reading first and writing only what differs.
 */

/** The one permission policy an artist's role has. */
export const ARTIST_ROLE_POLICY = 'copper-artist-objects';

const MAX_ROLE_NAME = 64; // IAM's and RGW's limit

/** `<prefix><artist id>`; an id too long for IAM's 64 characters is cut and made unique with a hash. */
export function artistRoleName(prefix: string, artistId: string): string {
  const name = `${prefix}${artistId}`;
  if (name.length <= MAX_ROLE_NAME) return name;
  const hash = createHash('sha256').update(artistId).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_ROLE_NAME - 9)}-${hash}`;
}

/** The artist role's ARN: the shared role's partition and account (RGW: tenant), path `/`. */
export function artistRoleArn(uploadRoleArn: string, roleName: string): string {
  return `${uploadRoleArn.slice(0, uploadRoleArn.indexOf(':role/'))}:role/${roleName}`;
}

/** The role's own permission policy: exactly what the artist's session policy grants. */
export function artistRolePolicy(bucket: string, artistId: string): PolicyDocument {
  return sessionPolicy(bucket, 'artist', artistId);
}

/** What ensuring roles did, as `provision` reports it. */
export interface RoleReport {
  readonly changed: string[];
  readonly unchanged: string[];
}

const missing = (err: unknown): boolean =>
  err instanceof IamError && (err.code === 'NoSuchEntity' || err.status === 404);

/** Creates and updates artists' roles on the store. */
export class ArtistRoles {
  private trust: Promise<string> | undefined;

  constructor(
    private readonly setup: ArtistRoleSetup,
    private readonly iam: RgwIam = new RgwIam(setup.s3),
  ) {}

  // Whoever may assume the shared role (the API's user) may assume each artist's role.
  private trustPolicy(): Promise<string> {
    this.trust ??= (async () => {
      const name = this.setup.uploadRoleArn.split('/').pop()!;
      let xml: string;
      try {
        xml = await this.iam.call('GetRole', { RoleName: name });
      } catch (err) {
        if (!missing(err)) throw err;
        throw new Error(`the shared role "${name}" (UPLOAD_ROLE_ARN) does not exist on the store`, {
          cause: err,
        });
      }
      const doc = xmlTexts(xml, 'AssumeRolePolicyDocument')[0];
      if (!doc) throw new Error(`the shared role "${name}" has no trust policy`);
      return JSON.stringify(parsePolicyText(doc));
    })();
    return this.trust;
  }

  private async roleTrust(name: string): Promise<string | undefined> {
    try {
      const xml = await this.iam.call('GetRole', { RoleName: name });
      const arn = xmlTexts(xml, 'Arn')[0];
      const want = artistRoleArn(this.setup.uploadRoleArn, name);
      if (arn !== want) throw new Error(`role ${name} exists as ${arn ?? '?'}, not ${want}: remove it first`);
      return xmlTexts(xml, 'AssumeRolePolicyDocument')[0] ?? '';
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  }

  private async rolePolicy(name: string): Promise<unknown> {
    try {
      const xml = await this.iam.call('GetRolePolicy', { RoleName: name, PolicyName: ARTIST_ROLE_POLICY });
      return parsePolicyText(xmlTexts(xml, 'PolicyDocument')[0] ?? 'null');
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  }

  private async policyNames(name: string): Promise<string[]> {
    return xmlTexts(await this.iam.call('ListRolePolicies', { RoleName: name }), 'member');
  }

  /**
   * Creates the artist's role or brings it to the wanted trust and permission policy. With
   * `enabled` false (every account of the artist disabled) the role keeps no policy at all:
   * RGW reads a role's policies on every request, so the artist's credentials already minted
   * stop working at once, not only when they expire.
   */
  async ensure(artistId: string, r: RoleReport, enabled = true): Promise<void> {
    const name = artistRoleName(this.setup.artistRoles.namePrefix, artistId);
    if (!enabled) return this.revoke(name, artistId, r);
    const label = `role ${name} (artists/${artistId}/ only)`;
    const before = r.changed.length;
    const trust = await this.trustPolicy();
    const have = await this.roleTrust(name);
    if (have === undefined) {
      await this.iam.call('CreateRole', { RoleName: name, Path: '/', AssumeRolePolicyDocument: trust });
      r.changed.push(`${label}: created`);
    } else if (!have || canonical(parsePolicyText(have)) !== canonical(JSON.parse(trust))) {
      await this.iam.call('UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: trust });
      r.changed.push(`${label}: trust policy set to the shared role's`);
    }
    const want = artistRolePolicy(this.setup.s3.bucket, artistId);
    const policy = await this.rolePolicy(name);
    if (policy === undefined || canonical(policy) !== canonical(want)) {
      const doc = JSON.stringify(want);
      await this.iam.call('PutRolePolicy', {
        RoleName: name,
        PolicyName: ARTIST_ROLE_POLICY,
        PolicyDocument: doc,
      });
      r.changed.push(`${label}: permission policy set`);
    }
    // Any other policy on the role would widen what a tampered token reaches.
    for (const other of (await this.policyNames(name)).filter((p) => p !== ARTIST_ROLE_POLICY)) {
      await this.iam.call('DeleteRolePolicy', { RoleName: name, PolicyName: other });
      r.changed.push(`${label}: extra policy "${other}" removed`);
    }
    if (r.changed.length === before) r.unchanged.push(label);
  }

  private async revoke(name: string, artistId: string, r: RoleReport): Promise<void> {
    const label = `role ${name} (artists/${artistId}/): no permissions, every account disabled`;
    if ((await this.roleTrust(name)) === undefined) {
      r.unchanged.push(label);
      return;
    }
    const policies = await this.policyNames(name);
    for (const p of policies) await this.iam.call('DeleteRolePolicy', { RoleName: name, PolicyName: p });
    (policies.length > 0 ? r.changed : r.unchanged).push(label);
  }
}
