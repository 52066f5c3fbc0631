// The reference server as a real child process, for tests that kill it: built once per test
// file into its own folder under dist/ (so parallel test files never read a half-written
// bundle), started on a fixed port so that a restart is the same address to the client.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll } from 'vitest';

const root = resolve(__dirname, '../../..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited (by any signal). */
  exited: Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Bundles server/index.ts; the returned path is what `startServerProcess` runs. */
export async function buildServer(): Promise<string> {
  const outfile = join(root, 'dist', `test-server-${process.pid}-${randomBytes(4).toString('hex')}`, 'index.js');
  await build({
    absWorkingDir: root,
    entryPoints: ['server/index.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Call once at the top of a test file that runs the server as a child process: the bundle is
 * built before the file's first test and removed after its last; `cleanups` (servers, cores,
 * proxies a test started) run after each test, newest first.
 */
export function serverBundleForFile(): { bundle: () => string; cleanups: Array<() => unknown> } {
  let bundle: string | undefined;
  const cleanups: Array<() => unknown> = [];
  beforeAll(async () => {
    bundle = await buildServer();
  }, 60_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => {
    if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
  });
  return {
    bundle: () => {
      if (!bundle) throw new Error('the server bundle is built in beforeAll: use it inside a test');
      return bundle;
    },
    cleanups,
  };
}

/** A port that was free a moment ago (loopback), to start and restart a server on. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

export function startServerProcess(
  bundle: string,
  opts: { dataDir: string; port: number; env?: Record<string, string>; demo?: boolean },
): Promise<ServerProcess> {
  // --large-ids: every ID above 2^53, so that one passed through a JavaScript number shows.
  const args = [bundle, '--port', String(opts.port), '--data', opts.dataDir, '--large-ids', ...(opts.demo === false ? [] : ['--demo'])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_LOG_LEVEL: 'warn', ...opts.env },
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolveStart, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const early = (code: number | null) => reject(new Error(`server exited early (${code}): ${stderr}`));
    child.once('exit', early);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^PARLEY_SERVER_READY (\{.*\})$/.exec(line);
      if (!match) return;
      child.off('exit', early);
      resolveStart({
        url: (JSON.parse(match[1]!) as { url: string }).url,
        child,
        exited,
        kill: async (signal = 'SIGKILL') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}
