import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { mkdtemp, rm, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BandwidthLimiter } from '../../core/upload/bandwidth';
import { ByteBudget } from '../../core/upload/byte-budget';
import { systemClock } from '../../core/upload/clock';
import { multipartEtag, nodeUploadFs, type UploadFs } from '../../core/upload/file-access';
import { FileUploader } from '../../core/upload/file-uploader';
import { resolveUploadOptions } from '../../core/upload/options';
import type { PlanStore, UploadedObject, UploadJob, UploadPlan } from '../../core/upload/plan-store';
import type { RequestRunner } from '../../core/upload/request-runner';
import { keepsPart, resumablePlan } from '../../core/upload/resume-decisions';
import type { UploadObserver } from '../../core/upload/upload-context';

// The engine's decisions against a scripted S3 (unit level: the integration tests in
// tests/integration/upload-*.test.ts prove the same paths against the real RGW).

const MiB = 1024 * 1024;
const md5 = (b: Buffer) => createHash('md5').update(b).digest();

/** A plan store in memory: what the engine persisted, in order. */
class MemoryPlanStore implements PlanStore {
  readonly calls: string[] = [];
  readonly recorded: UploadedObject[] = [];
  plan: UploadPlan | undefined;
  setIdentity(): void {}
  setPlan(_job: UploadJob, plan: UploadPlan): void {
    this.calls.push(`setPlan:${plan.kind}`);
    this.plan = plan;
  }
  partDone(): void {
    this.calls.push('partDone');
  }
  clearPlan(): void {
    this.calls.push('clearPlan');
    this.plan = undefined;
  }
  forgetUpload(uploadId: string): void {
    this.calls.push(`forget:${uploadId}`);
  }
  recordUploaded(_id: number, o: UploadedObject): void {
    this.calls.push('recordUploaded');
    this.recorded.push(o);
  }
  lastUpload() {
    return undefined;
  }
}

type Handler = (input: Record<string, unknown>) => Promise<unknown> | unknown;

/** A request runner whose client answers each command from `handlers` (by command name). */
function scriptedRunner(handlers: Record<string, Handler>, sent: string[]): RequestRunner {
  const client = {
    async send(cmd: { constructor: { name: string }; input: Record<string, unknown> }) {
      const name = cmd.constructor.name.replace(/Command$/, '');
      sent.push(name);
      const body = cmd.input.Body as Readable | Buffer | undefined;
      if (body && !Buffer.isBuffer(body)) {
        const chunks: Buffer[] = [];
        for await (const c of body) chunks.push(c as Buffer);
        cmd.input.Body = Buffer.concat(chunks);
      }
      const h = handlers[name];
      if (!h) throw new Error(`unexpected ${name}`);
      return h(cmd.input);
    },
  };
  return {
    send: (_req: unknown, fn: (c: unknown, s: undefined) => unknown) => fn(client, undefined),
  } as never;
}

const quietObserver = (progress: number[] = []): UploadObserver => ({
  progress: (b) => progress.push(b),
  retry: () => undefined,
  part: () => undefined,
});

function uploader(store: PlanStore, runner: RequestRunner, fs: UploadFs = nodeUploadFs): FileUploader {
  return new FileUploader({
    store,
    runner,
    fs,
    limiter: new BandwidthLimiter(undefined, systemClock),
    budget: new ByteBudget(64 * MiB),
    options: resolveUploadOptions({ partSizeMin: 5 * MiB, multipartThreshold: 5 * MiB, partConcurrency: 2 }),
  });
}

