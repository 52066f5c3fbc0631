import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { APPEARANCE_BOOT_MARKER, APPEARANCE_BOOT_SCRIPT } from './contract/appearance-boot.ts';

/** Puts the appearance script inline where index.html marks its place (contract/appearance-boot.ts). */
export function inlineAppearanceBoot(): Plugin {
  return {
    name: 'parley-inline-appearance-boot',
    transformIndexHtml(html) {
      if (!html.includes(APPEARANCE_BOOT_MARKER)) throw new Error(`index.html lacks ${APPEARANCE_BOOT_MARKER}`);
      return html.replace(APPEARANCE_BOOT_MARKER, () => `<script>${APPEARANCE_BOOT_SCRIPT}</script>`);
    },
  };
}

// The renderer is served from app://parley (Electron) or http://127.0.0.1 (browser host):
// relative asset paths work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), inlineAppearanceBoot()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // Both hosts are Chromium, which has <link rel=modulepreload>: no polyfill in the entry.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // The entry (main.tsx) is tiny and everything else is loaded by import(): the app
        // shell is painted from index.html meanwhile (bench B1, B10). The libraries get chunks
        // of their own, named, so that a change to Parley's code leaves them cached; the rest
        // is split where the code says import() (screens, dialogs, call UI). index.html does
        // not modulepreload the client's chunks: measured, fetching and compiling them beside
        // the CSS delayed the shell's first paint (B1) more than it sped up the list.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
            { name: 'dexie', test: /node_modules[\\/]dexie[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
