import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { Clock } from './clock';
import { backoffDelay } from './retry';
import type { S3Session } from './s3-session';
import { classifyFailure } from '../s3/s3-errors';

/**
 * While the queue is offline, asks the S3 endpoint with backoff whether it answers again
 * (HeadBucket: any HTTP answer, even 403, means the network is back). `wake()` probes at once
 * (the desktop calls it on the OS "online" and "resume" events).
 */
export class ConnectivityProbe {
  private running = false;
  private wakeUp?: AbortController;
  private stopped = false;

  constructor(
    private readonly session: S3Session,
    private readonly clock: Clock,
    private readonly delays: { baseMs: number; maxMs: number },
    private readonly onOnline: () => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** Starts probing unless already probing. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop();
  }

  wake(): void {
    this.wakeUp?.abort();
  }

  stop(): void {
    this.stopped = true;
    this.wakeUp?.abort();
  }

  /** One probe: true when the endpoint answered. */
  async probe(): Promise<boolean> {
    try {
      const target = await this.session.target();
      const { client } = await this.session.client();
      await client.send(new HeadBucketCommand({ Bucket: target.bucket }), {
        abortSignal: AbortSignal.timeout(10_000),
      });
      return true;
    } catch (err) {
      const kind = classifyFailure(err);
      return kind !== 'network' && kind !== 'aborted';
    }
  }

  private async loop(): Promise<void> {
    try {
      for (let attempt = 1; !this.stopped; attempt++) {
        this.wakeUp = new AbortController();
        const delay = backoffDelay(attempt, this.delays.baseMs, this.delays.maxMs, this.random);
        await this.clock.sleep(delay, this.wakeUp.signal).catch(() => undefined);
        if (this.stopped) return;
        if (await this.probe()) {
          this.running = false;
          if (!this.stopped) this.onOnline();
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
