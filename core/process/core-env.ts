import { catalogDecodeLimit } from '../catalog/decode-limit';

/**
 * The environment a host starts the core process with. libuv's pool (4 threads by default)
 * serves file reads, DNS, zlib, hashing of part buffers read through fs, and every sharp
 * decode: with N decodes running, only 4−N threads would be left for the uploads' file reads
 * and the thumbnail protocol. So the pool gets 4 threads on top of the catalog's decodes.
 * A UV_THREADPOOL_SIZE the person set is kept.
 */
export function coreProcessEnv(
  env: Readonly<Record<string, string | undefined>>,
  decodes: number = catalogDecodeLimit(),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  if (!out.UV_THREADPOOL_SIZE) out.UV_THREADPOOL_SIZE = String(Math.min(1024, 4 + decodes));
  return out;
}
