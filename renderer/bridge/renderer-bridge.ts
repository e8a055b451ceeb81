import type { CopperBridge } from '../../shared/ipc/contract';

/** The state of the pipe to the core (Electron IPC is always open; a WebSocket may drop). */
export type TransportState = 'connecting' | 'open' | 'closed' | 'refused';

/** Which host the renderer runs in. */
export type BridgeKind = 'electron' | 'web' | 'none';

/**
 * What the UI talks to: the contract bridge plus what the UI needs to know about the
 * transport. Calls reject with a CopperError (code, message, retryable), whichever transport.
 */
export interface RendererBridge extends CopperBridge {
  readonly kind: BridgeKind;
  transport(): TransportState;
  /** Fires on every transport change; returns the unsubscribe. */
  onTransport(listener: (state: TransportState) => void): () => void;
  /**
   * The absolute path of a dropped File, where the host can know it (the desktop app's
   * preload). Undefined in a browser, which never reveals paths.
   */
  pathForFile(file: File): string | undefined;
  /** The URL of a catalog thumbnail by its id, for this transport (the desktop's copper-thumb: scheme, the web host's /thumb/). */
  thumbnailUrl?(id: string): string;
}

/** The extra the Electron preload adds beside the contract (see electron/preload.ts). */
export interface DesktopExtras {
  pathForFile?(file: File): string;
}
