/** What the renderer may know about the running core: never a secret. */
export interface AppInfo {
  readonly version: string;
  readonly dataDir: string;
  readonly host: 'electron' | 'web' | 'cli';
  readonly connection: 'online' | 'offline' | 'unknown';
  readonly platform: string;
}
