import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { AccountProfile } from '../../shared/models/account';

/** Where the signed-in person's profile (never a secret) is remembered between runs. */
export interface ProfileStore {
  load(): Promise<AccountProfile | null>;
  save(profile: AccountProfile): Promise<void>;
  clear(): Promise<void>;
}

const storedSchema = z.object({
  version: z.literal(1),
  profile: z.object({
    apiUrl: z.string().min(1),
    email: z.string().min(1),
    role: z.enum(['artist', 'staff']),
    artistId: z.string().min(1).nullable(),
    displayName: z.string(),
  }),
});

/**
 * The profile as a small JSON settings file (default `<dataDir>/account.json`). Written
 * atomically (temp file + rename) so a crash never leaves half a file. An unreadable or
 * unexpected file counts as "no profile": the person signs in again, nothing breaks.
 */
export class JsonFileProfileStore implements ProfileStore {
  constructor(private readonly file: string) {}

  /** The store for a data directory. */
  static inDataDir(dataDir: string): JsonFileProfileStore {
    return new JsonFileProfileStore(join(dataDir, 'account.json'));
  }

  async load(): Promise<AccountProfile | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const parsed = storedSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.profile : null;
    } catch {
      return null;
    }
  }

  async save(profile: AccountProfile): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const stored = {
      version: 1,
      profile: {
        apiUrl: profile.apiUrl,
        email: profile.email,
        role: profile.role,
        artistId: profile.artistId,
        displayName: profile.displayName,
      },
    };
    await writeFile(tmp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
