// The main-process side of the contract over Electron IPC. Only *types* come from
// 'electron' here, so the checks run (and are unit-tested) without the Electron binary;
// main.ts does the actual `ipcMain.handle`.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { ErrorShape } from '../shared/errors';
import type { InvokeResult } from '../shared/ipc/contract';
import { dispatch, type Handlers, type UnexpectedErrorLog } from '../core/ipc/dispatch';
import type { EventHub } from '../core/ipc/event-hub';
import { EVENT_CHANNEL } from './app-origin';

/** Who may call the core: our main window's top frame, showing our own app:// page. */
export interface SenderPolicy {
  /** The id of the window's webContents, or undefined while there is no window. */
  readonly webContentsId: () => number | undefined;
  /** e.g. `app://copper`. */
  readonly origin: string;
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Node's URL reports origin "null" for custom schemes; protocol + host is what we compare.
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/**
 * Why an IPC message's sender is not trusted, or null when it is. Trusted means: sent by our
 * window's webContents, from its top frame (not an iframe), whose current URL is on our own
 * origin (not a page it was somehow navigated to).
 */
export function senderRefusal(event: IpcMainInvokeEvent, policy: SenderPolicy): ErrorShape | null {
  const refuse = (why: string): ErrorShape => ({
    code: 'ipc.untrusted-sender',
    message: `The call was refused: ${why}.`,
    retryable: false,
  });
  const expectedId = policy.webContentsId();
  if (expectedId === undefined || event.sender.id !== expectedId)
    return refuse('it did not come from the Copper window');
  const frame = event.senderFrame;
  if (!frame) return refuse('the calling page has gone');
  if (frame.parent !== null) return refuse('it came from an embedded frame');
  if (originOf(frame.url) !== policy.origin) return refuse('it came from a page that is not part of Copper');
  return null;
}

/** What the invoke listener needs. */
export interface InvokeListenerDeps {
  readonly handlers: Handlers;
  readonly policy: SenderPolicy;
  readonly logUnexpected: UnexpectedErrorLog;
  /** Told about refused senders (a sign of a bug or an attack; never silent). */
  readonly logRefused?: (refusal: ErrorShape, url: string | undefined) => void;
}

/**
 * The listener main.ts passes to `ipcMain.handle(INVOKE_CHANNEL, …)`: checks the sender,
 * then validates the payload against the contract through the shared dispatcher. Always
 * resolves to an InvokeResult (Electron would flatten a thrown error into a string).
 */
export function createInvokeListener(
  deps: InvokeListenerDeps,
): (event: IpcMainInvokeEvent, name: unknown, payload: unknown) => Promise<InvokeResult> {
  return async (event, name, payload) => {
    const refusal = senderRefusal(event, deps.policy);
    if (refusal) {
      deps.logRefused?.(refusal, event.senderFrame?.url);
      return { ok: false, error: refusal };
    }
    return dispatch(deps.handlers, name, payload, deps.logUnexpected);
  };
}

/** Forwards every hub event to the window (while it exists) on EVENT_CHANNEL. Returns the disposer. */
export function forwardEvents(
  hub: EventHub,
  target: () => Pick<WebContents, 'send' | 'isDestroyed'> | undefined,
): () => void {
  return hub.subscribe((name, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  });
}
