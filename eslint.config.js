// Flat config. The per-folder `no-restricted-imports` rules are the architecture's layering:
// renderer → shared, electron → shared, server → shared; shared imports nothing of ours and
// no Node built-in; only a few named files in electron/ may import 'electron'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Files allowed to import 'electron' (the Electron-only shell; keep this list short). */
export const electronFiles = [
  'electron/main.ts',
  'electron/preload.ts',
  'electron/window.ts',
  'electron/ipc-main.ts',
  'electron/app-protocol.ts',
];

const banElectron = { name: 'electron', message: "Only the files in eslint.config.js's electronFiles may import 'electron'." };
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'tests/e2e/artifacts/**', '.services/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [banElectron, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer has no Node.' }))],
        patterns: [
          pattern(['**/electron/**', '**/server/**', '**/tests/**', '**/scripts/**'], 'renderer/ may import only renderer/ and shared/.'),
        ],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [banElectron, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs in every process: no Node built-ins.' }))],
        patterns: [
          pattern(['**/electron/**', '**/renderer/**', '**/server/**', '**/tests/**', '**/scripts/**'], 'shared/ imports nothing of ours outside shared/.'),
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: electronFiles,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [banElectron],
        patterns: [pattern(['**/renderer/**', '**/server/**', '**/tests/**'], 'electron/ may import only electron/ and shared/.')],
      }],
    },
  },
  {
    files: electronFiles,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [pattern(['**/renderer/**', '**/server/**', '**/tests/**'], 'electron/ may import only electron/ and shared/.')],
      }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [banElectron],
        patterns: [pattern(['**/electron/**', '**/renderer/**', '**/tests/**'], 'server/ may import only server/ and shared/.')],
      }],
    },
  },
);
