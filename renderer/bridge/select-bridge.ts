import type { CopperBridge, CallName, CallRequest, CallResponse } from '../../shared/ipc/contract';
import { toCopperError } from './bridge-error';
import type { DesktopExtras, RendererBridge } from './renderer-bridge';
import { createWebSocketBridge } from './web-socket-bridge';

const TOKEN_KEY = 'copper.web-token';

function fromPreload(preload: CopperBridge & DesktopExtras): RendererBridge {
  return {
    kind: 'electron',
    transport: () => 'open',
    onTransport: () => () => {},
    pathForFile: (file) => preload.pathForFile?.(file) || undefined,
    thumbnailUrl: (id) => `copper-thumb://catalog/${encodeURIComponent(id)}`,
    invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>> {
      return preload.invoke(name, request).catch((reason: unknown) => {
        throw toCopperError(reason);
      });
    },
    on: (name, listener) => preload.on(name, listener),
  };
}

/** A bridge for a page opened without the web host's link: every call says how to connect. */
function disconnected(): RendererBridge {
  return {
    kind: 'none',
    transport: () => 'refused',
    onTransport: () => () => {},
    pathForFile: () => undefined,
    invoke: () =>
      Promise.reject(
        toCopperError({
          code: 'transport.none',
          message: 'Open the link printed by `npm run start:web`.',
          retryable: false,
        }),
      ),
    on: () => () => {},
  };
}

/**
 * Picks the transport: the Electron preload's `window.copper` when present, otherwise the
 * web host's WebSocket with the token from `#token=…`. The token is removed from the address
 * bar at once (so it is not bookmarked, shared or shown) and kept for this tab only, so a
 * reload still connects.
 */
export function selectBridge(win: Window & { copper?: CopperBridge & DesktopExtras }): RendererBridge {
  if (win.copper) return fromPreload(win.copper);
  const hash = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const fromHash = hash.get('token');
  if (fromHash) {
    win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const token = fromHash ?? win.sessionStorage.getItem(TOKEN_KEY);
  if (!token || win.location.protocol !== 'http:') return disconnected();
  return createWebSocketBridge(`ws://${win.location.host}/ws`, token);
}
