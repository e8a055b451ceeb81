import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonFileProfileStore } from '../../core/credentials/profile-store';
import type { AccountProfile } from '../../shared/models/account';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'copper-profile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const profile: AccountProfile = {
  apiUrl: 'https://api.example.com',
  email: 'ada@example.com',
  role: 'artist',
  artistId: 'ada',
  displayName: 'Ada',
};

describe('JsonFileProfileStore', () => {
  it('saves, loads after a "restart" and clears', async () => {
    const store = JsonFileProfileStore.inDataDir(join(dir, 'nested'));
    expect(await store.load()).toBeNull();
    await store.save(profile);
    expect(await JsonFileProfileStore.inDataDir(join(dir, 'nested')).load()).toEqual(profile);
    expect(await readdir(join(dir, 'nested'))).toEqual(['account.json']); // no temp file left
    await store.clear();
    expect(await store.load()).toBeNull();
    await store.clear(); // idempotent
  });

  it('writes only the profile fields, even when handed more', async () => {
    const store = JsonFileProfileStore.inDataDir(dir);
    await store.save({ ...profile, token: 'cps_secret' } as AccountProfile);
    const text = await readFile(join(dir, 'account.json'), 'utf8');
    expect(text).not.toContain('cps_secret');
    expect(JSON.parse(text)).toEqual({ version: 1, profile });
  });

  it('treats a damaged or foreign file as no profile', async () => {
    const store = JsonFileProfileStore.inDataDir(dir);
    await writeFile(join(dir, 'account.json'), '{ half');
    expect(await store.load()).toBeNull();
    await writeFile(
      join(dir, 'account.json'),
      JSON.stringify({ version: 1, profile: { ...profile, role: 'admin' } }),
    );
    expect(await store.load()).toBeNull();
  });
});
