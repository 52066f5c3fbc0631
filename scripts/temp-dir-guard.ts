// Global setup for vitest (vitest.config.ts) and Playwright (playwright.config.ts): catches
// tests that leave temporary directories behind.
//
// Setup makes one directory for the run (parley-test-run-XXXXXX in the system temp folder)
// and points TMPDIR/TMP/TEMP at it, so every os.tmpdir() in a test, a worker or a process a
// test starts lands there. Teardown lists what is still in it: a `parley-` directory there is
// a test that did not clean up after itself, and the run fails, naming it. Files that other
// tools leave (Chromium's own temp files) are reported, not failed. Then the run directory is
// removed whatever it holds, so no run leaves anything in the system temp folder, and the
// parley-named directories there are counted before and after for the log.
//
// Tests name their temp dirs `parley-test-<what>-` (mkdtemp), and remove them with
// rm -rf (force) in afterEach/afterAll.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_TEMP_PREFIX = 'parley-test-';
const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;

export default function setup(): () => void {
  const systemTemp = tmpdir();
  const before = parleyNamed(systemTemp).length;
  const runDir = mkdtempSync(join(systemTemp, `${TEST_TEMP_PREFIX}run-`));
  const saved = TEMP_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of TEMP_VARIABLES) process.env[name] = runDir;

  return function teardown(): void {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const left = list(runDir);
    const leaked = left.filter((name) => name.startsWith('parley-'));
    const tools = left.length - leaked.length;
    rmSync(runDir, { recursive: true, force: true });
    const after = parleyNamed(systemTemp).length;
    console.log(
      `[parley] temp dirs: ${leaked.length} left behind by tests` +
        (tools ? ` (and ${tools} temp files of other tools, removed)` : '') +
        `; parley-named entries in ${systemTemp}: ${before} before the run, ${after} after`,
    );
    if (leaked.length > 0) {
      const byPrefix = new Map<string, number>();
      for (const name of leaked) {
        const prefix = name.replace(/[A-Za-z0-9]{6}$/, '');
        byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
      }
      const detail = [...byPrefix].map(([prefix, n]) => `${prefix}* x${n}`).join(', ');
      process.exitCode = 1;
      throw new Error(`tests left ${leaked.length} temp directories behind: ${detail}. Remove each in afterEach/afterAll (rm -rf, force).`);
    }
  };
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function parleyNamed(dir: string): string[] {
  return list(dir).filter((name) => name.startsWith('parley-'));
}
