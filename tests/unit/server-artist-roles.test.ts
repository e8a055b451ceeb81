import { describe, expect, it } from 'vitest';
import { artistRoleArn, artistRoleName, artistRolePolicy } from '../../server/s3/artist-roles';
import { parsePolicyText, xmlTexts } from '../../server/s3/rgw-iam';

describe('per-artist roles', () => {
  it('names a role <prefix><artist id>, within IAM’s 64 characters and unique for long ids', () => {
    expect(artistRoleName('copper-artist-', 'alice')).toBe('copper-artist-alice');
    const long = 'a'.repeat(60);
    const a = artistRoleName('copper-artist-', `${long}-x`);
    const b = artistRoleName('copper-artist-', `${long}-y`);
    expect(a).toHaveLength(64);
    expect(b).toHaveLength(64);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^copper-artist-a+-[0-9a-f]{8}$/);
  });

  it("keeps the shared role's partition and account (an RGW tenant) in the artist role's ARN", () => {
    expect(artistRoleArn('arn:aws:iam:::role/CopperUpload', 'copper-artist-alice')).toBe(
      'arn:aws:iam:::role/copper-artist-alice',
    );
    expect(artistRoleArn('arn:aws:iam::gallery:role/copper/upload', 'copper-artist-bo')).toBe(
      'arn:aws:iam::gallery:role/copper-artist-bo',
    );
  });

  it("limits the role's own policy to the artist's prefix, with no delete", () => {
    const doc = JSON.stringify(artistRolePolicy('b', 'alice'));
    expect(doc).toContain('arn:aws:s3:::b/artists/alice/*');
    expect(doc).not.toMatch(/artists\/\*|Delete|s3:\*/);
  });

  it('reads IAM answers: entities decoded, URL-encoded (AWS) or plain (RGW) policy text', () => {
    const xml =
      '<R><Arn>arn:aws:iam:::role/x</Arn><Doc>{&quot;a&quot;:&#49;}</Doc><Doc>&lt;&amp;&gt;</Doc></R>';
    expect(xmlTexts(xml, 'Arn')).toEqual(['arn:aws:iam:::role/x']);
    expect(xmlTexts(xml, 'Doc')).toEqual(['{"a":1}', '<&>']);
    expect(parsePolicyText('{"a":1}')).toEqual({ a: 1 });
    expect(parsePolicyText('%7B%22a%22%3A1%7D')).toEqual({ a: 1 });
  });
});
