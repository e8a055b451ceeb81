import { describe, expect, it } from 'vitest';
import { makeFile, multipartUploads, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';
import { runUploadChild, type ChildLine } from '../support/child-queue';
import { useQueueFixture } from '../support/queue-fixture';

const MiB = 1024 * 1024;

describe('hard kill and restart', () => {
  const fx = useQueueFixture('kill');

  it('SIGKILL at several points, then a restart: completes byte-identical, re-sends at most the parts in flight, leaves no multipart upload', async () => {
    const partSize = 5 * MiB;
    const partConcurrency = 2;
    const file = await makeFile(fx.dir, 'art/large.tif', 12 * partSize + 12345); // 13 parts
    const env = fx.child({
      paths: [file],
      // Throttled so the kills land mid-upload rather than after it.
      options: {
        partSizeMin: partSize,
        multipartThreshold: partSize,
        partConcurrency,
        bandwidthLimit: 25 * MiB,
      },
    });
    const attempted = (lines: ChildLine[]) =>
      lines.filter((l) => l.type === 'part' && l.phase === 'attempt').reduce((a, l) => a + (l.size ?? 0), 0);
    const done = (lines: ChildLine[]) => lines.filter((l) => l.type === 'part' && l.phase === 'done').length;

    // 1: killed as the very first part starts (plan stored, nothing on S3 yet).
    const run1 = await runUploadChild(env, (l) => l.type === 'part' && l.phase === 'attempt');
    // 2: killed after 3 more parts finished.
    const run2 = await runUploadChild(env, (_l, seen) => done(seen) >= 3);
    // 3: killed in the middle of a part, after 4 more finished.
    const run3 = await runUploadChild(
      env,
      (l, seen) => l.type === 'part' && l.phase === 'attempt' && done(seen) >= 4,
    );
    // 4: runs to the end.
    const run4 = await runUploadChild(env);
    expect([run1.killed, run2.killed, run3.killed, run4.killed]).toEqual([true, true, true, false]);

    const summary = run4.lines.find((l) => l.type === 'summary');
    expect(summary?.entries).toEqual([expect.objectContaining({ state: 'done' })]);
    // Each restart kept the parts S3 already had.
    expect(run2.lines.some((l) => l.phase === 'skipped')).toBe(false); // run 1 finished no part
    expect(run3.lines.filter((l) => l.phase === 'skipped').length).toBeGreaterThanOrEqual(3);
    expect(run4.lines.filter((l) => l.phase === 'skipped').length).toBeGreaterThanOrEqual(7);
    // Bytes sent over all runs beyond the file's size: at most the parts in flight at each kill.
    const fileSize = 12 * partSize + 12345;
    const resent = [run1, run2, run3, run4].reduce((a, r) => a + attempted(r.lines), 0) - fileSize;
    expect(resent).toBeGreaterThanOrEqual(0);
    expect(resent).toBeLessThanOrEqual(3 * partConcurrency * partSize);

    expect(await sha256Object(fx.bucket, 'large.tif')).toBe(await sha256File(file));
    expect(await versionsOf(fx.bucket, 'large.tif')).toHaveLength(1);
    expect(await multipartUploads(fx.bucket)).toEqual([]);
  });

  it('a restart aborts a multipart upload the profile started but no longer tracks', async () => {
    const file = await makeFile(fx.dir, 'x.bin', 11 * MiB);
    const env = fx.child({
      paths: [file],
      options: {
        partSizeMin: 5 * MiB,
        multipartThreshold: 5 * MiB,
        partConcurrency: 1,
        bandwidthLimit: 10 * MiB,
      },
    });
    await runUploadChild(env, (l) => l.type === 'part' && l.phase === 'done');
    expect(await multipartUploads(fx.bucket)).toHaveLength(1);
    // The person removes the entry while the app is closed (the CLI or another window would).
    const { openDatabase } = await import('../../core/db/database');
    const db = openDatabase(env.dataDir);
    db.prepare('DELETE FROM queue_entries').run();
    db.close();
    const run = await runUploadChild({ ...env, paths: [] });
    expect(run.lines.find((l) => l.type === 'sweep')).toMatchObject({ aborted: 1 });
    expect(await multipartUploads(fx.bucket)).toEqual([]);
  });

  it('SIGKILL right after a single PUT succeeded, before it was recorded: the restart writes no second version', async () => {
    const small = await makeFile(fx.dir, 'art/small.jpg', 700 * 1024);
    const env = fx.child({
      paths: [small],
      options: { partSizeMin: 5 * MiB, multipartThreshold: 5 * MiB },
    });
    const run1 = await runUploadChild({ ...env, killAfterPut: true });
    expect(run1.killed).toBe(true);
    expect(run1.lines.find((l) => l.type === 'killing')).toBeTruthy();
    // S3 has it; the queue never heard: the entry is still unfinished.
    expect(await versionsOf(fx.bucket, 'small.jpg')).toHaveLength(1);
    expect(run1.lines.some((l) => l.type === 'entry' && (l as { state?: string }).state === 'done')).toBe(
      false,
    );

    const run2 = await runUploadChild(env);
    const summary = run2.lines.find((l) => l.type === 'summary');
    expect(summary?.entries).toEqual([expect.objectContaining({ state: 'done' })]);
    expect(run2.lines.filter((l) => l.type === 'part' && l.phase === 'attempt')).toHaveLength(0);
    const versions = await versionsOf(fx.bucket, 'small.jpg');
    expect(versions).toHaveLength(1);
    expect(summary?.entries?.[0]?.versionId).toBe(versions[0]!.versionId);
    expect(await sha256Object(fx.bucket, 'small.jpg')).toBe(await sha256File(small));
  });
});
