import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadQueue } from '../../core/upload/upload-queue';
import { type CopperDatabase } from '../../core/db/database';
import { testServices } from '../support/services';
import { adminProvider, fastTestOptions, makeFile, versionsOf } from '../support/upload-helpers';
import { closeQueueFixture, openQueueFixture } from '../support/queue-fixture';

/**
 * An HTTP proxy in front of the test S3 that holds back S3's 200 to a single-object PUT (the
 * object is stored by then) until `release()`: the moment a cancel can race the finish.
 */
async function holdPutAnswers(target: string) {
  const upstream = new URL(target);
  const held: Array<() => void> = [];
  let stored: (key: string) => void = () => {};
  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const singlePut = req.method === 'PUT' && !/[?&](uploadId|partNumber)=/.test(req.url ?? '');
        const send = () => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        if (singlePut && answer.statusCode === 200) {
          held.push(send);
          stored(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
        } else send();
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    nextStored: () => new Promise<string>((resolve) => (stored = resolve)),
    release: () => {
      for (const send of held.splice(0)) send();
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

// Issue 9's window "cancel racing a finish": S3 stored the single PUT, the cancel came before
// its answer. The entry goes (the person cancelled it), but what S3 now holds is recorded, so
// adding the same file again is `unchanged`, not a second version of the same bytes.
describe('a cancel that races a finished single PUT', () => {
  let dir: string;
  let db: CopperDatabase;
  let bucket: string;
  let queue: UploadQueue | undefined;

  beforeEach(async () => {
    ({ dir, db, bucket } = await openQueueFixture('cancel-race'));
  });
  afterEach(async () => {
    await closeQueueFixture({ dir, db, bucket }, queue);
  });

  it('records the object S3 kept, and the same file added again writes no second version', async () => {
    const file = await makeFile(dir, 'sketch.jpg', 300 * 1024);
    const proxy = await holdPutAnswers(testServices().s3.endpoint);
    try {
      queue = new UploadQueue({
        db,
        credentials: adminProvider(bucket, { endpoint: proxy.url }),
        options: fastTestOptions,
      });
      const stored = proxy.nextStored();
      const added = await queue.add([file]);
      queue.start();
      expect(await stored).toBe(`/${bucket}/sketch.jpg`);
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
