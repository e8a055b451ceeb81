import type { Role } from '../auth/users';

/** An IAM policy document (the subset we write). */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly {
    readonly Sid: string;
    readonly Effect: 'Allow' | 'Deny';
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  }[];
}

/** The key prefix a person may touch: `artists/<id>/` for an artist, `artists/` for staff. */
export function prefixFor(role: Role, artistId: string | null): string {
  if (role === 'staff') return 'artists/';
  if (!artistId) throw new Error('an artist account without an artist id');
  return `artists/${artistId}/`;
}

/**
 * The inline session policy passed to AssumeRole. The effective permission is the
 * intersection of this and the role's own policy, and S3 itself enforces it.
 *
 * Artists: write, read (any version) and abort/list parts of their own multipart uploads
 * under `artists/<id>/`, and list that prefix (objects and versions).
 * Staff: list and read every version under `artists/`, and PutObject only under
 * `artists/<id>/` of each existing artist account (`writableArtists`): an upload on an artist's
 * behalf, or a restore (CopyObject from an old VersionId; CopyObject also needs
 * GetObjectVersion on the source). No delete for anyone: undoing a delete marker is a copy of
 * the prior version too. (AWS caps a packed session policy at 2048 characters: about 30
 * artists; RGW has no such cap.)
 *
 * Verified against Ceph RGW 16 (Pacific) — tests/integration/api-credentials.test.ts:
 * - `s3:prefix` with StringLike works for ListBucket (ListObjects v1/v2) and
 *   ListBucketVersions; a list without a prefix, or with one outside the grant, is
 *   AccessDenied. `artists/alice/*` matches `artists/alice/` itself (`*` may be empty).
 * - s3:ListBucketMultipartUploads cannot be limited to a prefix: RGW does not put
 *   `s3:prefix` in the request context for ListMultipartUploads (a conditioned grant is
 *   always denied), and AWS does not define `s3:prefix` for that action either. Granting it
 *   without the condition would show every artist's in-progress key names, so it is not
 *   granted: the desktop resumes from the uploadId it persisted (ListParts, which is granted
 *   on the object) and never needs to list uploads. Incomplete uploads are cleaned up by
 *   the bucket's lifecycle rule (see provision).
 * - RGW 16's session token is encrypted but not integrity-protected: flipping one character
 *   in the part that carries this session policy yields a token RGW still accepts, with the
 *   session policy gone — only the role's own permission policy then applies. So on RGW the
 *   role's permission policy must itself be the ceiling: each artist assumes a role of their
 *   own whose policy is this artist policy (server/s3/artist-roles.ts); staff keep the shared
 *   role, limited to `artists/*` without delete (docs/heroku/iam-role-permission-policy.json).
 *   AWS session tokens are signed; this does not apply there.
 */
export function sessionPolicy(
  bucket: string,
  role: Role,
  artistId: string | null,
  writableArtists?: readonly string[],
): PolicyDocument {
  const prefix = prefixFor(role, artistId);
  const objects = `arn:aws:s3:::${bucket}/${prefix}*`;
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const listStatement = {
    Sid: 'ListOwnPrefix',
    Effect: 'Allow' as const,
    Action: ['s3:ListBucket', 's3:ListBucketVersions'],
    Resource: [bucketArn],
    Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } },
  };
  if (role === 'artist') {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OwnObjects',
          Effect: 'Allow',
          Action: [
            's3:PutObject',
            's3:GetObject',
            's3:GetObjectVersion',
            's3:AbortMultipartUpload',
            's3:ListMultipartUploadParts',
          ],
          Resource: [objects],
        },
        listStatement,
      ],
    };
  }
  // Staff write (upload on an artist's behalf, restore) only into existing artists' folders:
  // one resource per artist account, so a folder named `probe` cannot become a new "artist".
  const writable = (writableArtists ?? []).map((id) => `arn:aws:s3:::${bucket}/artists/${id}/*`);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadEveryArtist',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: [objects],
      },
      ...(writable.length > 0
        ? [
            {
              Sid: 'WriteExistingArtists',
              Effect: 'Allow' as const,
              Action: ['s3:PutObject'],
              Resource: writable,
            },
          ]
        : []),
      listStatement,
    ],
  };
}
