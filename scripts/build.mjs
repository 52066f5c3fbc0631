// Builds everything Parley runs from into dist/ (never committed):
//   dist/renderer/          the React renderer (Vite), with x.br / x.gz beside each text file
//                           for the browser host to send compressed (scripts/precompress.mjs),
//                           and sounds/ringtone.wav drawn from assets/sounds/ (draw-ringtone.mjs)
//   dist/electron/main.cjs  the Electron main process    (esbuild)
//   dist/electron/preload.cjs  the sandboxed preload, one self-contained file (esbuild)
//   dist/webhost/index.js   the browser host             (esbuild)
//   dist/server/index.js    the reference server         (esbuild)
// Usage: node scripts/build.mjs [--only renderer,electron,webhost,server]
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { drawRingtone } from './draw-ringtone.mjs';
import { drawTrayIcons } from './draw-tray-icons.mjs';
import { precompressDir } from './precompress.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1].split(',')) : null;
const wanted = (part) => !only || only.has(part);

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // The development tools (browser host, reference server) load their dependencies from
  // node_modules; the Electron bundles below override this and are self-contained.
  packages: 'external',
};

const jobs = [];
if (wanted('renderer')) {
  jobs.push(
    viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
      // After Vite, which empties dist/renderer: the ringtone the call screens play (Ringtone.tsx).
      .then(() => drawRingtone(join(root, 'dist/renderer/sounds')))
      .then(() => precompressDir(join(root, 'dist/renderer'))),
  );
}
if (wanted('electron')) {
  jobs.push(
    // Self-contained, so the packaged app ships no node_modules (smaller, faster start).
    esbuild({ ...nodeCommon, packages: undefined, entryPoints: ['main/electron/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', external: ['electron', 'bufferutil', 'utf-8-validate'] }),
    // A sandboxed preload can only require('electron') and a few built-ins: bundle the rest in.
    esbuild({ ...nodeCommon, packages: undefined, entryPoints: ['preload/index.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'], platform: 'node' }),
    // The tray and taskbar-overlay images (main/electron/tray.ts), drawn beside main.cjs so packaging takes them.
    Promise.resolve().then(() => drawTrayIcons(join(root, 'dist/electron/tray'))),
  );
}
if (wanted('webhost')) {
  jobs.push(esbuild({ ...nodeCommon, entryPoints: ['main/webhost/index.ts'], outfile: 'dist/webhost/index.js', format: 'esm' }));
}
if (wanted('server')) {
  jobs.push(esbuild({ ...nodeCommon, entryPoints: ['server/index.ts'], outfile: 'dist/server/index.js', format: 'esm' }));
}
const started = Date.now();
await Promise.all(jobs);
console.log(`[parley] built ${only ? [...only].join(', ') : 'everything'} in ${Date.now() - started} ms`);
