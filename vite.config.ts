import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is served from app://parley (Electron) or http://127.0.0.1 (browser host):
// relative asset paths work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // Both hosts are Chromium, which has <link rel=modulepreload>: no polyfill in the entry.
    modulePreload: { polyfill: false },
  },
});
