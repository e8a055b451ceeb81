// The S3 server's floor for a corpus: the same number of PUTs of the same size, shaped as
// copper's (the body's SHA-256 signed as its payload hash, content type, one metadata
// header), sent by a bare loop from one buffer in memory — no files read, nothing hashed per
// file, no bookkeeping, no process started. On a machine where the server shares the cores,
// no client can upload the corpus much faster than this: it shows how much of a tool's time
// is its own and whether a ratio asked for against another tool is there to be had at all.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { SigV4Signer } from '../core/s3/sigv4';
import { slotCapacity, slotsFor } from '../core/upload/file-slots';
import { resolveUploadOptions } from '../core/upload/options';
import type { Dataset } from './datasets';
import { serverCpuSeconds } from './measure';
import type { BenchS3 } from './tools';

/** One bare loop over a corpus's shape. */
export interface FloorSample {
  /** From the first request to the last answer. */
  readonly seconds: number;
  /** What the S3 server spent meanwhile (undefined when its processes cannot be read). */
  readonly serverCpuSeconds?: number;
}

/** Requests in flight for `d`'s file size: as many as copper's queue runs (file-slots.ts). */
export function floorInFlight(d: Dataset): number {
  const options = resolveUploadOptions();
  return Math.min(d.files, slotCapacity(options) / slotsFor(d.bytes / d.files, options));
}

/** The largest file the loop sends from memory (copper sends bigger ones multipart). */
const LARGEST = 16 * 1024 * 1024;

/** Whether the floor is measured for `d`: corpora of many files small enough for one PUT each. */
export const floorApplies = (d: Dataset): boolean => d.files > 1 && d.bytes / d.files < LARGEST;

/** PUTs `d.files` objects of `d`'s file size into `bucket`, `floorInFlight(d)` at a time. */
export async function bareLoop(s3: BenchS3, d: Dataset, bucket: string): Promise<FloorSample> {
  const url = new URL(s3.endpoint);
  const tls = url.protocol === 'https:';
  const inFlight = floorInFlight(d);
  const agent = new (tls ? https : http).Agent({ keepAlive: true, maxSockets: inFlight });
  const body = randomBytes(Math.round(d.bytes / d.files));
  const sha256 = createHash('sha256').update(body).digest('hex');
  const signer = new SigV4Signer(s3.region);
  const keys = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
  const base = url.pathname.replace(/\/$/, '');

  const put = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const path = `${base}/${bucket}/floor/artwork-${String(i).padStart(5, '0')}.tif`;
      const headers: Record<string, string> = {
        host: url.host,
        'content-length': String(body.length),
        'content-type': 'image/tiff',
        'x-amz-meta-uploaded-by': 'bench',
      };
      signer.sign({ method: 'PUT', path, query: {}, headers, payloadHash: sha256 }, keys);
      const req = (tls ? https : http).request(
        { hostname: url.hostname, port: url.port, path, method: 'PUT', headers, agent },
        (res) => {
          res.resume();
          res.on('end', () =>
            (res.statusCode ?? 500) < 300
              ? resolve()
              : reject(new Error(`server floor: PUT ${path} answered ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const serverBefore = serverCpuSeconds();
  const started = performance.now();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < d.files) await put(next++);
      }),
    );
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  const serverAfter = serverCpuSeconds();
  return serverBefore !== undefined && serverAfter !== undefined
    ? { seconds, serverCpuSeconds: serverAfter - serverBefore }
    : { seconds };
}
