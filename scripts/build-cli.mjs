// Bundles the `copper` CLI with esbuild into dist/cli/ (ESM, code-split at the CLI's lazy
// imports so `copper help` still loads little). Starting from the bundle skips tsx's
// transpile-on-load and thousands of module look-ups: the start-up cost paid twice per
// `add` + `upload` in scripts. dist/cli/sources.json lists our own source files in the
// bundle; bin/copper.mjs uses the bundle only while none of them (nor package-lock.json) is
// newer than it, so an edited checkout never runs stale code. `--outdir DIR` (inside the
// checkout, so node_modules still resolve) builds another copy: the benchmark's (bench/copper.mjs).
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const flag = process.argv.indexOf('--outdir');
const outdir = flag > 0 ? process.argv[flag + 1] : 'dist/cli';
// Chunk names change with their content: old ones must not pile up.
await rm(new URL(`../${outdir}`, import.meta.url), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { copper: 'hosts/cli/entry.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  // The AWS SDK's ES modules (its "module" builds) instead of its CommonJS: tree-shaken, and no
  // CommonJS wrappers copying thousands of exports at start.
  mainFields: ['module', 'main'],
  format: 'esm',
  target: 'node24',
  // Native modules load their prebuilt binaries relative to their own package folder.
  external: ['better-sqlite3', 'sharp', '@napi-rs/keyring'],
  // Bundled CommonJS packages call require(); ESM has none of its own.
  banner: {
    js: "import { createRequire as __copperRequire } from 'node:module'; const require = __copperRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});
const sources = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'));
await writeFile(
  new URL(`../${outdir}/sources.json`, import.meta.url),
  JSON.stringify({ builtAt: Date.now(), sources: [...sources, 'package-lock.json'] }) + '\n',
);
console.log(`built ${outdir}/copper.mjs (${sources.length} sources)`);
