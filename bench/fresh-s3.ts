// A fresh S3 server for each corpus, so that no corpus races on what the ones before it left
// on the server: the buckets the janitor keeps, deleted objects its garbage collector is still
// freeing, a bucket index and object store grown by tens of thousands of objects. Started the
// way scripts/with-services.sh starts the run's (scripts/services/rgw-start.sh), ~6 s each.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv, promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Starts a new RGW under `scratch`, points this process's S3 variables at it (the bench's
 * helpers read them: buckets, the server's CPU, its garbage collector) while `work` runs,
 * then puts them back and stops the server, which takes all its buckets with it.
 */
export async function withFreshS3<T>(scratch: string, work: () => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(scratch, 'rgw-'));
  let saved: Record<string, string | undefined> = {};
  try {
    await run('scripts/services/rgw-start.sh', [dir]);
    // The variables rgw-start.sh writes: S3_ENDPOINT, the keys, RGW_DIR…
    const vars = parseEnv(await readFile(join(dir, 'env'), 'utf8'));
    saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await run('scripts/services/rgw-stop.sh', [dir]).catch(() => undefined);
  }
}
