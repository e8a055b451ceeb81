// The contenders, each as the shell command that uploads a folder into a bucket with its
// defaults (rclone also tuned as its documentation suggests for big, fast links).
import { join } from 'node:path';
import type { Dataset } from './datasets';

/** The CLI the bench runs: the bundle scripts/bench.sh built for this run (bench/copper.mjs). */
export const BENCH_CLI = 'bench/copper.mjs';

/** What the contenders need to know about the S3 server. */
export interface BenchS3 {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

/** A named command that uploads `d` into `bucket`. */
export interface Tool {
  readonly name: string;
  command(d: Dataset, bucket: string, scratch: string): string;
}

const q = (s: string): string => JSON.stringify(s);

/** The environment every contender runs with: the S3 server's keys, rclone's `bench:` remote. */
export function toolEnv(s3: BenchS3): NodeJS.ProcessEnv {
  // AWS_CA_BUNDLE (set on some machines) makes rclone and the aws CLI fail on a plain-http endpoint.
  const { AWS_CA_BUNDLE: _ignored, ...inherited } = process.env;
  return {
    ...inherited,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_REGION: s3.region,
    AWS_DEFAULT_REGION: s3.region,
    AWS_ENDPOINT_URL: s3.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: 'Ceph',
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: s3.accessKeyId,
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: s3.secretAccessKey,
    RCLONE_CONFIG_BENCH_ENDPOINT: s3.endpoint,
    RCLONE_CONFIG_BENCH_REGION: s3.region,
  };
}

/**
 * copper in direct mode: `upload DIR --wait` (queues and uploads in one process, as
 * `aws s3 cp --recursive` does), a fresh profile folder per run.
 */
export function copperCommand(d: Dataset, bucket: string, scratch: string, extraEnv = ''): string {
  const dataDir = join(scratch, `copper-data-${bucket}`);
  const cli = `node ${q(join(process.cwd(), BENCH_CLI))} --data-dir ${q(dataDir)}`;
  const env = `COPPER_BUCKET=${bucket} ${extraEnv}`;
  return `${env} ${cli} upload ${q(d.dir)} --wait >/dev/null`;
}

/** copper, aws s3 cp and rclone (defaults and tuned). */
export function contenders(s3: BenchS3): Tool[] {
  return [
    { name: 'copper', command: copperCommand },
    {
      name: 'aws s3 cp',
      command: (d, bucket) =>
        `/usr/bin/aws --endpoint-url ${s3.endpoint} s3 cp --recursive --only-show-errors ${q(d.dir)} s3://${bucket}/${d.name}/`,
    },
    {
      name: 'rclone',
      command: (d, bucket) => `rclone copy -q --s3-no-check-bucket ${q(d.dir)} bench:${bucket}/${d.name}/`,
    },
    {
      name: 'rclone tuned',
      command: (d, bucket) =>
        `rclone copy -q --s3-no-check-bucket --transfers 16 --s3-upload-concurrency 8 --s3-chunk-size 16M ${q(d.dir)} bench:${bucket}/${d.name}/`,
    },
  ];
}
