import { catalogDecodeLimit } from '../catalog/decode-limit';

/**
 * The environment a host starts the core process with. libuv's pool (4 threads by default)
 * serves file reads, DNS, zlib, hashing of part buffers read through fs, and every sharp
 * decode: with N decodes running, only 4−N threads would be left for the uploads' file reads
 * and the thumbnail protocol. So the pool gets 4 threads on top of the catalog's decodes.
 * A UV_THREADPOOL_SIZE the person set is kept.
 *
 * Measured (2 cores, machine under load 17-20; 16 LZW TIFFs of 3000×2250 through readImage,
 * a 1 MiB file read every 20 ms beside them standing for an upload's part reads):
 *   sharp's defaults (every decode at once, pool 4; 1 or 2 libvips threads): 1.2-1.6 thumbnails/s,
 *     file reads wait 6-12 s (15-30 reads in the run), event-loop delay p99 65-80 ms;
 *   the cap here (1 decode = cores/2, 1 libvips thread, pool 5): 1.0-1.6 thumbnails/s,
 *     reads p99 24-104 ms (max 90-160 ms, ~400 reads), event-loop delay p99 36-81 ms;
 *   2 decodes (pool 6) 0.9-1.05/s, 1 decode with 2 libvips threads 0.8-1.0/s: no faster.
 * Throughput is within the noise of the load; the reads are not: without the cap they stall
 * for seconds, with it they keep moving. So the cap stays: cores/2 decodes, one thread each.
 *
 * Corporate networks: the Copper API client's fetch follows HTTP_PROXY / HTTPS_PROXY /
 * NO_PROXY only when Node is started with NODE_USE_ENV_PROXY (S3's agents take the proxy
 * from the environment themselves), and NODE_USE_SYSTEM_CA makes TLS trust the OS's
 * certificate store beside Node's own (a company's root CA). Both are read at start, so the
 * host sets them here; a value the person set is kept.
 */
export function coreProcessEnv(
  env: Readonly<Record<string, string | undefined>>,
  decodes: number = catalogDecodeLimit(),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  if (!out.UV_THREADPOOL_SIZE) out.UV_THREADPOOL_SIZE = String(Math.min(1024, 4 + decodes));
  out.NODE_USE_ENV_PROXY ??= '1';
  out.NODE_USE_SYSTEM_CA ??= '1';
  return out;
}

/**
 * HTTP_PROXY / HTTPS_PROXY for the core from the OS's proxy answer (Chromium's
 * `session.resolveProxy`: "DIRECT", or "PROXY host:port; DIRECT" from the system settings or a
 * PAC file). Only an HTTP proxy maps onto the environment; SOCKS and DIRECT give nothing, and a
 * proxy the person set in the environment wins.
 */
export function proxyEnvFromResolved(
  resolved: string,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) return {};
  const first = resolved.split(';')[0]?.trim() ?? '';
  const m = /^(PROXY|HTTPS)\s+([^\s;]+)$/i.exec(first);
  if (!m) return {};
  const url = `${m[1]!.toUpperCase() === 'HTTPS' ? 'https' : 'http'}://${m[2]}`;
  return { HTTP_PROXY: url, HTTPS_PROXY: url };
}
