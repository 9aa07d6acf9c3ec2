// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Layering (DESIGN.md, "Processes and folders"), enforced here and proven by
 * test/unit/layering.test.ts:
 *   src-shared        imports nothing of ours, no Node, no Electron, no DOM libraries
 *   src-main/core     never imports electron, nor the shells
 *   src-main/app      the only place that imports electron (with src-preload)
 *   src-renderer      never imports main, server or gateway code, nor Node built-ins
 *   src-server, src-pti-gateway share code with the client only through src-shared
 *   src-main/demo     the one composition root allowed to embed the server and the emulator
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layer = (name) => [`**/${name}`, `**/${name}/**`];
const noElectron = { name: 'electron', message: 'Only src-main/app and src-preload may import electron.' };

/** @param {{ paths?: any[], patterns?: any[] }} rule */
const restrict = (rule) => ({ 'no-restricted-imports': ['error', rule] });

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', '.data/**', 'bench/data/**', 'test/fixtures/layering/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict({
      paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'src-shared is pure TypeScript: no Node built-ins.' }))],
      patterns: [
        {
          group: [...layer('src-main'), ...layer('src-renderer'), ...layer('src-preload'), ...layer('src-server'), ...layer('src-pti-gateway'), 'react', 'react-dom'],
          message: 'src-shared imports nothing of ours and nothing platform-specific.',
        },
      ],
    }),
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: restrict({
      paths: [noElectron],
      patterns: [
        {
          group: [...layer('src-main/app'), ...layer('src-main/host'), ...layer('src-main/demo'), ...layer('src-renderer'), ...layer('src-preload'), ...layer('src-server'), ...layer('src-pti-gateway')],
          message: 'src-main/core depends only on src-shared and libraries; shells depend on it, not the reverse.',
        },
      ],
    }),
  },
  {
    files: ['src-main/host/**/*.ts'],
    rules: restrict({
      paths: [noElectron],
      patterns: [
        {
          group: [...layer('src-main/app'), ...layer('src-renderer'), ...layer('src-preload'), ...layer('src-server'), ...layer('src-pti-gateway')],
          message: 'The web host composes core (and demo); it never reaches into the Electron shell, renderer or server.',
        },
      ],
    }),
  },
  {
    files: ['src-main/demo/**/*.ts'],
    rules: restrict({
      paths: [noElectron],
      patterns: [
        {
          group: [...layer('src-main/app'), ...layer('src-main/host'), ...layer('src-renderer'), ...layer('src-preload'), '**/src-server/!(embedded)*', '**/src-server/*/**', '**/src-pti-gateway/!(embedded)*', '**/src-pti-gateway/*/**'],
          message: 'The demo embeds the server and the emulator only through their embedded.ts entry points.',
        },
      ],
    }),
  },
  {
    files: ['src-main/app/**/*.ts'],
    rules: restrict({
      patterns: [
        {
          group: [...layer('src-main/host'), ...layer('src-renderer'), ...layer('src-server'), ...layer('src-pti-gateway')],
          message: 'The Electron shell composes core (and demo) only.',
        },
      ],
    }),
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: restrict({
      patterns: [
        {
          group: [...layer('src-main'), ...layer('src-renderer'), ...layer('src-server'), ...layer('src-pti-gateway')],
          message: 'The preload exposes the contract from src-shared and nothing else.',
        },
      ],
    }),
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict({
        paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a sandboxed page: no Node built-ins.' }))],
        patterns: [
          {
            group: [...layer('src-main'), ...layer('src-server'), ...layer('src-pti-gateway')],
            message: 'The renderer talks only to the contract (src-shared); it never imports main, server or gateway code.',
          },
          {
            group: [...layer('src-preload')],
            allowTypeImports: true,
            message: 'The renderer may only take the bridge type from the preload (import type).',
          },
        ],
      }),
    },
  },
  {
    files: ['src-server/**/*.ts'],
    rules: restrict({
      paths: [noElectron],
      patterns: [
        {
          group: [...layer('src-main'), ...layer('src-renderer'), ...layer('src-preload'), ...layer('src-pti-gateway')],
          message: 'The support server shares code with the client only through src-shared.',
        },
      ],
    }),
  },
  {
    files: ['src-pti-gateway/**/*.ts'],
    rules: restrict({
      paths: [noElectron],
      patterns: [
        {
          group: [...layer('src-main'), ...layer('src-renderer'), ...layer('src-preload'), ...layer('src-server')],
          message: 'The PTI gateway emulator shares code only through src-shared.',
        },
      ],
    }),
  },
);
