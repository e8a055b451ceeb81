// `npm run start:web`: the core plus the built renderer in a normal browser. Prints the URL
// (with this run's token) and runs until Ctrl-C.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../../core/app/data-dir';
import { CoreClient } from '../../core/process/core-client';
import { spawnCoreChild } from './core-child';
import { startWebHost } from './web-host';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const dataDir =
    argValue('--data-dir') ??
    process.env.COPPER_DATA_DIR ??
    defaultDataDir(process.platform, process.env, homedir());
  const port = Number(argValue('--port') ?? process.env.COPPER_WEB_PORT ?? 0);
  // The core runs in its own process, as under Electron: this one only serves HTTP and the socket.
  const core = new CoreClient({
    spawn: () => spawnCoreChild(),
    config: { dataDir, host: 'web', version: pkg.version },
    log: (message) => console.error(message),
  });
  await core.start();
  const host = await startWebHost({
    handlers: core.handlers,
    hub: core.hub,
    staticDir: join(root, 'dist/renderer'),
    port,
    // History shows thumbnails straight from the bucket.
    imageSources: () => core.imageSources(),
    thumbnails: (id) => core.readThumbnail(id),
  });
  console.log(
    `Copper is running in your browser at:\n\n  ${host.url}\n\nOnly this machine can connect; the token in the link changes every run. Ctrl-C stops it.`,
  );
  const stop = async () => {
    await host.close();
    await core.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
