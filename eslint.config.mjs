// Lint enforces Parley's process boundaries (so they hold by rule, not by memory) and a
// few safety rules. The boundaries:
//   renderer/        browser only: no Node built-ins, no electron, no main/ or server/ code
//   contract/        shared by all three processes: no Node built-ins, no electron, no zustand/react
//   main/core/, main/protocols/   host-agnostic: no electron (the browser host runs them too)
//   preload/         only electron's renderer-side modules and the contract
//   server/          the reference server: no electron, nothing from the client but the Netalo wire codec and the logger
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noImports = (names, patterns, message) => [
  'error',
  {
    paths: names.map((name) => ({ name, message })),
    // A pattern is a string, or an array read as one group (so `!` can carve out an exception).
    patterns: patterns.map((group) => ({ group: Array.isArray(group) ? group : [group], message })),
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'renderer/dev/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The build, run and test scripts are plain Node ES modules.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'fetch', 'AbortSignal', 'URL', 'Buffer', 'setTimeout', 'clearTimeout'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Message text is never rendered as HTML.' },
        { selector: "MemberExpression[property.name='innerHTML']", message: 'Never write HTML from data: use textContent.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': noImports(
        [...nodeBuiltins, 'electron'],
        ['**/main/**', '**/server/**', '**/preload/**', 'socket.io*', 'ws', 'better-sqlite3'],
        'The renderer runs in a sandboxed browser page: it talks to main only through window.parley.',
      ),
    },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': noImports(
        [...nodeBuiltins, 'electron', 'react', 'zustand', 'dexie'],
        ['**/main/**', '**/renderer/**', '**/server/**', '**/preload/**'],
        'The contract is shared by every process: it depends on nothing but zod.',
      ),
    },
  },
  {
    files: ['main/core/**/*.ts', 'main/protocols/**/*.ts'],
    rules: {
      'no-restricted-imports': noImports(
        ['electron'],
        // Except the language catalogues: plain data that main's own words (notifications, the tray)
        // share. Each parent folder is let through too: gitignore rules cannot re-include a file
        // inside an excluded folder.
        [
          '**/main/electron/**',
          '**/main/webhost/**',
          ['**/renderer/**', '!**/renderer/src/', '!**/renderer/src/i18n/', '!**/renderer/src/i18n/catalogues/', '!**/renderer/src/i18n/catalogues/*'],
        ],
        'main/core and main/protocols are host-agnostic: the browser host runs them without Electron.',
      ),
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': noImports(
        nodeBuiltins,
        ['**/main/**', '**/renderer/**', '**/server/**'],
        'The sandboxed preload can require only electron; it bridges the contract and nothing else.',
      ),
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/test/**'],
    rules: {
      'no-restricted-imports': noImports(
        ['electron'],
        [['**/main/core/**', '!**/main/core/logger'], '**/main/electron/**', '**/main/webhost/**', '**/renderer/**', '**/preload/**'],
        'The reference server shares only the Netalo wire codec and the logger with the client.',
      ),
    },
  },
);
