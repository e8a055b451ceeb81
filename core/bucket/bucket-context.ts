import type { S3Client } from '@aws-sdk/client-s3';

/** What every bucket operation needs: a client bound to the right credentials and the bucket's name. */
export interface BucketContext {
  readonly client: S3Client;
  readonly bucket: string;
}

/** Milliseconds since the epoch; injected so tests can move time. */
export type Clock = () => number;
