// Electronegativity (Doyensec's Electron security scanner) over what Parley ships to Electron:
// main/ and preload/ (tests left out: they are not shipped, and fakes of electron would only
// add noise), the renderer's HTML (built, when dist/renderer exists; else its source) and
// package.json (for npm scripts that pass insecure Chromium flags).
//
// Fails (exit 1) on any finding of HIGH severity with FIRM or CERTAIN confidence that
// scripts/electronegativity-suppressions.json does not suppress, and on a suppression that no
// longer matches anything (it would otherwise hide the next real finding). Everything else is
// listed for a reader and does not fail.
//
// Runs offline: the scanner would fetch translations and Electron's release list from the
// internet; here its HTTP client is replaced by one that refuses at once, and the check that
// needs the release list (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) is not run. The Electron
// version comes from the installed package instead.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { repoRoot } from './support.mjs';

const require = createRequire(import.meta.url);
const SUPPRESSIONS_FILE = join(repoRoot, 'scripts', 'electronegativity-suppressions.json');
/** Checks not run, and why. */
const EXCLUDED_CHECKS = {
  AvailableSecurityFixesGlobalCheck: "needs Electron's release list from the internet; the version is pinned to the newest major instead",
};

// No network, ever: the scanner's HTTP client (got) refuses every request without sending it.
const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'got') {
    const offline = () => Promise.reject(new Error('offline: Parley runs Electronegativity without network'));
    return Object.assign(offline, { head: offline, get: offline, default: offline });
  }
  return originalLoad.call(this, request, ...rest);
};

const electronVersion = installedElectronVersion();
const suppressions = readSuppressions();
const staging = mkdtempSync(join(tmpdir(), 'parley-electronegativity-'));
let result;
try {
  const scanned = stage(staging);
  result = await scan(staging);
  report(scanned, result);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
process.exit(result.failing.length > 0 || result.stale.length > 0 || result.errors.length > 0 ? 1 : 0);

function installedElectronVersion() {
  try {
    return require('electron/package.json').version;
  } catch {
    const pinned = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).devDependencies?.electron ?? '';
    return pinned.replace(/^[^\d]*/, '') || undefined;
  }
}

function readSuppressions() {
  const list = JSON.parse(readFileSync(SUPPRESSIONS_FILE, 'utf8')).suppressions;
  if (!Array.isArray(list)) throw new Error(`${SUPPRESSIONS_FILE}: "suppressions" must be a list`);
  for (const [i, s] of list.entries()) {
    if (typeof s.check !== 'string' || typeof s.file !== 'string' || typeof s.reason !== 'string' || s.reason.trim().length < 20) {
      throw new Error(`${SUPPRESSIONS_FILE}: suppression ${i} needs "check", "file" and a "reason" that explains it`);
    }
  }
  return list;
}

/** Copies what is scanned into `dir`, keeping repo-relative paths; returns the list. */
function stage(dir) {
  const files = [
    ...sourceFiles('main'),
    ...sourceFiles('preload'),
    ...(existsSync(join(repoRoot, 'dist', 'renderer', 'index.html')) ? ['dist/renderer/index.html'] : ['renderer/index.html']),
    'package.json',
  ];
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(dir, file));
  }
  return files;
}

function sourceFiles(top) {
  const out = [];
  const walk = (rel) => {
    for (const name of readdirSync(join(repoRoot, rel))) {
      const path = join(rel, name);
      if (statSync(join(repoRoot, path)).isDirectory()) {
        if (name !== 'test' && name !== 'node_modules') walk(path);
      } else if (/\.(ts|tsx|js|mjs|cjs|html)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
        out.push(path.split(sep).join('/'));
      }
    }
  };
  walk(top);
  return out;
}

async function scan(input) {
  process.env.LANG = 'en-US'; // the scanner's messages in English, from its bundled locale
  const run = require('@doyensec/electronegativity/dist/runner.js');
  const log = console.log;
  console.log = (...args) => {
    // The scanner says so when its (refused) translation download fails: expected offline.
    if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args);
  };
  let raw;
  try {
    raw = await run(
      { input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: Object.keys(EXCLUDED_CHECKS) },
      false,
    );
  } finally {
    console.log = log;
  }
  const findings = raw.issues.map((i) => ({
    check: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file.split(sep).join('/'),
    line: i.location.line,
    sample: (i.sample ?? '').trim(),
    description: i.description,
  }));
  const used = new Set();
  const failing = [];
  const suppressed = [];
  const other = [];
  for (const f of findings) {
    const s = suppressions.find((x) => x.check === f.check && x.file === f.file && (!x.contains || f.sample.includes(x.contains)));
    if (s) {
      used.add(s);
      suppressed.push({ ...f, reason: s.reason });
    } else if (f.severity === 'HIGH' && (f.confidence === 'FIRM' || f.confidence === 'CERTAIN')) {
      failing.push(f);
    } else {
      other.push(f);
    }
  }
  const stale = suppressions.filter((s) => !used.has(s));
  const errors = raw.errors.filter((e) => !e.tolerable);
  return { checks: raw.globalChecks + raw.atomicChecks, findings, failing, suppressed, other, stale, errors };
}

function report(scanned, r) {
  const where = (f) => `${f.file}${f.line ? `:${f.line}` : ''}`;
  console.log(`[parley] electronegativity: ${r.checks} checks over ${scanned.length} files (Electron ${electronVersion ?? 'unknown'}), offline`);
  for (const [check, why] of Object.entries(EXCLUDED_CHECKS)) console.log(`  not run: ${check} (${why})`);
  for (const f of r.other) console.log(`  note     ${f.check} ${f.severity}/${f.confidence} ${where(f)}: ${f.description}`);
  for (const f of r.suppressed) console.log(`  suppressed ${f.check} ${f.severity}/${f.confidence} ${where(f)}: ${f.reason}`);
  for (const f of r.failing) console.log(`  FAILING  ${f.check} ${f.severity}/${f.confidence} ${where(f)}  ${f.description}${f.sample ? `\n           ${f.sample.slice(0, 160)}` : ''}`);
  for (const s of r.stale) console.log(`  STALE suppression (matches nothing; remove it): ${s.check} in ${s.file}`);
  for (const e of r.errors) console.log(`  PARSE ERROR ${relative(staging, e.file)}: ${e.message}`);
  console.log(
    `[parley] electronegativity: ${r.findings.length} findings, ${r.suppressed.length} suppressed, ${r.failing.length} failing (HIGH severity, FIRM/CERTAIN confidence)` +
      (r.stale.length ? `, ${r.stale.length} stale suppressions` : '') +
      (r.errors.length ? `, ${r.errors.length} files unparsed` : ''),
  );
}
