import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Proves the layering rule in eslint.config.js bites: a probe file placed (virtually) in each
// runtime folder imports what that folder must not, and ESLint must report it. The probe is
// linted from text, so no file is written into the tree.
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function errorsFor(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const forbidden: ReadonlyArray<readonly [string, string]> = [
  ['core/probe.ts', "import 'electron';"],
  ['core/probe.ts', "import '../hosts/cli/entry';"],
  ['core/probe.ts', "import '../renderer/app';"],
  ['hosts/probe.ts', "import 'electron';"],
  ['hosts/probe.ts', "import '../electron/main';"],
  ['renderer/probe.ts', "import 'node:fs';"],
  ['renderer/probe.ts', "import '../core/app-context';"],
  ['renderer/probe.ts', "import 'electron';"],
  ['shared/probe.ts', "import 'node:path';"],
  ['shared/probe.ts', "import '../core/app-context';"],
  ['server/probe.ts', "import '../core/app-context';"],
  ['electron/probe.ts', "import '../hosts/web/web-host';"],
  ['electron/probe.ts', "import '../renderer/app';"],
];

const permitted: ReadonlyArray<readonly [string, string]> = [
  ['electron/probe.ts', "import 'electron';\nimport '../core/app-context';\nimport '../shared/errors';"],
  ['hosts/probe.ts', "import '../core/app-context';\nimport 'node:fs';"],
  ['core/probe.ts', "import '../shared/errors';\nimport 'node:fs';"],
  ['renderer/probe.ts', "import '../shared/errors';"],
  ['server/probe.ts', "import '../shared/errors';\nimport 'node:http';"],
];

// The first lintText loads the TypeScript parser: seconds on a busy 2-core machine.
describe('layering lint rule', { timeout: 60_000 }, () => {
  it.each(forbidden)('%s: refuses %s', async (file, source) => {
    expect(await errorsFor(file, `${source}\n`)).toHaveLength(1);
  });
  it.each(permitted)('%s: allows %s', async (file, source) => {
    expect(await errorsFor(file, `${source}\n`)).toEqual([]);
  });
});
