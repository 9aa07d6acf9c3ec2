// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

import { layersRule } from './eslint-rules/layers.js';

const root = import.meta.dirname;

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', '.data/**', 'bench/data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Layering (DESIGN.md, "Processes and folders"): one table in eslint-rules/layers.js,
    // proven to bite by test/unit/layering.test.ts.
    files: ['src-*/**/*.{ts,tsx}'],
    plugins: { gatedesk: { rules: { layers: layersRule } } },
    rules: { 'gatedesk/layers': ['error', { root }] },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
