import { describe, expect, it } from 'vitest';
import { CopperError } from '../../shared/errors';
import { SessionCredentialProvider } from '../../core/credentials/session-credential-provider';
import { offlineTarget } from '../../core/queue/offline-target';
import { decodeMetadataText, encodeMetadataText } from '../../core/s3/metadata-text';
import { openDatabase } from '../../core/db/database';
import { RunnerLock } from '../../core/db/runner-lock';
import { uploadMetadata } from '../../core/upload/object-metadata';

describe('uploaded-by metadata text', () => {
  it('keeps plain ASCII as is and round-trips anything else through an ASCII-only RFC 2047 word', () => {
    expect(encodeMetadataText('ann@gallery.test')).toBe('ann@gallery.test');
    for (const v of [
      'Zoë Ñúñez',
      'zoë@galería.example',
      '画家',
      ' padded ',
      'emoji 🎨',
      '=?UTF-8?B?Zm9v?=',
      'tab\there',
    ]) {
      const encoded = encodeMetadataText(v);
      expect(encoded, v).toMatch(/^[\x20-\x7e]*$/);
      expect(encoded, v).not.toBe(v);
      expect(decodeMetadataText(encoded), v).toBe(v.normalize('NFC'));
    }
  });

  it('reads what AWS returns for non-ASCII metadata (Q and B words, several words) and leaves plain text alone', () => {
    expect(decodeMetadataText('=?UTF-8?Q?Zo=C3=AB_N?=')).toBe('Zoë N');
    expect(decodeMetadataText('=?UTF-8?B?Wm/Dqw==?= =?UTF-8?B?IE4=?=')).toBe('Zoë N');
    expect(decodeMetadataText('a=?b')).toBe('a=?b');
    expect(decodeMetadataText('plain')).toBe('plain');
  });

  it('builds the upload metadata from the override or the target', () => {
    const target = { bucket: 'b', region: 'r', prefix: '', uploadedBy: 'ann@gallery.test' };
    expect(uploadMetadata(target)).toEqual({ 'uploaded-by': 'ann@gallery.test' });
    expect(uploadMetadata(target, 'Zoë')).toEqual({ 'uploaded-by': encodeMetadataText('Zoë') });
    expect(uploadMetadata({ bucket: 'b', region: 'r', prefix: '' })).toEqual({});
  });
});

describe('runner lock', () => {
  const alive = new Set<number>();
  const isAlive = (pid: number) => alive.has(pid);

  it('lets one process run a profile; a live holder is named; a dead one is taken over', () => {
    const db = openDatabase(':memory:');
    try {
      alive.clear();
      alive.add(101);
      const app = new RunnerLock(db, { owner: 'the Copper app', pid: 101, host: 'mac', isAlive });
      const cli = new RunnerLock(db, { owner: '`copper upload`', pid: 202, host: 'mac', isAlive });
      app.acquire();
      app.acquire(); // idempotent
      expect(() => cli.acquire()).toThrow(
        expect.objectContaining({
          code: 'queue.locked',
          message: expect.stringContaining('the Copper app (PID 101) is already uploading from this profile'),
        }),
      );
      expect(app.held()).toBe(true);
      // The app crashed (its PID is gone): the CLI takes over; the old holder's release changes nothing.
      alive.delete(101);
      cli.acquire();
      expect(cli.held()).toBe(true);
      app.release();
      expect(cli.holder()).toMatchObject({ pid: 202, owner: '`copper upload`' });
      cli.release();
      expect(cli.holder()).toBeUndefined();
      app.release();
    } finally {
      db.close();
    }
  });

  it('judges a holder on another machine by its heartbeat', () => {
    const db = openDatabase(':memory:');
    try {
      let now = 1_000_000;
      const remote = new RunnerLock(db, {
        owner: 'the Copper app',
        pid: 7,
        host: 'other',
        now: () => now,
        isAlive: () => false,
        staleAfterMs: 60_000,
      });
      const local = new RunnerLock(db, {
        owner: '`copper upload`',
        pid: 8,
        host: 'here',
        now: () => now,
        isAlive: () => false,
        staleAfterMs: 60_000,
      });
      remote.acquire();
      now += 30_000;
      expect(() => local.acquire()).toThrow(/PID 7 on other/);
      remote.heartbeat();
      now += 59_000;
      expect(() => local.acquire()).toThrow(/already uploading/);
      now += 2_000;
      local.acquire();
      expect(local.held()).toBe(true);
      expect(remote.held()).toBe(false);
      local.release();
      remote.release();
    } finally {
      db.close();
    }
  });
});

describe('where uploads go', () => {
  it('the session provider names the signed-in person as the uploader', async () => {
    let who: string | undefined = 'ann@gallery.test';
    const provider = new SessionCredentialProvider({
      uploadedBy: () => who,
      fetchCredentials: async () => ({
        accessKeyId: 'AK',
        secretAccessKey: 'SK',
        sessionToken: 'ST',
        expiration: new Date(Date.now() + 3600_000).toISOString(),
        bucket: 'gallery',
        region: 'us-east-1',
        endpoint: null,
        prefix: 'artists/ann/',
        role: 'artist',
      }),
    });
    expect(await provider.target()).toMatchObject({
      bucket: 'gallery',
      prefix: 'artists/ann/',
      uploadedBy: 'ann@gallery.test',
    });
    who = undefined;
    provider.reset();
    expect((await provider.target()).uploadedBy).toBeUndefined();
  });

  it("offline, an artist's prefix comes from the profile and the bucket from memory; staff and unknown buckets are refused in words", () => {
    const cause = new CopperError(
      'network.offline',
      "Can't reach the Copper API at https://api.example.",
      true,
    );
    const artist = {
      apiUrl: 'https://api.example',
      email: 'ann@gallery.test',
      role: 'artist' as const,
      artistId: 'ann',
      displayName: 'Ann',
    };
    const remembered = {
      bucket: 'gallery',
      region: 'eu-west-1',
      endpoint: 'https://s3.example',
      prefix: 'artists/old-id/',
      role: 'artist' as const,
    };
    expect(offlineTarget(artist, remembered, cause)).toEqual({
      bucket: 'gallery',
      region: 'eu-west-1',
      endpoint: 'https://s3.example',
      prefix: 'artists/ann/',
      role: 'artist',
      uploadedBy: 'ann@gallery.test',
    });
    expect(() => offlineTarget(artist, null, cause)).toThrow(
      expect.objectContaining({
        code: 'queue.offline-no-target',
        message: expect.stringContaining("Can't reach the Copper API"),
      }),
    );
    const staff = { ...artist, email: 'sam@gallery.test', role: 'staff' as const, artistId: null };
    expect(() => offlineTarget(staff, remembered, cause)).toThrow(
      /Staff accounts have no default upload folder/,
    );
  });
});
