// The messages between a host (Electron main, the web host) and the core process. The
// contract's calls and events ride inside them unchanged; a few host-only operations
// (thumbnail bytes, CSP sources, the OS's network signal, a clean stop) ride beside them.
import type { ErrorShape } from '../../shared/errors';
import type { BucketTarget, ScopedCredential } from '../credentials/provider';
import type { UploadOptions } from '../upload/options';
import type { AppInfo } from '../../shared/models/app-info';

/**
 * A MessagePort-like duplex: Node's IPC channel (`process.send`), Electron's
 * `process.parentPort` / `UtilityProcess`, or a worker's port all map onto this.
 */
export interface CoreChannel {
  send(message: CoreMessage): void;
  /** Hears every message; returns the unsubscribe. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/** How a host describes the core it wants; structured-clone safe (it crosses the process boundary). */
export interface CoreProcessConfig {
  readonly dataDir: string;
  readonly host: AppInfo['host'];
  readonly version: string;
  readonly heartbeatMs?: number;
  readonly keychainService?: string;
  readonly downloadsDir?: string;
  /** The thumbnail cache, when not `<dataDir>/thumbnails` (Windows: under %LOCALAPPDATA%, not Roaming). */
  readonly thumbnailsDir?: string;
  /** The OS's own network signal (Electron's `net.isOnline()`); later changes arrive as `network` ops. */
  readonly connection?: AppInfo['connection'];
  /** Direct mode (scripted setups, tests): fixed keys and bucket instead of the signed-in session's. */
  readonly direct?: { readonly target: BucketTarget; readonly credential: ScopedCredential };
  readonly uploadOptions?: Partial<UploadOptions>;
  /** Fewer log lines from the account services (tests). */
  readonly quiet?: boolean;
}

/** Host-only operations: never reachable from a renderer (the window's binding only forwards contract calls). */
export type HostOp =
  | { readonly op: 'thumbnail'; readonly id: string }
  | { readonly op: 'image-sources' }
  | { readonly op: 'set-online'; readonly online: boolean }
  | { readonly op: 'network'; readonly connection: AppInfo['connection'] }
  | { readonly op: 'download-to'; readonly key: string; readonly versionId: string; readonly path: string }
  | { readonly op: 'stop' };

/** Every message on a CoreChannel, both directions. */
export type CoreMessage =
  | { readonly kind: 'init'; readonly config: CoreProcessConfig }
  | { readonly kind: 'call'; readonly id: number; readonly name: string; readonly payload: unknown }
  | { readonly kind: 'host'; readonly id: number; readonly request: HostOp }
  | { readonly kind: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'result'; readonly id: number; readonly ok: false; readonly error: ErrorShape }
  | { readonly kind: 'event'; readonly name: string; readonly payload: unknown }
  | { readonly kind: 'ready'; readonly pid: number }
  | { readonly kind: 'fatal'; readonly message: string };

/** Narrowing for an untrusted message: only the kind and the id are checked here; each side checks the rest. */
export function messageKind(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const kind = (message as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : undefined;
}
