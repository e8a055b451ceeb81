// Bundles the Electron main process and the preload with esbuild (the renderer is Vite's).
// main → dist/electron/main.cjs, preload → dist/electron/preload.cjs, the core (run by main in
// a utility process) → dist/electron/core-process.cjs. The preload runs
// sandboxed, where only 'electron' may be required, so everything else is bundled into it.
// Native modules stay external: electron-builder packs them (rebuilt for Electron's ABI).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const external = ['electron', 'sharp', '@napi-rs/keyring'];
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  // The AWS SDK's ES modules, tree-shaken, as in the CLI's bundle (scripts/build-cli.mjs).
  mainFields: ['module', 'main'],
  format: 'cjs',
  target: 'node24',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', external }),
  build({
    ...common,
    entryPoints: ['core/process/core-process.ts'],
    outfile: 'dist/electron/core-process.cjs',
    external,
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  }),
]);
console.log('built dist/electron/main.cjs, core-process.cjs and preload.cjs');
