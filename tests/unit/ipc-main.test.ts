import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import {
  createInvokeListener,
  forwardEvents,
  senderRefusal,
  type SenderPolicy,
} from '../../electron/ipc-main';
import { APP_ORIGIN, EVENT_CHANNEL } from '../../electron/app-origin';
import { EventHub } from '../../core/ipc/event-hub';
import type { Handlers } from '../../core/ipc/dispatch';
import { CopperError, type ErrorShape } from '../../shared/errors';

// Electron's event objects, typed against electron.d.ts, with only the fields the check
// reads: the sending webContents and its frame (URL and whether it has a parent).
function invokeEvent(senderId: number, frame: { url: string; top?: boolean } | null): IpcMainInvokeEvent {
  const senderFrame =
    frame === null
      ? null
      : ({
          url: frame.url,
          parent: frame.top === false ? ({ url: APP_ORIGIN } as WebFrameMain) : null,
        } as WebFrameMain);
  return {
    sender: { id: senderId } as WebContents,
    senderFrame,
    frameId: 1,
    processId: 1,
    type: 'frame',
  } as unknown as IpcMainInvokeEvent;
}

const WINDOW_ID = 7;
const policy: SenderPolicy = { webContentsId: () => WINDOW_ID, origin: APP_ORIGIN };
const ours = () => invokeEvent(WINDOW_ID, { url: `${APP_ORIGIN}/index.html` });

function recordingHandlers() {
  const calls: Array<{ name: string; request: unknown }> = [];
  // Only the app.* calls are exercised here; the other domains' handlers are never reached.
  const handlers = {
    'app.info': async (request) => {
      calls.push({ name: 'app.info', request });
      return {
        version: '1.2.3',
        dataDir: '/data',
        host: 'electron',
        connection: 'online',
        platform: 'linux',
      };
    },
    'app.ping': async (request) => {
      calls.push({ name: 'app.ping', request });
      if (request.echo === 'copper-error')
        throw new CopperError('test.expected', 'an expected failure', true);
      if (request.echo === 'crash') throw new Error('secret stack detail');
      return { echo: request.echo, at: '2026-01-01T00:00:00.000Z' };
    },
  } satisfies Pick<Handlers, 'app.info' | 'app.ping'> as unknown as Handlers;
  return { handlers, calls };
}

function setup() {
  const { handlers, calls } = recordingHandlers();
  const refused: ErrorShape[] = [];
  const unexpected: string[] = [];
  const listener = createInvokeListener({
    handlers,
    policy,
    logUnexpected: (name) => unexpected.push(name),
    logRefused: (r) => refused.push(r),
  });
  return { listener, calls, refused, unexpected };
}

describe('the main-side IPC binding', () => {
  it('runs the handler for our window with a valid payload, handing it the parsed request', async () => {
    const { listener, calls } = setup();
    const result = await listener(ours(), 'app.ping', { echo: 'hello' });
    expect(result).toEqual({ ok: true, value: { echo: 'hello', at: '2026-01-01T00:00:00.000Z' } });
    expect(calls).toEqual([{ name: 'app.ping', request: { echo: 'hello' } }]);
  });

  it.each([
    ['a wrong type', { echo: 42 }],
    ['an unknown extra field', { echo: 'hi', admin: true }],
    ['a missing field', {}],
    ['a string instead of an object', 'echo'],
    ['an over-long value', { echo: 'x'.repeat(1001) }],
  ])('rejects a payload with %s before any handler runs', async (_label, payload) => {
    const { listener, calls } = setup();
    const result = await listener(ours(), 'app.ping', payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('ipc.invalid-payload');
    expect(calls).toEqual([]);
  });

  it('rejects a call name that is not in the contract', async () => {
    const { listener, calls } = setup();
    const result = await listener(ours(), 'fs.readFile', { path: '/etc/passwd' });
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.unknown-call' } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['another webContents', invokeEvent(WINDOW_ID + 1, { url: `${APP_ORIGIN}/index.html` })],
    [
      'an embedded frame of our window',
      invokeEvent(WINDOW_ID, { url: `${APP_ORIGIN}/index.html`, top: false }),
    ],
    ['our window showing a remote page', invokeEvent(WINDOW_ID, { url: 'https://evil.example/index.html' })],
    ['our window showing a local file', invokeEvent(WINDOW_ID, { url: 'file:///home/someone/page.html' })],
    ['our window on another app:// host', invokeEvent(WINDOW_ID, { url: 'app://elsewhere/index.html' })],
    ['a frame that has gone', invokeEvent(WINDOW_ID, null)],
  ])('refuses a sender that is not our window: %s', async (_label, event) => {
    const { listener, calls, refused } = setup();
    const result = await listener(event, 'app.ping', { echo: 'hello' });
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.untrusted-sender', retryable: false } });
    expect(calls).toEqual([]);
    expect(refused).toHaveLength(1);
  });

  it('refuses every sender while no window exists', () => {
    expect(senderRefusal(ours(), { webContentsId: () => undefined, origin: APP_ORIGIN })?.code).toBe(
      'ipc.untrusted-sender',
    );
    expect(senderRefusal(ours(), policy)).toBeNull();
  });

  it('passes expected failures through as their shape and hides unexpected ones behind a generic message', async () => {
    const { listener, unexpected } = setup();
    expect(await listener(ours(), 'app.ping', { echo: 'copper-error' })).toEqual({
      ok: false,
      error: { code: 'test.expected', message: 'an expected failure', retryable: true },
    });
    const crash = await listener(ours(), 'app.ping', { echo: 'crash' });
    expect(crash.ok).toBe(false);
    if (!crash.ok) {
      expect(crash.error.code).toBe('internal');
      expect(crash.error.message).not.toContain('secret stack detail');
    }
    expect(unexpected).toEqual(['app.ping']);
  });
});

describe('forwarding events to the window', () => {
  it('sends each event with its payload while the window lives, and stops when disposed', () => {
    const hub = new EventHub();
    const sent: unknown[][] = [];
    let destroyed = false;
    const contents = { send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => destroyed };
    const dispose = forwardEvents(hub, () => contents);
    hub.emit('app.heartbeat', { at: 'now', connection: 'online' });
    destroyed = true;
    hub.emit('app.heartbeat', { at: 'later', connection: 'offline' });
    expect(sent).toEqual([[EVENT_CHANNEL, 'app.heartbeat', { at: 'now', connection: 'online' }]]);
    dispose();
    expect(hub.size).toBe(0);
  });
});
