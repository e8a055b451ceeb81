// What the environment may change about a desktop launch, read once in main: a data folder of
// one's own (a second profile, the e2e run), a keychain service of its own (the e2e run and the
// packaged smoke test sign in without touching the person's saved sign-in), the heartbeat, and
// the local (non-roaming) folders for caches on Windows (local-paths.ts).
//
// Pure (no 'electron' import) so it is unit-tested here.
import { localPaths, type LocalPaths } from './local-paths';

export interface LaunchSettings extends LocalPaths {
  /** COPPER_DATA_DIR: `app.setPath('userData', …)`; the Chromium profile and the core's data live there. */
  readonly dataDir?: string;
  /** COPPER_KEYCHAIN_SERVICE: the keychain service the sign-in is saved under (default: the core's, "Copper"). */
  readonly keychainService?: string;
  /** COPPER_HEARTBEAT_MS: how often the core says it is alive (default: the core's). */
  readonly heartbeatMs?: number;
}

// A keychain service is a short label (macOS Keychain "Where", Windows' target, libsecret's
// attribute): printable, no control characters, not empty.
const SERVICE = /^[\p{L}\p{N} ._:@+-]{1,100}$/u;

/** The launch settings the environment asks for; a value that cannot be right is ignored, with a reason. */
export function launchSettings(options: {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly appName: string;
  readonly warn?: (message: string) => void;
}): LaunchSettings {
  const { env } = options;
  const warn = options.warn ?? (() => {});
  const out: { -readonly [K in keyof LaunchSettings]: LaunchSettings[K] } = { ...localPaths(options) };
  if (env.COPPER_DATA_DIR) out.dataDir = env.COPPER_DATA_DIR;
  const service = env.COPPER_KEYCHAIN_SERVICE?.trim();
  if (service && SERVICE.test(service)) out.keychainService = service;
  else if (service)
    warn(`COPPER_KEYCHAIN_SERVICE ignored: "${service.slice(0, 40)}" is not a keychain service name.`);
  const heartbeat = env.COPPER_HEARTBEAT_MS;
  if (heartbeat && /^\d{1,7}$/.test(heartbeat) && Number(heartbeat) > 0) out.heartbeatMs = Number(heartbeat);
  else if (heartbeat)
    warn(`COPPER_HEARTBEAT_MS ignored: "${heartbeat.slice(0, 20)}" is not a number of milliseconds.`);
  return out;
}
