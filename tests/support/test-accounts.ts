import { rmSync } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AppContext } from '../../core/app-context';
import type { AccountRole } from '../../shared/models/account';

/** The password of every account a test creates. */
export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * An account for `startTestApi().createUser`: `<first name>-<run>@example.com`, TEST_PASSWORD,
 * and for an artist the artist id `<first name>-<run>` (so each run gets its own S3 prefix).
 */
export function testAccount<R extends AccountRole>(role: R, displayName: string, run: string) {
  const handle = `${displayName.split(' ')[0]!.toLowerCase()}-${run}`;
  return {
    email: `${handle}@example.com`,
    password: TEST_PASSWORD,
    role,
    artistId: role === 'artist' ? handle : null,
    displayName,
  } as const;
}

/** The `afterAll` of a test that signed an app context in against a test API: each part given is closed, the data folder removed. */
export async function closeSessionTest(parts: {
  context?: AppContext;
  api?: { dispose(): Promise<void> };
  s3?: S3Client;
  dataDir?: string;
}): Promise<void> {
  await parts.context?.session.signOut().catch(() => {});
  await parts.context?.dispose();
  await parts.api?.dispose();
  parts.s3?.destroy();
  if (parts.dataDir) rmSync(parts.dataDir, { recursive: true, force: true });
}
