// A fresh Node process doing what the app does after a restart (or on a machine without a
// keychain). Run by tests/integration/identity-session.test.ts through child_process.fork:
// the result goes to stdout as one `RESULT {json}` line; secrets seen (so the parent can scan
// files and logs for them) go over the IPC channel only, never to stdout or stderr.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { toErrorShape } from '../../shared/errors';
import { KeychainStore } from '../../core/credentials/keychain-store';
import { JsonFileProfileStore } from '../../core/credentials/profile-store';
import { SessionService, type SessionLog } from '../../core/account/session-service';
import { sessionCredentialProvider } from '../../core/account/session-credentials';
import { createS3Client } from '../../core/s3/client-factory';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

// Logs go to stderr like the app's would; the parent captures and scans them.
const log: SessionLog = {
  info: (message, context) =>
    process.stderr.write(`${JSON.stringify({ level: 'info', message, ...context })}\n`),
  warn: (message, context) =>
    process.stderr.write(`${JSON.stringify({ level: 'warn', message, ...context })}\n`),
};

async function main(): Promise<unknown> {
  const session = new SessionService({
    tokens: new KeychainStore({ service: env('COPPER_TEST_KEYCHAIN_SERVICE') }),
    profiles: JsonFileProfileStore.inDataDir(env('COPPER_TEST_DATA_DIR')),
    log,
  });
  const mode = process.argv[2];
  if (mode === 'sign-in') {
    try {
      const profile = await session.signIn(
        env('COPPER_TEST_API_URL'),
        env('COPPER_TEST_EMAIL'),
        env('COPPER_TEST_PASSWORD'),
      );
      return { signedIn: true, profile };
    } catch (err) {
      return { signedIn: false, error: toErrorShape(err) };
    }
  }
  if (mode === 'restore-and-put') {
    const state = await session.restore();
    if (state.status !== 'signed-in') return { state };
    const { provider, dispose } = sessionCredentialProvider(session);
    const credential = await provider.get();
    process.send?.({ secretAccessKey: credential.secretAccessKey, sessionToken: credential.sessionToken });
    const target = await provider.target();
    const s3 = createS3Client(target, provider);
    const key = `${target.prefix}${env('COPPER_TEST_OBJECT_NAME')}`;
    await s3.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: env('COPPER_TEST_OBJECT_BODY') }),
    );
    // The scope is S3's to enforce: outside the artist's prefix must be refused.
    const outside = await s3
      .send(new PutObjectCommand({ Bucket: target.bucket, Key: 'artists/someone-else/x.txt', Body: 'x' }))
      .then(
        () => 'allowed',
        (err: { name?: string }) => err.name ?? 'error',
      );
    s3.destroy();
    dispose();
    return { state, key, target, outside };
  }
  throw new Error(`unknown mode ${mode}`);
}

main().then(
  (result) => {
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.disconnect?.();
  },
  (err: unknown) => {
    process.stdout.write(`RESULT ${JSON.stringify({ crashed: toErrorShape(err), detail: String(err) })}\n`);
    process.disconnect?.();
    process.exitCode = 1;
  },
);
