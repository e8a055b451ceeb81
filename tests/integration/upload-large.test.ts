import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminS3, freshBucket, testServices } from '../support/services';
import { makeFile, multipartUploads, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('a 1 GiB file', () => {
  let dir: string;
  let bucket: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-large-'));
    bucket = await freshBucket('large');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads with memory flat in file size (measured in a child process), byte-identical, one version', async () => {
    const file = await makeFile(dir, 'huge.tif', GiB);
    const { s3 } = testServices();
    // Production part size (8 MiB) and concurrency: the memory bound is the real one.
    const env = {
      dataDir: join(dir, 'profile'),
      bucket,
      endpoint: s3.endpoint,
      region: s3.region,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      paths: [file],
      options: {},
    };
    const summary = await new Promise<{
      entries: { state: string; versionId?: string; size: number }[];
      peakRss: number;
      maxRss: number;
    }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/upload-child.ts'], {
        env: { ...process.env, COPPER_CHILD: JSON.stringify(env) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d) => {
        out += String(d);
      });
      child.on('close', (code) => {
        const last = out
          .trim()
          .split('\n')
          .filter((l) => l.includes('"summary"'))
          .pop();
        if (code !== 0 || !last) reject(new Error(`child exited ${code}`));
        else resolve(JSON.parse(last));
      });
    });
    const [entry] = summary.entries;
    expect(entry).toMatchObject({ state: 'done', size: GiB });
    // Part buffers: 4 parts in flight × 8 MiB, whatever the file size. The whole process
    // (Node + tsx + the AWS SDK + SQLite) stays under the product's 250 MB bar — a quarter
    // of the file — which buffering the file, or leaking its parts, could not.
    console.info(`1 GiB upload: peak RSS ${(summary.maxRss / MiB).toFixed(0)} MiB`);
    expect(summary.maxRss).toBeLessThan(250 * 1000 * 1000);
    const versions = await versionsOf(bucket, 'huge.tif');
    expect(versions).toEqual([{ versionId: entry!.versionId, size: GiB }]);
    expect(await sha256Object(bucket, 'huge.tif', entry!.versionId)).toBe(await sha256File(file));
    expect(await multipartUploads(bucket)).toEqual([]);
    // Give the memstore its RAM back.
    const admin = adminS3();
    await admin.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: 'huge.tif', VersionId: entry!.versionId }),
    );
    admin.destroy();
  }, 180_000);
});
