// One browser host per data directory. A running host leaves `host.json` there (its pid and
// its link, access key included: the directory is the user's alone, 0700, beside the session
// file that holds far more). A second start that finds a live one does not fight it for the
// port (an EADDRINUSE stack trace): it prints the running host's link and leaves. Once the
// host stops, the file goes; a file left by a crash names a dead pid and is ignored.
// scripts/run.mjs reads the same file before building anything (readRunningHostFile there).

import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file';

export const RUNNING_HOST_FILE = 'host.json';

export interface RunningHost {
  pid: number;
  /** The data directory it runs on (resolved): a copied folder's file names another directory and is ignored. */
  dataDir: string;
  /** The link with the access key: `${origin}/#k=...`. */
  url: string;
  origin: string;
}

export function writeRunningHost(dataDir: string, host: Omit<RunningHost, 'dataDir'>): Promise<void> {
  return writeFileAtomic(join(dataDir, RUNNING_HOST_FILE), JSON.stringify({ ...host, dataDir: resolve(dataDir) }));
}

/** Removes the file, only if it is still ours (a newer host may have replaced it). */
export function clearRunningHost(dataDir: string, pid: number = process.pid): void {
  const path = join(dataDir, RUNNING_HOST_FILE);
  if (readFile(path)?.pid === pid) rmSync(path, { force: true });
}

/** The host another process runs on this data directory, or null (none, or it died). */
export async function findRunningHost(dataDir: string, isAlive: (pid: number) => boolean = pidIsAlive): Promise<RunningHost | null> {
  const host = readFile(join(dataDir, RUNNING_HOST_FILE));
  if (!host || host.dataDir !== resolve(dataDir) || host.pid === process.pid || !isAlive(host.pid)) return null;
  // A pid can be reused by an unrelated process after a crash: the host must also answer.
  try {
    const res = await fetch(`${host.origin}/`, { method: 'HEAD', signal: AbortSignal.timeout(1500) });
    return res.ok ? host : null;
  } catch {
    return null;
  }
}

function readFile(path: string): RunningHost | null {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<RunningHost>;
    if (typeof raw.pid !== 'number' || typeof raw.url !== 'string' || typeof raw.origin !== 'string' || typeof raw.dataDir !== 'string') return null;
    if (!/^http:\/\/(127\.0\.0\.1|\[::1\]):\d+$/.test(raw.origin) || !raw.url.startsWith(`${raw.origin}/`)) return null;
    return { pid: raw.pid, dataDir: raw.dataDir, url: raw.url, origin: raw.origin };
  } catch {
    return null;
  }
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, but another user's.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The one line for a port some other program holds. */
export function portInUseMessage(port: number): string {
  return `Port ${port} is in use by another program, so Parley's browser host cannot start there. Stop that program, or start Parley on another port (PARLEY_WEBHOST_PORT=${port + 10} npm start, or --port).`;
}
