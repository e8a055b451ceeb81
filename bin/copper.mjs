#!/usr/bin/env node
// The `copper` command: the bundled CLI when `npm run build` made a fresh one, else the
// TypeScript sources through tsx (a runtime dependency), so a fresh clone needs no build.
// Plain JavaScript that every Node parses: the version check below must run before anything
// that needs the project's Node (node:sqlite is Node 24's).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const MIN_NODE = 24;

// Behind a proxy (HTTP_PROXY / HTTPS_PROXY), the Copper API's fetch follows it only when Node
// starts with NODE_USE_ENV_PROXY (S3's agents read the environment themselves), and
// NODE_USE_SYSTEM_CA (the OS's certificate store: a company's root CA) is read at start too.
const env = process.env;
const proxied = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
const startEnv =
  proxied && !env.NODE_USE_ENV_PROXY
    ? { NODE_USE_ENV_PROXY: '1', NODE_USE_SYSTEM_CA: env.NODE_USE_SYSTEM_CA ?? '1' }
    : {};

/** Runs this command again with `node` and the start-time settings; exits with its status. */
function reexec(node) {
  const r = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...env, ...startEnv, COPPER_REEXEC: '1' },
  });
  if (r.signal) process.kill(process.pid, r.signal);
  process.exit(r.status ?? 1);
}
if (Number(process.versions.node.split('.')[0]) < MIN_NODE) {
  // A shell's `node` may be older than the project's: the Node 24 that `npm ci` installs
  // (the npm `node` package) runs the command instead, when it is there.
  const projectNode = fileURLToPath(
    new URL(`../node_modules/node/bin/node${process.platform === 'win32' ? '.exe' : ''}`, import.meta.url),
  );
  if (!process.env.COPPER_REEXEC && existsSync(projectNode)) reexec(projectNode);
  process.stderr.write(
    `copper needs Node.js ${MIN_NODE} or newer; this is Node.js ${process.versions.node}. ` +
      `Install Node.js ${MIN_NODE} (see .nvmrc), or run \`npm ci\` in the Copper folder, which brings it.\n`,
  );
  process.exit(2);
}

// Behind a proxy, run once more with the proxy settings Node reads at start (above).
if (Object.keys(startEnv).length > 0 && !process.env.COPPER_REEXEC) reexec(process.execPath);

// The AWS SDK's notices about Node versions are for developers; a command's stderr is for
// the person running it (errors and the progress bar). Still overridable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// The bundle `npm run build` makes (dist/cli/copper.mjs, scripts/build-cli.mjs) starts without
// tsx's transpile-on-load; it runs only while fresh — no source it was built from is newer —
// so an edited checkout never runs stale code. COPPER_CLI_SOURCES=1 forces the sources.
const root = fileURLToPath(new URL('..', import.meta.url));
function freshBundle() {
  if (process.env.COPPER_CLI_SOURCES === '1') return false;
  try {
    const { builtAt, sources } = JSON.parse(readFileSync(`${root}dist/cli/sources.json`, 'utf8'));
    return sources.every((s) => statSync(`${root}${s}`).mtimeMs <= builtAt);
  } catch {
    return false; // no bundle, or a source it was built from is gone
  }
}

// V8's code cache for the modules loaded below (Node 22.1+; NODE_COMPILE_CACHE picks the
// folder, the OS temp folder by default; NODE_DISABLE_COMPILE_CACHE=1 turns it off): the AWS
// SDK and zod are compiled once instead of at every start (~50 ms of CPU per command).
module.enableCompileCache?.();

if (freshBundle()) {
  const { main } = await import('../dist/cli/copper.mjs');
  await main();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../hosts/cli/entry.ts');
  await main();
}
