import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminS3, freshBucket } from '../support/services';
import { copper, directEnv, json, startCopper } from './cli-support';

describe('copper CLI: Ctrl-C during an upload', () => {
  let s3: S3Client;
  let bucket: string;
  let dir: string;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('cli-int');
    dir = await mkdtemp(join(tmpdir(), 'copper-cli-int-'));
  });
  afterAll(async () => {
    s3.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('stops cleanly with exit 130, keeps the file queued, and the next run completes it byte-identical', async () => {
    const env = directEnv(bucket, join(dir, 'profile'));
    const file = join(dir, 'large.tif');
    const bytes = randomBytes(24 * 1024 * 1024);
    await writeFile(file, bytes);
    expect((await copper(['add', file], env)).code).toBe(0);

    // Slow (2 MB/s) so the upload is surely in the middle when interrupted.
    const run = startCopper(['upload', '--wait'], { ...env, COPPER_BANDWIDTH_LIMIT: String(2_000_000) });
    let inFlight = false;
    for (let i = 0; i < 300 && !inFlight; i++) {
      inFlight =
        ((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).length > 0;
      if (!inFlight) await sleep(100);
    }
    expect(inFlight).toBe(true);
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('stopping');
    expect(stopped.stderr).toContain(`not uploaded: ${file}`);

    const status = json(await copper(['status', '--json'], env));
    expect(status.entries).toEqual([expect.objectContaining({ path: file, state: 'queued' })]);

    const finished = await copper(['upload', '--wait', '--json'], env);
    expect(finished.code).toBe(0);
    expect(json(finished).entries).toEqual([expect.objectContaining({ key: 'large.tif', state: 'done' })]);
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'large.tif' }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  });
});
