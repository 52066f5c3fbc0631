// Helpers shared by the run and test commands: find the repo, install what is missing,
// find (or install) Chromium, run a step and stop on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command in the repo; exits with its status when it fails. */
export function run(cmd, args, title, options = {}) {
  if (title) console.log(`\n[parley] ${title}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (r.status !== 0) {
    console.error(`[parley] ${title ?? cmd} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  // CI has a time budget: each step says what it cost, so the slow one is plain to see.
  if (title) console.log(`[parley] ${title}: ${Math.round((Date.now() - started) / 1000)} s`);
}

/** `npm ci` when node_modules is missing or older than the lockfile; nothing otherwise. */
export function ensureDependencies() {
  const lock = join(repoRoot, 'package-lock.json');
  const installed = join(repoRoot, 'node_modules', '.package-lock.json');
  const stale = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
  if (stale) run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], 'installing dependencies');
}

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/**
 * The system Chromium (Playwright cannot download its own browser on every machine).
 * With install: true, on a Debian machine where we are root, installs Debian's chromium and
 * the CJK, Arabic and emoji fonts the screenshots need, whichever is missing.
 */
export function findChromium({ install = false } = {}) {
  const found = () => [process.env.PARLEY_CHROMIUM, ...CHROMIUM_CANDIDATES].find((p) => p && existsSync(p));
  const fonts = missingFontPackages();
  if ((found() && fonts.length === 0) || !install) return found() ?? null;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const packages = [...(found() ? [] : ['chromium', 'xvfb', 'iproute2']), ...fonts].join(' ');
    run('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages} >/dev/null`], `installing ${packages} (Debian packages)`);
  }
  return found() ?? null;
}

// The e2e screenshots show the interface in Chinese and Arabic and messages with emoji: without
// these faces the test browser draws tofu boxes. Each package is known by one file it installs
// (Linux only; elsewhere the system has its own faces).
const FONT_PACKAGES = {
  'fonts-noto-cjk': '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  'fonts-noto-core': '/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf',
  'fonts-noto-color-emoji': '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
};

function missingFontPackages() {
  if (process.platform !== 'linux') return [];
  return Object.entries(FONT_PACKAGES)
    .filter(([, file]) => !existsSync(file))
    .map(([name]) => name);
}

/** Electron's binary path, or null where it could not be installed (offline machines). */
export function electronBinary() {
  try {
    const path = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: repoRoot, encoding: 'utf8' });
    return path.status === 0 && existsSync(path.stdout) ? path.stdout : null;
  } catch {
    return null;
  }
}
