// Flat config. Folders are named by the runtime they run in, and the per-folder
// `no-restricted-imports` rules below are the architecture's layering (see docs/architecture.md):
//   renderer → shared          (the window: no Node, no Electron)
//   electron → core → shared   (electron/ is the only folder that may import 'electron')
//   hosts    → core → shared   (the web host and the CLI: plain Node, never Electron)
//   server   → shared          (the Copper API)
//   shared   → nothing of ours, no Node built-in
// tests/unit/layering.test.ts lints a probe file per folder to prove each rule bites.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const banElectron = { name: 'electron', message: "Only electron/ may import 'electron'." };
const ours = {
  core: '**/core/**',
  hosts: '**/hosts/**',
  electron: '**/electron/**',
  renderer: '**/renderer/**',
  server: '**/server/**',
  tests: '**/tests/**',
  scripts: '**/scripts/**',
};

/** The layering: which of our folders each runtime folder may not import. */
export const layers = {
  renderer: {
    bans: ['core', 'hosts', 'electron', 'server', 'tests', 'scripts'],
    node: false,
    electron: false,
  },
  shared: {
    bans: ['core', 'hosts', 'electron', 'renderer', 'server', 'tests', 'scripts'],
    node: false,
    electron: false,
  },
  core: {
    bans: ['hosts', 'electron', 'renderer', 'server', 'tests', 'scripts'],
    node: true,
    electron: false,
  },
  hosts: { bans: ['electron', 'renderer', 'server', 'tests', 'scripts'], node: true, electron: false },
  electron: { bans: ['hosts', 'renderer', 'server', 'tests', 'scripts'], node: true, electron: true },
  server: {
    bans: ['core', 'hosts', 'electron', 'renderer', 'tests', 'scripts'],
    node: true,
    electron: false,
  },
};

function layerRule(folder, { bans, node, electron }) {
  const paths = [];
  if (!electron) paths.push(banElectron);
  if (!node) paths.push(...nodeBuiltins.map((name) => ({ name, message: `${folder}/ runs without Node.` })));
  return {
    files: [`${folder}/**/*.{ts,tsx}`],
    ...(folder === 'renderer' ? { languageOptions: { globals: { ...globals.browser } } } : {}),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths,
          patterns: [
            {
              group: bans.map((b) => ours[b]),
              message: `${folder}/ must not import ${bans.map((b) => `${b}/`).join(', ')} (see docs/architecture.md).`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'tests/e2e/artifacts/**',
      '.services/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...Object.entries(layers).map(([folder, layer]) => layerRule(folder, layer)),
);
