import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate } from '../../electron/app-menu-template';
import { EventHub } from '../../core/ipc/event-hub';
import { followQueueActivity, type QueueActivity } from '../../core/queue/queue-activity';
import { coreProcessEnv, proxyEnvFromResolved } from '../../core/process/core-env';
import type { QueueEntry } from '../../shared/models/queue';
import type { BatchCounts } from '../../shared/notify/batch-notice';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('application menu', () => {
  it('has File → Add Folder…/Add Files… and DevTools only when not packaged', () => {
    const picked: string[] = [];
    const dev = flatten(
      appMenuTemplate({ packaged: false, platform: 'linux', onAdd: (k) => picked.push(k) }),
    );
    const packaged = flatten(appMenuTemplate({ packaged: true, platform: 'darwin', onAdd: () => {} }));
    expect(dev.some((i) => i.role === 'toggleDevTools')).toBe(true);
    expect(packaged.some((i) => i.role === 'toggleDevTools' || i.role === 'reload')).toBe(false);
    for (const label of ['Add Folder…', 'Add Files…']) {
      const item = dev.find((i) => i.label === label);
      (item?.click as () => void)();
    }
    expect(picked).toEqual(['folders', 'files']);
    // Electron's default Help links to electronjs.org; ours has only About.
    const help = dev.find((i) => i.role === 'help');
    expect(flatten(help?.submenu as MenuItemConstructorOptions[]).map((i) => i.role)).toEqual(['about']);
    expect(packaged[0]?.role).toBe('appMenu');
  });
});

const entry = (id: number, state: QueueEntry['state'], size = 100, bytesDone = 0) =>
  ({ id, state, size, bytesDone }) as unknown as QueueEntry;

describe('queue activity (sleep blocker, badge, progress, batch notification)', () => {
  it('follows entry events, reports changes only, and one batch-done per batch', () => {
    const hub = new EventHub();
    const seen: QueueActivity[] = [];
    const batches: BatchCounts[] = [];
    const follow = followQueueActivity(hub, {
      onChange: (a) => seen.push(a),
      onBatchDone: (b) => batches.push(b.counts),
    });
    follow.seed([entry(1, 'done', 50, 50)]);
    expect(seen.at(-1)).toEqual({ active: 0, bytesDone: 0, bytesTotal: 0 });
    hub.emit('queue.entry', entry(2, 'queued'));
    hub.emit('queue.entry', entry(3, 'queued'));
    expect(seen.at(-1)).toEqual({ active: 2, bytesDone: 0, bytesTotal: 200 });
    hub.emit('queue.entry', entry(2, 'uploading', 100, 40));
    const count = seen.length;
    hub.emit('queue.entry', entry(2, 'uploading', 100, 40));
    expect(seen.length).toBe(count);
    hub.emit('queue.entry', { ...entry(2, 'done', 100, 100), reason: 'uploaded' } as QueueEntry);
    expect(batches).toEqual([]);
    hub.emit('queue.entry', entry(3, 'failed', 100, 0));
    expect(seen.at(-1)?.active).toBe(0);
    expect(batches).toEqual([{ uploaded: 1, unchanged: 0, failed: 1 }]);
    hub.emit('queue.removed', { id: 3 });
    expect(batches.length).toBe(1);
    follow.dispose();
    expect(hub.size).toBe(0);
  });
});

describe('core process environment', () => {
  it('gives libuv four threads beyond the catalog decodes, and keeps a size the person set', () => {
    expect(coreProcessEnv({ PATH: '/bin' }, 3)).toMatchObject({ PATH: '/bin', UV_THREADPOOL_SIZE: '7' });
    expect(coreProcessEnv({ UV_THREADPOOL_SIZE: '2' }, 3).UV_THREADPOOL_SIZE).toBe('2');
  });

  it("follows the environment's proxy and trusts the OS certificate store, unless told otherwise", () => {
    expect(coreProcessEnv({}, 1)).toMatchObject({ NODE_USE_ENV_PROXY: '1', NODE_USE_SYSTEM_CA: '1' });
    expect(coreProcessEnv({ NODE_USE_ENV_PROXY: '0', NODE_USE_SYSTEM_CA: '0' }, 1)).toMatchObject({
      NODE_USE_ENV_PROXY: '0',
      NODE_USE_SYSTEM_CA: '0',
    });
  });

  it("maps the OS's resolved proxy onto HTTP(S)_PROXY; DIRECT, SOCKS and a proxy already set give nothing", () => {
    const proxy = { HTTP_PROXY: 'http://proxy.corp:3128', HTTPS_PROXY: 'http://proxy.corp:3128' };
    expect(proxyEnvFromResolved('PROXY proxy.corp:3128; DIRECT', {})).toEqual(proxy);
    expect(proxyEnvFromResolved('HTTPS secure.corp:443', {})).toEqual({
      HTTP_PROXY: 'https://secure.corp:443',
      HTTPS_PROXY: 'https://secure.corp:443',
    });
    expect(proxyEnvFromResolved('DIRECT', {})).toEqual({});
    expect(proxyEnvFromResolved('SOCKS5 socks.corp:1080', {})).toEqual({});
    expect(proxyEnvFromResolved('PROXY proxy.corp:3128', { HTTPS_PROXY: 'http://mine:8080' })).toEqual({});
  });
});
