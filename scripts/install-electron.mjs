// Runs Electron's own binary download, which package.json's `allowScripts` keeps npm from
// running during dependency install. Where the download host is reachable (a normal
// machine) this installs the binary exactly as Electron's postinstall would. Where it is
// not (an offline or registry-only machine) the install still succeeds: Electron's typings
// stay in node_modules, and Parley runs through its browser host instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null; // production install without devDependencies
  }
}

const dir = electronDir();
if (!dir) process.exit(0);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('[parley] ELECTRON_SKIP_BINARY_DOWNLOAD is set: not downloading the Electron binary.');
  process.exit(0);
}
const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
  stdio: ['ignore', 'inherit', 'pipe'],
  timeout: 10 * 60 * 1000,
});
if (result.status === 0 && existsSync(join(dir, 'path.txt'))) {
  console.log('[parley] Electron binary installed.');
} else {
  const reason = String(result.stderr ?? '').split('\n').find((l) => l.trim()) ?? 'unknown error';
  console.log(`[parley] Electron binary not installed (${reason.trim()}).`);
  console.log('[parley] Typings are kept; `npm start` will use the browser host instead.');
}
