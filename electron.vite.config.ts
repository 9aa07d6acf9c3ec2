import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

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
      rollupOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