describe('resume decisions', () => {
  const data = Buffer.alloc(1000, 7);
  const hex = md5(data).toString('hex');

  it('keeps only a part S3 has with the same size and MD5', () => {
    expect(keepsPart({ PartNumber: 1, Size: 1000, ETag: `"${hex}"` }, 1000, hex)).toBe(true);
    expect(keepsPart({ PartNumber: 1, Size: 1000, ETag: `"${'0'.repeat(32)}"` }, 1000, hex)).toBe(false);
    expect(keepsPart({ PartNumber: 1, Size: 999, ETag: `"${hex}"` }, 1000, hex)).toBe(false);
    expect(keepsPart(undefined, 1000, hex)).toBe(false);
  });

  it('resumes a multipart plan only for the file it was made for', () => {
    const plan = { kind: 'multipart', uploadId: 'u', partSize: 5 * MiB, size: 100, mtimeMs: 5 } as const;
    expect(resumablePlan(plan, { size: 100, mtimeMs: 5, ino: 1 })).toBe(plan);
    expect(resumablePlan(plan, { size: 101, mtimeMs: 5, ino: 1 })).toBeUndefined();
    expect(resumablePlan(plan, { size: 100, mtimeMs: 6, ino: 1 })).toBeUndefined();
    expect(
      resumablePlan({ kind: 'put', md5: hex, size: 100, mtimeMs: 5 }, { size: 100, mtimeMs: 5, ino: 1 }),
    ).toBeUndefined();
  });
});

