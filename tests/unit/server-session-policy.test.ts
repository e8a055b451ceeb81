import { describe, expect, it } from 'vitest';
import { prefixFor, sessionPolicy } from '../../server/s3/session-policy';

describe('session policy', () => {
  it('scopes an artist to artists/<id>/ for objects and listing', () => {
    const p = sessionPolicy('gallery', 'artist', 'alice');
    expect(p.Statement).toEqual([
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
        Resource: ['arn:aws:s3:::gallery/artists/alice/*'],
      },
      {
        Sid: 'ListOwnPrefix',
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:ListBucketVersions'],
        Resource: ['arn:aws:s3:::gallery'],
        Condition: { StringLike: { 's3:prefix': ['artists/alice/*'] } },
      },
    ]);
    expect(JSON.stringify(p)).not.toMatch(/Delete/);
  });

  it("lets staff read and list under artists/, write only into existing artists' folders, never delete", () => {
    const p = sessionPolicy('gallery', 'staff', null, ['alice', 'bob']);
    const actions = p.Statement.flatMap((s) => s.Action);
    expect(actions.sort()).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
      's3:ListBucket',
      's3:ListBucketVersions',
      's3:PutObject',
    ]);
    expect(p.Statement.find((s) => s.Action.includes('s3:PutObject'))!.Resource).toEqual([
      'arn:aws:s3:::gallery/artists/alice/*',
      'arn:aws:s3:::gallery/artists/bob/*',
    ]);
    expect(p.Statement.find((s) => s.Action.includes('s3:GetObject'))!.Resource).toEqual([
      'arn:aws:s3:::gallery/artists/*',
    ]);
    expect(p.Statement.find((s) => s.Condition)!.Condition).toEqual({
      StringLike: { 's3:prefix': ['artists/*'] },
    });
    // No artist yet: staff may read and list, and write nowhere.
    const none = sessionPolicy('gallery', 'staff', null, []);
    expect(none.Statement.flatMap((s) => s.Action)).not.toContain('s3:PutObject');
  });

  it('fits in an AssumeRole session policy (2048 packed characters)', () => {
    expect(JSON.stringify(sessionPolicy('a'.repeat(63), 'artist', 'b'.repeat(63))).length).toBeLessThan(2048);
  });

  it('derives prefixes and refuses an artist without an id', () => {
    expect(prefixFor('artist', 'ada-l')).toBe('artists/ada-l/');
    expect(prefixFor('staff', null)).toBe('artists/');
    expect(() => prefixFor('artist', null)).toThrow();
  });
});
