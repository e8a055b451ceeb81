import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../core/ipc/dispatch';
import { CoreClient } from '../../core/process/core-client';
import { spawnCoreChild } from '../../hosts/web/core-child';
import { events } from '../../shared/ipc/contract';
import type { QueueEntry } from '../../shared/models/queue';
import { call, testCoreConfig, until, type Seen } from '../support/app-calls';
import { freshBucket, testServices } from '../support/services';
import { makeFile, multipartUploads, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';

// The web host's arrangement: the core in its own process behind the message channel,
// the host supervising it. A SIGKILL mid-upload must cost the window nothing but a short
// "restarting", and the file must still land once, byte-identical.

const MiB = 1024 * 1024;
const PREFIX = 'artists/ada/';

describe('core process under the web host', () => {
  let dir: string;
  let bucket: string;
  let client: CoreClient;
  let seen: Seen[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-coreproc-'));
    bucket = await freshBucket('coreproc');
    const { s3 } = testServices();
    client = new CoreClient({
      spawn: () => spawnCoreChild(),
      config: {
        ...testCoreConfig(join(dir, 'profile'), 'test-coreproc'),
        quiet: true,
        direct: {
          target: { bucket, region: s3.region, endpoint: s3.endpoint, prefix: PREFIX },
          credential: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        },
      },
      log: () => {},
    });
    seen = [];
    client.hub.subscribe((name, payload) => {
      events[name].payload.parse(payload);
      seen.push({ name, payload });
    });
    await client.start();
  });
  afterEach(async () => {
    await client.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the contract from its own process', async () => {
    const info = (await call(client, 'app.info', {})) as { host: string; dataDir: string };
    expect(info).toMatchObject({ host: 'web', dataDir: join(dir, 'profile') });
    expect(client.pid).toBeGreaterThan(0);
    expect(client.pid).not.toBe(process.pid);
    // Validation still happens before anything crosses to the core.
    const bad = await dispatch(client.handlers, 'queue.add', { paths: 'nope' }, () => {});
    expect(bad).toMatchObject({ ok: false, error: { code: 'ipc.invalid-payload' } });
    const unsupported = await dispatch(client.handlers, 'dialog.pick-paths', { kind: 'files' }, () => {});
    expect(unsupported).toMatchObject({ ok: false, error: { code: 'dialog.unsupported' } });
  });

  it('SIGKILL mid-upload: restarted, reported, the upload completes byte-identical with no multipart left', async () => {
    const file = await makeFile(dir, 'Harbour/large.tif', 12 * 5 * MiB + 4321); // 13 parts of 5 MiB
    // Slow enough that the kill lands mid-file (the limit lives in memory: after the restart it runs at full speed).
    await call(client, 'queue.set-bandwidth', { bytesPerSecond: 8 * MiB });
    const added = (await call(client, 'queue.add', { paths: [file] })) as { added: QueueEntry[] };
    const entry = added.added[0]!;
    const firstPid = client.pid!;

    await until(
      () =>
        seen.some(
          (s) =>
            s.name === 'queue.progress' &&
            (s.payload as { files: { id: number; bytes: number }[] }).files.some(
              (f) => f.id === entry.id && f.bytes >= 15 * MiB,
            ),
        ),
      '15 MiB on the wire',
      90_000,
    );
    process.kill(firstPid, 'SIGKILL');

    await until(
      () =>
        seen.some((s) => s.name === 'core.status' && (s.payload as { state: string }).state === 'restarting'),
      'core.status restarting',
      90_000,
    );
    await until(
      () =>
        seen.some(
          (s) =>
            s.name === 'core.status' &&
            (s.payload as { state: string; restarts: number }).state === 'running' &&
            (s.payload as { restarts: number }).restarts === 1,
        ),
      'core.status running again',
      90_000,
    );
    expect(client.pid).not.toBe(firstPid);

    // The queue resumes by itself from SQLite; the window only has to ask.
    let state = '';
    await until(
      () => {
        void call(client, 'queue.list', {}).then(
          (snap) => {
            state = (snap as { entries: QueueEntry[] }).entries.find((e) => e.id === entry.id)?.state ?? '';
          },
          () => {},
        );
        return state === 'done';
      },
      'the entry done after the restart',
      90_000,
    );

    const key = entry.key;
    expect(key.startsWith(PREFIX)).toBe(true);
    expect(await sha256Object(bucket, key)).toBe(await sha256File(file));
    expect(await multipartUploads(bucket)).toEqual([]);
    expect((await versionsOf(bucket, key)).length).toBe(1);
  });
});