describe('the engine against a scripted S3', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-decisions-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, bytes: Buffer): Promise<UploadJob> {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return { id: 1, path, bucket: 'b', key: `k/${name}`, addedAt: Date.now() };
  }

  it('resumes with only the parts whose MD5 still matches, and sends the rest', async () => {
    const bytes = Buffer.concat([Buffer.alloc(5 * MiB, 1), Buffer.alloc(5 * MiB, 2), Buffer.alloc(MiB, 3)]);
    const job = await file('resume.tif', bytes);
    const st = await nodeFs.stat(job.path);
    const parts = [bytes.subarray(0, 5 * MiB), bytes.subarray(5 * MiB, 10 * MiB), bytes.subarray(10 * MiB)];
    const sent: string[] = [];
    const partsSent: number[] = [];
    const runner = scriptedRunner(
      {
        ListParts: () => ({
          Parts: [
            { PartNumber: 1, Size: 5 * MiB, ETag: `"${md5(parts[0]!).toString('hex')}"` },
            { PartNumber: 2, Size: 5 * MiB, ETag: `"${'f'.repeat(32)}"` }, // stale bytes
          ],
        }),
        UploadPart: (i) => {
          partsSent.push(i.PartNumber as number);
          return { ETag: `"${md5(i.Body as Buffer).toString('hex')}"` };
        },
        CompleteMultipartUpload: () => ({ VersionId: 'v1' }),
        HeadObject: () => ({ ContentLength: bytes.length, ETag: `"${multipartEtag(parts.map(md5))}"` }),
      },
      sent,
    );
    const store = new MemoryPlanStore();
    const plan = {
      kind: 'multipart',
      uploadId: 'u1',
      partSize: 5 * MiB,
      size: st.size,
      mtimeMs: st.mtimeMs,
    } as const;
    const result = await uploader(store, runner).upload(
      { ...job, plan },
      new AbortController().signal,
      quietObserver(),
    );
    expect(partsSent.sort()).toEqual([2, 3]);
    expect(sent).not.toContain('CreateMultipartUpload');
    expect(result).toMatchObject({ reason: 'uploaded', versionId: 'v1' });
    expect(store.recorded[0]).toMatchObject({ etag: multipartEtag(parts.map(md5)), size: bytes.length });
  });

  it('recognises a NoSuchUpload after Complete as done when the object is this file', async () => {
    const bytes = Buffer.concat([Buffer.alloc(5 * MiB, 4), Buffer.alloc(2 * MiB, 5)]);
    const job = await file('complete.psd', bytes);
    const etag = multipartEtag([md5(bytes.subarray(0, 5 * MiB)), md5(bytes.subarray(5 * MiB))]);
    const sent: string[] = [];
    const runner = scriptedRunner(
      {
        CreateMultipartUpload: () => ({ UploadId: 'u2' }),
        UploadPart: (i) => ({ ETag: `"${md5(i.Body as Buffer).toString('hex')}"` }),
        // The first Complete succeeded, its answer was lost, the retry says the upload is gone.
        CompleteMultipartUpload: () => {
          throw Object.assign(new Error('gone'), {
            name: 'NoSuchUpload',
            $metadata: { httpStatusCode: 404 },
          });
        },
        HeadObject: () => ({
          ContentLength: bytes.length,
          ETag: `"${etag}"`,
          LastModified: new Date(),
          VersionId: 'v9',
        }),
      },
      sent,
    );
    const store = new MemoryPlanStore();
    const result = await uploader(store, runner).upload(job, new AbortController().signal, quietObserver());
    expect(result).toMatchObject({ reason: 'uploaded', versionId: 'v9', etag });
    expect(store.calls.filter((c) => c === 'recordUploaded')).toHaveLength(1);
    expect(sent.filter((s) => s === 'CompleteMultipartUpload')).toHaveLength(1);

    // The same answer for an object that is not this file's: the failure stands.
    const other = scriptedRunner(
      {
        CreateMultipartUpload: () => ({ UploadId: 'u3' }),
        UploadPart: (i) => ({ ETag: `"${md5(i.Body as Buffer).toString('hex')}"` }),
        CompleteMultipartUpload: () => {
          throw Object.assign(new Error('gone'), {
            name: 'NoSuchUpload',
            $metadata: { httpStatusCode: 404 },
          });
        },
        HeadObject: () => ({ ContentLength: bytes.length, ETag: '"0-2"', LastModified: new Date() }),
      },
      [],
    );
    await expect(
      uploader(new MemoryPlanStore(), other).upload(job, new AbortController().signal, quietObserver()),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  it('restarts a file that changes under its upload, and sends the new bytes', async () => {
    const job = await file('changing.jpg', Buffer.alloc(4096, 1));
    let stats = 0;
    // The file is rewritten right after the engine first looks at it.
    const fs: UploadFs = {
      ...nodeUploadFs,
      stat: (async (p: string) => {
        const st = await nodeFs.stat(p);
        if (++stats === 1) {
          await writeFile(job.path, Buffer.alloc(8192, 2));
          await utimes(job.path, new Date(), new Date(Date.now() + 5000));
        }
        return st;
      }) as UploadFs['stat'],
    };
    const bodies: Buffer[] = [];
    const runner = scriptedRunner(
      {
        PutObject: (i) => {
          bodies.push(i.Body as Buffer);
          return { ETag: `"${md5(i.Body as Buffer).toString('hex')}"`, VersionId: 'v2' };
        },
      },
      [],
    );
    const progress: number[] = [];
    const result = await uploader(new MemoryPlanStore(), runner, fs).upload(
      job,
      new AbortController().signal,
      quietObserver(progress),
    );
    expect(progress).toContain(0); // the restart rolled progress back
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.equals(Buffer.alloc(8192, 2))).toBe(true);
    expect(result.sha256).toBe(createHash('sha256').update(Buffer.alloc(8192, 2)).digest('hex'));
  });

  it('stores a single PUT plan before sending, and a restart finds the object instead of sending again', async () => {
    const bytes = Buffer.alloc(3000, 9);
    const job = await file('small.jpg', bytes);
    const hex = md5(bytes).toString('hex');
    const store = new MemoryPlanStore();
    const first: string[] = [];
    await uploader(
      store,
      scriptedRunner({ PutObject: () => ({ ETag: `"${hex}"`, VersionId: 'v1' }) }, first),
    ).upload(job, new AbortController().signal, quietObserver());
    expect(store.calls.slice(0, 2)).toEqual(['setPlan:put', 'recordUploaded']);

    // A run killed after that PUT: the job comes back with the plan; S3 holds the object.
    const st = await nodeFs.stat(job.path);
    const again: string[] = [];
    const result = await uploader(
      new MemoryPlanStore(),
      scriptedRunner(
        {
          HeadObject: () => ({
            ContentLength: 3000,
            ETag: `"${hex}"`,
            LastModified: new Date(),
            VersionId: 'v1',
          }),
        },
        again,
      ),
    ).upload(
      { ...job, plan: { kind: 'put', md5: hex, size: st.size, mtimeMs: st.mtimeMs } },
      new AbortController().signal,
      quietObserver(),
    );
    expect(again).toEqual(['HeadObject']);
    expect(result).toMatchObject({ reason: 'uploaded', versionId: 'v1', etag: hex });
  });
});
