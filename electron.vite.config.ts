import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './src-shared/csp';

const root = import.meta.dirname;

/**
 * The built renderer carries its CSP as a meta tag too: Electron does not reliably apply response
 * headers to file:// pages. Build only, because the dev server injects inline scripts.
 * (frame-ancestors is ignored in a meta tag; the web host sends it as a header.)
 */
function cspMetaTag(): Plugin {
  return {
    name: 'gatedesk-csp-meta',
    apply: 'build',
    transformIndexHtml() {
      const policy = contentSecurityPolicy()
        .split('; ')
        .filter((d) => !d.startsWith('frame-ancestors'))
        .join('; ');
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

// Every entry is named explicitly so the build never guesses from folder conventions.
// `main` carries the Electron shell and everything that also runs in plain Node
// (web host, store worker, support server, PTI gateway emulator): one build, one output tree.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          host: resolve(root, 'src-main/host/main.ts'),
          'store-worker': resolve(root, 'src-main/core/store/worker.ts'),
          server: resolve(root, 'src-server/main.ts'),
          'pti-gateway': resolve(root, 'src-pti-gateway/main.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require npm packages: bundle them (zod, via the contract).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react(), cspMetaTag()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
