// Temporary directories for tests: named parley-test-<name>-XXXXXX (scripts/temp-dir-guard.ts
// fails a run that leaves one behind) and removed with rm -rf (force) when the test file is done.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Call once at the top of a test file, before its other hooks: the directories it makes are
 * removed after the file's last test, once every other afterAll has run (vitest runs `after`
 * hooks in reverse order), so servers and stores using them are closed first.
 */
export function tempDirsForFile(): (name: string) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (name) => {
    const dir = mkdtempSync(join(tmpdir(), `parley-test-${name}-`));
    dirs.push(dir);
    return dir;
  };
}
