// Starts Parley's real processes for end-to-end tests: the reference server and the
// browser host, built by `npm test` into dist/. Each prints one READY line that we wait
// for: no sleeps, no polling of ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Running {
  url: string;
  /** The server's talker front, when it was started with one. */
  talkerUrl?: string;
  /** The server's Haraj, Mingdao and AZStack fronts, those it was started with. */
  frontUrls?: FrontUrls;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface FrontUrls {
  haraj?: string;
  mingdao?: string;
  azstack?: string;
}

const tempDirs: string[] = [];
let removeOnExit = false;

/**
 * A temp dir (server data, host data, a browser profile), removed with rm -rf when this test
 * worker exits: after every spec in it, when the servers and browsers using it are stopped.
 */
export function tempDir(prefix: string): string {
  if (!removeOnExit) {
    process.once('exit', removeTempDirs);
    removeOnExit = true;
  }
  const dir = mkdtempSync(join(tmpdir(), `parley-test-e2e-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      console.error(`[parley] could not remove ${dir}: ${String(e)}`); // the temp-dir guard names it
    }
  }
}

/** A port that was free a moment ago: used where a restart must come back on the same port. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function startNode(script: string, args: string[], readyPrefix: string, name: string, env: Record<string, string | undefined> = {}): Promise<Running> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PARLEY_LOG_LEVEL: process.env.PARLEY_LOG_LEVEL ?? 'warn' };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  // PARLEY_NODE_PROFILE=DIR: a CPU profile of each server and host process, written to DIR when
  // it exits (for finding where a bench's time goes; NODE_OPTIONS refuses --cpu-prof).
  const profile = process.env.PARLEY_NODE_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PARLEY_NODE_PROFILE}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, join(root, script), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv,
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (process.env.PARLEY_E2E_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith(readyPrefix)) return;
      const { url, talkerUrl, frontUrls } = JSON.parse(line.slice(readyPrefix.length)) as { url: string; talkerUrl?: string; frontUrls?: FrontUrls };
      const fronts = frontUrls && Object.keys(frontUrls).length > 0 ? { frontUrls } : {};
      resolve({ url, ...(talkerUrl ? { talkerUrl } : {}), ...fronts, process: child, stop });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${stderr.join('')}`)));
  });
}

/**
 * The reference server with the demo users. --large-ids: every ID above 2^53 (users' and
 * groups' too, which the real system keeps below), so an ID that loses precision anywhere
 * in Parley fails a test.
 */
export function startServer(opts: {
  dataDir: string;
  port?: number;
  talkerPort?: number;
  /** 0 picks a free port; the front's address is then in `frontUrls`. */
  harajPort?: number;
  mingdaoPort?: number;
  azstackPort?: number;
  extraArgs?: string[];
}): Promise<Running> {
  const args = ['--demo', '--large-ids', '--port', String(opts.port ?? 0), '--data', opts.dataDir, ...(opts.extraArgs ?? [])];
  if (opts.talkerPort !== undefined) args.push('--talker-port', String(opts.talkerPort));
  if (opts.harajPort !== undefined) args.push('--haraj-port', String(opts.harajPort));
  if (opts.mingdaoPort !== undefined) args.push('--mingdao-port', String(opts.mingdaoPort));
  if (opts.azstackPort !== undefined) args.push('--azstack-port', String(opts.azstackPort));
  return startNode('dist/server/index.js', args, 'PARLEY_SERVER_READY ', 'server');
}

/**
 * The browser host for one user. Its data dir holds that user's saved session. `env`:
 * variables to set for it, or (undefined) to remove, e.g. DISPLAY so that it has no desktop.
 */
export function startWebHost(opts: {
  dataDir: string;
  port: number;
  serverUrl: string;
  talkerUrl?: string;
  /** The Haraj, Mingdao and AZStack servers the sign-in screen offers (usually the server's `frontUrls`). */
  frontUrls?: FrontUrls;
  env?: Record<string, string | undefined>;
  /** More command-line options, e.g. `--renderer DIR` (the benchmarks' static baseline page). */
  extraArgs?: string[];
}): Promise<Running> {
  const args = ['--port', String(opts.port), '--data', opts.dataDir, '--server-url', opts.serverUrl, ...(opts.extraArgs ?? [])];
  if (opts.talkerUrl) args.push('--talker-url', opts.talkerUrl);
  if (opts.frontUrls?.haraj) args.push('--haraj-url', opts.frontUrls.haraj);
  if (opts.frontUrls?.mingdao) args.push('--mingdao-url', opts.frontUrls.mingdao);
  if (opts.frontUrls?.azstack) args.push('--azstack-url', opts.frontUrls.azstack);
  return startNode('dist/webhost/index.js', args, 'PARLEY_WEBHOST_READY ', 'webhost', opts.env);
}
