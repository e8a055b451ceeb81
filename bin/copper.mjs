#!/usr/bin/env node
// The `copper` command. The CLI is TypeScript run through tsx (a runtime dependency), so the
// same sources serve the desktop app, the tests and this command without a build step.
// Plain JavaScript that every Node parses: the version check below must run before anything
// that needs the project's Node (node:sqlite is Node 24's).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MIN_NODE = 24;
if (Number(process.versions.node.split('.')[0]) < MIN_NODE) {
  // A shell's `node` may be older than the project's: the Node 24 that `npm ci` installs
  // (the npm `node` package) runs the command instead, when it is there.
  const projectNode = fileURLToPath(
    new URL(`../node_modules/node/bin/node${process.platform === 'win32' ? '.exe' : ''}`, import.meta.url),
  );
  if (!process.env.COPPER_REEXEC && existsSync(projectNode)) {
    const r = spawnSync(projectNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, COPPER_REEXEC: '1' },
    });
    if (r.signal) process.kill(process.pid, r.signal);
    process.exit(r.status ?? 1);
  }
  process.stderr.write(
    `copper needs Node.js ${MIN_NODE} or newer; this is Node.js ${process.versions.node}. ` +
      `Install Node.js ${MIN_NODE} (see .nvmrc), or run \`npm ci\` in the Copper folder, which brings it.\n`,
  );
  process.exit(2);
}

const { register } = await import('tsx/esm/api');
// The AWS SDK's notices about Node versions are for developers; a command's stderr is for
// the person running it (errors and the progress bar). Still overridable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../hosts/cli/entry.ts');
await main();
