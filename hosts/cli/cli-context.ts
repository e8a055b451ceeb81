import { toErrorShape } from '../../shared/errors';
import { safeTerminalBlock, terminalSafeJson } from '../../shared/text/safe-text';
import type { BucketBrowser, LinkSigner } from '../../core/bucket';
import type { SharingService, WithApi } from '../../core/history/sharing-service';
import { StaticCredentialProvider, type CredentialProvider } from '../../core/credentials/provider';
import type { CliIo } from './cli-io';
import { readDirectConfig, type DirectConfig } from './direct-config';
import type { IdentityGateway } from './identity-gateway';
import type { OpenQueue, QueueGateway, ReadQueue } from './queue-gateway';
import type { QueueEntry } from '../../shared/models/queue';

export type Env = Readonly<Record<string, string | undefined>>;

/** Direct-mode keys, or the session's credentials, link signer and API calls. */
interface Access {
  readonly credentials: CredentialProvider;
  readonly signer?: LinkSigner;
  readonly withApi?: WithApi;
}

/**
 * What a command may use. Services are built on first use (so `copper help` or a usage error
 * opens no database and asks no keychain) and closed once by runCli.
 */
export class CliContext {
  private access: Promise<Access> | undefined;
  private browser: Promise<BucketBrowser> | undefined;
  private queueGateway: Promise<QueueGateway> | undefined;
  private identityGateway: IdentityGateway | undefined;
  /** True once a command wrote its result (an error then must not add a second JSON document). */
  printed = false;

  constructor(
    readonly io: CliIo,
    readonly env: Env,
    readonly dataDir: string,
    readonly json: boolean,
    private readonly makeIdentity: (dataDir: string) => IdentityGateway,
    private readonly openQueue: OpenQueue,
    private readonly readQueue: ReadQueue,
    /** Aborted when the person presses Ctrl-C. */
    readonly signal?: AbortSignal,
  ) {}

  /**
   * Direct mode's bucket and keys, or undefined in session mode. Read on use, so a half-set
   * environment stops only the commands that need S3 (not `status`, `login` or `logout`).
   */
  direct(): DirectConfig | undefined {
    return readDirectConfig(this.env);
  }

  /** Sign-in and sign-out (the Copper API session). */
  identity(): IdentityGateway {
    this.identityGateway ??= this.makeIdentity(this.dataDir);
    return this.identityGateway;
  }

  /** Direct-mode keys, or the signed-in session's scoped credentials. */
  credentials(): Promise<CredentialProvider> {
    return this.accessOnce().then((a) => a.credentials);
  }

  /** The bucket browser for this person's bucket (links signed by the API in session mode). */
  bucket(): Promise<BucketBrowser> {
    this.browser ??= this.accessOnce().then(async ({ credentials, signer }) => {
      // Loaded on use: the AWS SDK is most of the CLI's start-up time.
      const [{ BucketBrowser }, { createS3Client }] = await Promise.all([
        import('../../core/bucket'),
        import('../../core/s3/client-factory'),
      ]);
      const target = await credentials.target();
      const client = createS3Client(target, credentials);
      return new BucketBrowser({
        client,
        target,
        credentials,
        ownsClient: true,
        ...(signer ? { signer } : {}),
      });
    });
    return this.browser;
  }

  /** Share links and labels at the Copper API (session mode only: direct mode has no API). */
  async sharing(): Promise<SharingService> {
    // Loaded on use: its API routes bring zod, which `upload` and `status` never need.
    const { SharingService } = await import('../../core/history/sharing-service');
    return new SharingService((await this.accessOnce()).withApi);
  }

  /** The durable upload queue in the data folder. */
  queue(): Promise<QueueGateway> {
    this.queueGateway ??= this.credentials().then((credentials) =>
      this.openQueue({ dataDir: this.dataDir, credentials, env: this.env }),
    );
    return this.queueGateway;
  }

  /** The queue's entries without starting the engine (no credentials needed). */
  queueEntries(): Promise<readonly QueueEntry[]> {
    return this.readQueue(this.dataDir);
  }

  /** Prints the command's result: the JSON document with --json, else the human text. */
  print(document: unknown, human: string): void {
    this.printed = true;
    // Keys, uploaders and version ids come from S3: no escape sequence reaches the terminal.
    if (this.json) this.io.stdout.write(`${terminalSafeJson(document, 2)}\n`);
    else if (human) this.io.stdout.write(safeTerminalBlock(human.endsWith('\n') ? human : `${human}\n`));
  }

  /** A line for the person on stderr (never mixed into --json output). */
  note(text: string): void {
    this.io.stderr.write(`${safeTerminalBlock(text)}\n`);
  }

  /** Closes whatever was opened, reporting (not throwing) a failure to close. */
  async close(): Promise<void> {
    // A service that failed to open was reported by the command already: only close what opened.
    const closers: Promise<unknown>[] = [];
    if (this.queueGateway)
      closers.push(
        this.queueGateway.then(
          (q) => q.close(),
          () => undefined,
        ),
      );
    if (this.browser)
      closers.push(
        this.browser.then(
          (b) => b.close(),
          () => undefined,
        ),
      );
    for (const r of await Promise.allSettled(closers)) {
      if (r.status === 'rejected') this.note(`copper: while closing: ${toErrorShape(r.reason).message}`);
    }
    this.identityGateway?.close();
  }

  private accessOnce(): Promise<Access> {
    if (!this.access) {
      let direct: DirectConfig | undefined;
      try {
        direct = this.direct();
      } catch (err) {
        this.access = Promise.reject(err);
        return this.access;
      }
      this.access = direct
        ? Promise.resolve({ credentials: new StaticCredentialProvider(direct.credential, direct.target) })
        : this.identity().session();
    }
    return this.access;
  }
}
