import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadQueue } from '../../core/upload/upload-queue';
import { openDatabase, type CopperDatabase } from '../../core/db/database';
import { freshBucket, testServices } from '../support/services';
import { adminProvider, fastTestOptions, makeFile, versionsOf } from '../support/upload-helpers';
import { answerProxy } from '../support/answer-proxy';

// Issue 9's window "cancel racing a finish": S3 stored the single PUT, the cancel came before
// its answer. The entry goes (the person cancelled it), but what S3 now holds is recorded, so
// adding the same file again is `unchanged`, not a second version of the same bytes.
describe('a cancel that races a finished single PUT', () => {
  let dir: string;
  let db: CopperDatabase;
  let bucket: string;
  let queue: UploadQueue | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-cancel-race-'));
    db = openDatabase(join(dir, 'profile'));
    bucket = await freshBucket('cancel-race');
  });
  afterEach(async () => {
    await queue?.close();
    queue = undefined;
    db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records the object S3 kept, and the same file added again writes no second version', async () => {
    const file = await makeFile(dir, 'sketch.jpg', 300 * 1024);
    // S3's 200 to the single PUT (the object is stored) is held back while the entry is cancelled.
    const proxy = await answerProxy(testServices().s3.endpoint, (req, status) =>
      req.method === 'PUT' && !/[?&](uploadId|partNumber)=/.test(req.url ?? '') && status === 200
        ? 'hold'
        : 'pass',
    );
    try {
      queue = new UploadQueue({
        db,
        credentials: adminProvider(bucket, { endpoint: proxy.url }),
        options: fastTestOptions,
      });
      const stored = proxy.next();
      const added = await queue.add([file]);
      queue.start();
      expect(new URL((await stored).url ?? '/', 'http://x').pathname).toBe(`/${bucket}/sketch.jpg`);
      await queue.cancel(added.added[0]!.id);
      proxy.release();
      expect(queue.list()).toEqual([]);
      expect(await versionsOf(bucket, 'sketch.jpg')).toHaveLength(1);

      const again = await queue.add([file]);
      await queue.waitForIdle();
      expect(queue.list().map((e) => [e.id, e.state, e.state === 'done' && e.reason])).toEqual([
        [again.added[0]!.id, 'done', 'unchanged'],
      ]);
      expect(await versionsOf(bucket, 'sketch.jpg')).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
