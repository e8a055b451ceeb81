import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../support/fault-proxy';
import { freshBucket, testServices } from '../support/services';
import { makeFile, sha256File, sha256Object } from '../support/upload-helpers';

const MiB = 1024 * 1024;

// Without a logger on the client, the AWS SDK prints "An error was encountered in a
// non-retryable streaming request." through `console` for every failed upload request (in a
// real process: under vitest the SDK's fallback does not reach the console, so this runs the
// engine in a child, tests/support/upload-child.ts). The engine reports failures itself.
describe('the engine keeps the console clean through upload failures', () => {
  let dir: string;
  let proxy: FaultProxy;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-quiet-'));
    proxy = await FaultProxy.start(testServices().s3.endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('retries reset single PUTs and parts and writes nothing to stderr', async () => {
    const bucket = await freshBucket('quiet');
    const files = [await makeFile(dir, 'in/a.jpg', 300 * 1024), await makeFile(dir, 'in/b.tif', 6 * MiB)];
    const { s3 } = testServices();
    proxy.inject({ kind: 'reset', count: 3, afterBodyBytes: 64 * 1024, match: (m) => m === 'PUT' });
    const config = {
      dataDir: join(dir, 'profile'),
      bucket,
      endpoint: proxy.url,
      region: s3.region,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      paths: [join(dir, 'in')],
      options: {
        partSizeMin: 5 * MiB,
        multipartThreshold: 5 * MiB,
        retryBaseDelayMs: 20,
        retryMaxDelayMs: 200,
      },
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/upload-child.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        COPPER_CHILD: JSON.stringify(config),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(proxy.stats.resets).toBe(3);
    expect(stdout).toContain('"type":"retry"');
    expect(stderr).toBe('');
    for (const [i, key] of ['in/a.jpg', 'in/b.tif'].entries())
      expect(await sha256Object(bucket, key)).toBe(await sha256File(files[i]!));
  });
});
