import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreferencesStore } from '../../core/app/preferences-store';
import type { QueueEntry } from '../../shared/models/queue';
import { BatchWatch, batchNotice } from '../../shared/notify/batch-notice';
import { windowTitle } from '../../shared/notify/window-title';
import { stillToUpload } from '../../renderer/shell/use-window-title';
import { queueTotals } from '../../shared/models/queue-totals';

type Extra = { reason?: 'uploaded' | 'unchanged'; code?: string };
const entry = (id: number, state: QueueEntry['state'], extra: Extra = {}) =>
  ({ id, state, size: 10, bytesDone: 0, message: '', retryable: false, ...extra }) as unknown as QueueEntry;

describe('what a finished batch says', () => {
  it('counts uploaded, unchanged and failed, failures first', () => {
    expect(batchNotice({ uploaded: 12, unchanged: 3, failed: 0 })).toEqual({
      title: 'Copper: uploads finished',
      body: '12 files uploaded, 3 unchanged.',
      counts: { uploaded: 12, unchanged: 3, failed: 0 },
    });
    expect(batchNotice({ uploaded: 1, unchanged: 0, failed: 0 })?.body).toBe('1 file uploaded.');
    expect(batchNotice({ uploaded: 0, unchanged: 2000, failed: 0 })).toMatchObject({
      title: 'Copper: nothing new to upload',
      body: '2,000 unchanged.',
    });
    expect(batchNotice({ uploaded: 4, unchanged: 1, failed: 2 })).toMatchObject({
      title: 'Copper: 2 files could not be uploaded',
      body: '4 files uploaded, 1 unchanged, 2 failed: the Queue says why.',
    });
    expect(batchNotice({ uploaded: 0, unchanged: 0, failed: 1 })?.title).toBe(
      'Copper: 1 file could not be uploaded',
    );
    expect(batchNotice({ uploaded: 0, unchanged: 0, failed: 0 })).toBeUndefined();
  });

  it('says it once per batch, when nothing is left queued, uploading or waiting', () => {
    const w = new BatchWatch();
    w.seed([entry(1, 'done', { reason: 'uploaded' })]);
    expect(w.entry(entry(2, 'queued'))).toBeUndefined();
    expect(w.entry(entry(3, 'queued'))).toBeUndefined();
    expect(w.entry(entry(4, 'queued'))).toBeUndefined();
    expect(w.entry(entry(2, 'uploading'))).toBeUndefined();
    expect(w.entry(entry(2, 'done', { reason: 'uploaded' }))).toBeUndefined();
    expect(w.entry(entry(3, 'waiting-for-network'))).toBeUndefined();
    expect(w.entry(entry(3, 'done', { reason: 'unchanged' }))).toBeUndefined();
    const notice = w.entry(entry(4, 'failed', { code: 'AccessDenied' }));
    expect(notice?.counts).toEqual({ uploaded: 1, unchanged: 1, failed: 1 }); // entry 1 was done before
    // Further events of finished files are not a new batch.
    expect(w.entry(entry(4, 'failed', { code: 'AccessDenied' }))).toBeUndefined();
    expect(w.removed(2)).toBeUndefined();
    // A retry that uploads is a new batch of one.
    w.entry(entry(4, 'queued'));
    expect(w.entry(entry(4, 'done', { reason: 'uploaded' }))?.counts).toEqual({
      uploaded: 1,
      unchanged: 0,
      failed: 0,
    });
  });

  it('does not count files held back at add, and says nothing when the person paused or cancelled everything', () => {
    const w = new BatchWatch();
    w.seed([]);
    w.entry(entry(1, 'queued'));
    expect(w.entry(entry(2, 'failed', { code: 'held-back' }))).toBeUndefined();
    expect(w.entry(entry(3, 'failed', { code: 'duplicate' }))).toBeUndefined();
    expect(w.entry(entry(1, 'done', { reason: 'uploaded' }))?.counts).toEqual({
      uploaded: 1,
      unchanged: 0,
      failed: 0,
    });
    w.entry(entry(5, 'queued'));
    w.entry(entry(6, 'uploading'));
    expect(w.entry(entry(5, 'paused'))).toBeUndefined();
    expect(w.removed(6)).toBeUndefined(); // cancelled: the batch ended with nothing to tell
    expect(w.entry(entry(5, 'queued'))).toBeUndefined();
    expect(w.entry(entry(5, 'done', { reason: 'uploaded' }))?.counts.uploaded).toBe(1);
  });

  it('picks up a batch already running when seeded (a reload mid-upload)', () => {
    const w = new BatchWatch();
    w.seed([entry(1, 'uploading'), entry(2, 'done', { reason: 'uploaded' })]);
    expect(w.entry(entry(1, 'done', { reason: 'uploaded' }))?.counts).toEqual({
      uploaded: 1,
      unchanged: 0,
      failed: 0,
    });
  });
});

describe('the window title', () => {
  it('counts what is still to upload, plain Copper when nothing is', () => {
    expect(windowTitle(0)).toBe('Copper');
    expect(windowTitle(12)).toBe('Copper — 12 to upload');
    expect(windowTitle(2000)).toBe('Copper — 2,000 to upload');
    const totals = queueTotals(
      (['queued', 'uploading', 'paused', 'waiting-for-network', 'failed', 'done'] as const).map((s, i) =>
        entry(i + 1, s, { reason: 'uploaded', code: 'x' }),
      ),
    );
    expect(stillToUpload(totals)).toBe(4);
  });
});

describe('the preferences file', () => {
  it('starts from the defaults, saves owner-only, and keeps valid fields of a damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copper-prefs-unit-'));
    try {
      const store = new PreferencesStore(dir, { fileConcurrency: 3 });
      expect(store.get()).toEqual({
        fileConcurrency: 3,
        autoStart: true,
        bandwidthLimit: null,
        notify: false,
      });
      const seen: number[] = [];
      store.onChange((p) => seen.push(p.fileConcurrency));
      store.set({ fileConcurrency: 8 });
      store.set({ fileConcurrency: 8 }); // no change, no event
      expect(seen).toEqual([8]);
      expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
        fileConcurrency: 8,
      });
      expect(() => store.set({ fileConcurrency: 99 })).toThrow();
      writeFileSync(
        join(dir, 'settings.json'),
        '{"fileConcurrency": 40, "autoStart": false, "notify": "yes"}',
      );
      expect(new PreferencesStore(dir).get()).toEqual({
        fileConcurrency: 4,
        autoStart: false,
        bandwidthLimit: null,
        notify: false,
      });
      writeFileSync(join(dir, 'settings.json'), '{not json');
      expect(new PreferencesStore(dir).get().autoStart).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
