// What every bench shares: the run counts (quick mode), Chromium with the flags,
// and the real processes (reference server + browser host).
//   PARLEY_BENCH_QUICK=1   no warm-up, 1 run, small sizes (npm test runs the suite this way:
//                          it checks that every bench runs and records, never a timing)
//   PARLEY_BENCH_RUNS=N    measured runs (default 5; quick: 1)
//   PARLEY_BENCH_WARMUPS=N warm-up runs (default 1)
import { chromium, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/support/browser';
import { netaloSession as signIn } from '../../e2e/support/plain-sockets';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../../e2e/support/processes';
import { QUICK_MODE } from './results';

export const QUICK = QUICK_MODE;
export const RUNS = QUICK ? 1 : Number(process.env.PARLEY_BENCH_RUNS ?? 5);
// Quick mode skips the warm-up: it only proves every bench runs, and CI time is short.
export const WARMUPS = QUICK ? 0 : Number(process.env.PARLEY_BENCH_WARMUPS ?? 1);

/** `full` normally, `quick` in quick mode; an environment variable overrides both. */
export function size(envName: string, full: number, quick: number): number {
  const set = process.env[envName];
  if (set) return Number(set);
  return QUICK ? quick : full;
}

/** The flags: precise heap figures (performance.memory) and window.gc(). */
export const BENCH_ARGS = [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'];

/** Debian's Chromium on a persistent profile (IndexedDB on disk), with BENCH_ARGS. */
export async function openBench(userDataDir: string, origin: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: BENCH_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  await context.grantPermissions(['notifications'], { origin });
  return context;
}

export interface Stack {
  server: Running;
  host: Running;
  hostDataDir: string;
  origin: string;
  stop(): Promise<void>;
}

/** The reference server (demo users) and one browser host pointed at it. */
export async function startStack(name: string, hostArgs: { env?: Record<string, string | undefined> } = {}): Promise<Stack> {
  const server = await startServer({ dataDir: tempDir(`bench-${name}-server`), port: await freePort() });
  const hostDataDir = tempDir(`bench-${name}-host`);
  const host = await startWebHost({ dataDir: hostDataDir, port: await freePort(), serverUrl: server.url, ...hostArgs });
  return {
    server,
    host,
    hostDataDir,
    origin: new URL(host.url).origin,
    async stop() {
      await host.stop();
      await server.stop();
    },
  };
}

/** Alternates baseline and subject: warm-ups first (discarded), then RUNS pairs. */
export async function alternate<T>(baseline: (run: number) => Promise<T>, subject: (run: number) => Promise<T>, runs = RUNS): Promise<{ baseline: T[]; subject: T[] }> {
  for (let w = 0; w < WARMUPS; w++) {
    await baseline(-1 - w);
    await subject(-1 - w);
  }
  const out = { baseline: [] as T[], subject: [] as T[] };
  for (let run = 0; run < runs; run++) {
    // Alternate which goes first too, so neither always runs on a just-warmed machine.
    if (run % 2 === 0) {
      out.baseline.push(await baseline(run));
      out.subject.push(await subject(run));
    } else {
      out.subject.push(await subject(run));
      out.baseline.push(await baseline(run));
    }
  }
  return out;
}

/** A netalo session for a demo user (password `<name>-parley`). */
export async function netaloSession(serverUrl: string, username: string): Promise<string> {
  return (await signIn(serverUrl, username, `${username}-parley`)).session;
}
