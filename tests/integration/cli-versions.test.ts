import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { adminS3, freshBucket } from '../support/services';
import { put } from './bucket-support';
import { copper, directEnv, json } from './cli-support';

describe('copper CLI: versions, restore, link in direct mode', () => {
  let s3: S3Client;
  let bucket: string;
  let dir: string;
  let env: Record<string, string>;
  const key = 'artists/alice/portrait one.jpg';
  const v1Bytes = randomBytes(40_000);
  const v2Bytes = randomBytes(30_000);
  let v1: string;
  let v2: string;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('cli-ver');
    dir = await mkdtemp(join(tmpdir(), 'copper-cli-ver-'));
    // COPPER_PREFIX applies to uploads only: KEY arguments are full keys, as `status` prints them.
    env = directEnv(bucket, dir, 'artists/alice/');
    v1 = await put(s3, bucket, key, v1Bytes, { 'uploaded-by': 'alice@example.com' });
    v2 = await put(s3, bucket, key, v2Bytes, { 'uploaded-by': 'bob@example.com' });
  });
  afterAll(async () => {
    s3.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  async function current(): Promise<Buffer> {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  it('versions lists the history newest first, as JSON and as a table', async () => {
    const [asJson, asText] = await Promise.all([
      copper(['versions', key, '--json'], env),
      copper(['versions', key], env),
    ]);
    expect(asJson.code).toBe(0);
    const doc = json(asJson);
    expect(doc.key).toBe(key);
    expect(doc.versions.map((v: { versionId: string }) => v.versionId)).toEqual([v2, v1]);
    expect(doc.versions[0]).toMatchObject({
      isLatest: true,
      size: v2Bytes.length,
      uploadedBy: 'bob@example.com',
      isDeleteMarker: false,
    });
    expect(doc.versions[1]).toMatchObject({
      isLatest: false,
      size: v1Bytes.length,
      uploadedBy: 'alice@example.com',
    });
    expect(asText.code).toBe(0);
    const lines = asText.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^VERSION\s+DATE\s+SIZE\s+UPLOADED BY\s+NOTE$/);
    expect(lines[1]).toContain(v2);
    expect(lines[1]).toContain('current');
    expect(lines[2]).toContain(v1);
    expect(lines[2]).toContain('alice@example.com');
  });

  it("link serves the chosen version's bytes; the default is the current version for an hour", async () => {
    const old = await copper(['link', key, '--version', v1, '--expires', '2h'], env);
    expect(old.code).toBe(0);
    const url = old.stdout.trim();
    expect(url.split('\n')).toHaveLength(1);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(v1Bytes)).toBe(true);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('7200');

    const before = Date.now();
    const cur = await copper(['link', key, '--json'], env);
    expect(cur.code).toBe(0);
    const link = json(cur);
    expect(link).toMatchObject({ key, url: expect.stringMatching(/^http/) });
    expect(Date.parse(link.expiresAt)).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(Date.parse(link.expiresAt)).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(Buffer.from(await (await fetch(link.url)).arrayBuffer()).equals(v2Bytes)).toBe(true);
  });

  it('restore makes an old version current again as a new version, history kept', async () => {
    const run = await copper(['restore', key, '--version', v1, '--json'], {
      ...env,
      COPPER_UPLOADED_BY: 'Zoë (registrar)',
    });
    expect(run.code).toBe(0);
    const result = json(run);
    expect(result).toMatchObject({ key, restoredFrom: v1, versionId: expect.any(String) });
    expect([v1, v2]).not.toContain(result.versionId);
    expect((await current()).equals(v1Bytes)).toBe(true);

    const history = json(await copper(['versions', key, '--json'], env));
    expect(history.versions.map((v: { versionId: string }) => v.versionId)).toEqual([
      result.versionId,
      v2,
      v1,
    ]);
    expect(history.versions[0]).toMatchObject({
      restoredFrom: v1,
      isLatest: true,
      uploadedBy: 'Zoë (registrar)',
    });

    const text = await copper(['restore', key, '--version', v2], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`from version ${v2}`);
    expect((await current()).equals(v2Bytes)).toBe(true);
  });

  it('exits 1 naming what failed: unknown key, unknown version, a delete marker, a link to nothing', async () => {
    const gone = 'artists/alice/deleted.jpg';
    await put(s3, bucket, gone, 'x');
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: gone }))).VersionId!;
    const [noKey, badVersion, onMarker, deadLink, versionsJson] = await Promise.all([
      copper(['versions', 'artists/alice/never.jpg'], env),
      copper(['restore', key, '--version', 'not-a-version'], env),
      copper(['restore', gone, '--version', marker], env),
      copper(['link', gone], env),
      copper(['versions', 'artists/alice/never.jpg', '--json'], env),
    ]);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('artists/alice/never.jpg');
    expect(badVersion.code).toBe(1);
    expect(badVersion.stderr).toContain('not-a-version');
    expect(onMarker.code, onMarker.stderr).toBe(1);
    expect(onMarker.stderr).toContain('delete marker');
    expect(deadLink.code).toBe(1);
    expect(deadLink.stderr).toContain(gone);
    expect(deadLink.stdout).toBe('');
    expect(versionsJson.code).toBe(1);
    expect(json(versionsJson)).toEqual({ key: 'artists/alice/never.jpg', versions: [] });
  });
});

describe('copper versions: metadata from S3 never drives the terminal', () => {
  it('ESC/OSC and bidi sequences in uploaded-by and the key do not reach stdout', async () => {
    const s3 = adminS3();
    const bucket = await freshBucket('cli-esc');
    const dir = await mkdtemp(join(tmpdir(), 'copper-cli-esc-'));
    try {
      const key = 'artists/mallory/evil\u202egpj.tif';
      // An artist's own upload can carry any metadata: RFC 2047 lets it decode to any characters.
      const evil = `mallory\x1b]52;c;ZXZpbA==\x07\x1b[2K\r\u202eexample.com\u009b31m`;
      await put(s3, bucket, key, randomBytes(100), {
        'uploaded-by': `=?UTF-8?B?${Buffer.from(evil).toString('base64')}?=`,
      });
      const env = directEnv(bucket, dir, 'artists/mallory/');
      const [asText, asJson] = await Promise.all([
        copper(['versions', key], env),
        copper(['versions', key, '--json'], env),
      ]);
      expect(asText.code).toBe(0);
      expect(asJson.code).toBe(0);
      for (const out of [asText.stdout, asJson.stdout]) {
        expect(out).not.toContain('\x1b');
        expect(out).not.toContain('\x07');
        expect(out).not.toContain('\r');
        expect(out).not.toContain('\u009b');
        expect(out).not.toContain('\u202e');
      }
      expect(asText.stdout).toContain('mallory');
      // Sanitised at the core's boundary: the uploader shows with its controls replaced.
      expect(json(asJson).versions[0].uploadedBy).toMatch(/^mallory\ufffd\]52;c;/);
    } finally {
      s3.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
