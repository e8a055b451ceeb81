/**
 * The upload queue in a child process, both sides: `childConfig` builds the COPPER_CHILD
 * environment a test passes (the test RGW's admin keys for one bucket), `openChildQueue` is
 * how a child script (upload-child.ts, lock-runner-child.ts) reads it back and opens the
 * profile's queue, and `runUploadChild` runs tests/support/upload-child.ts and collects its lines.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { StaticCredentialProvider } from '../../core/credentials/provider';
import { openDatabase, type CopperDatabase } from '../../core/db/database';
import type { UploadOptions } from '../../core/upload/options';
import { UploadQueue } from '../../core/upload/upload-queue';

/** What a child process is told, as JSON in COPPER_CHILD. */
export interface ChildConfig {
  dataDir: string;
  bucket: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  paths: string[];
  options: Partial<UploadOptions>;
  /** upload-child.ts: SIGKILL this process right after S3 stored a single PUT, before the engine hears of it. */
  killAfterPut?: boolean;
  /** lock-runner-child.ts: the throttle it starts with. */
  bandwidthLimit?: number;
}

/** A child's config for `bucket` on the test RGW (`s3`: testServices().s3, passed in so children need no test services). */
export function childConfig(
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string },
  fields: Pick<ChildConfig, 'dataDir' | 'bucket' | 'paths'> & Partial<ChildConfig>,
): ChildConfig {
  return {
    endpoint: s3.endpoint,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    options: {},
    ...fields,
  };
}

/** In a child: the profile's database and queue with the config's admin keys (through `endpoint` when given). */
export function openChildQueue(
  config: ChildConfig,
  options: Partial<UploadOptions>,
  endpoint?: string,
): { db: CopperDatabase; queue: UploadQueue } {
  const db = openDatabase(config.dataDir);
  const queue = new UploadQueue({
    db,
    credentials: new StaticCredentialProvider(
      { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      { bucket: config.bucket, region: config.region, endpoint: endpoint ?? config.endpoint, prefix: '' },
    ),
    options,
  });
  return { db, queue };
}

/** The COPPER_CHILD config as a child reads it (before opening anything). */
export function readChildConfig(): ChildConfig {
  return JSON.parse(process.env.COPPER_CHILD ?? '{}') as ChildConfig;
}

/** One JSON line of upload-child.ts. */
export interface ChildLine {
  type: string;
  phase?: string;
  partNumber?: number;
  size?: number;
  entries?: { state: string; versionId?: string; size: number }[];
  peakRss?: number;
  maxRss?: number;
}

/**
 * Runs tests/support/upload-child.ts; `killWhen` sees every event line and returns true to
 * SIGKILL the child right there (no cleanup, no flush: a crash or a pulled plug).
 */
export function runUploadChild(
  config: ChildConfig,
  killWhen?: (line: ChildLine, seen: ChildLine[]) => boolean,
): Promise<{ lines: ChildLine[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/upload-child.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, COPPER_CHILD: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: ChildLine[] = [];
    let killed = false;
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    createInterface({ input: child.stdout }).on('line', (text) => {
      if (!text.startsWith('{')) return;
      const line = JSON.parse(text) as ChildLine;
      lines.push(line);
      if (!killed && killWhen?.(line, lines)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve({ lines, killed });
      else if (code === 0) resolve({ lines, killed });
      // The child killed itself on purpose (tests/support/kill-after-put.ts).
      else if (signal === 'SIGKILL' && lines.some((l) => l.type === 'killing'))
        resolve({ lines, killed: true });
      else reject(new Error(`upload child exited ${code ?? signal}: ${stderr.slice(-2000)}`));
    });
  });
}
