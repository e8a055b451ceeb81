#!/usr/bin/env node
// The `copper` command. It runs the bundle `npm run build` makes (dist/cli/copper.mjs, see
// scripts/build-cli.mjs) while it is fresh — no source file it was built from is newer — and
// the TypeScript sources through tsx otherwise, so an edited checkout never runs stale code
// and a fresh clone works without a build. COPPER_CLI_SOURCES=1 forces the sources.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The AWS SDK's "Node 22 will be required from 2027" notice is for developers; a command's
// stderr is for the person running it (errors and the progress bar). Still overridable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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

if (freshBundle()) {
  const { main } = await import('../dist/cli/copper.mjs');
  await main();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../hosts/cli/entry.ts');
  await main();
}
