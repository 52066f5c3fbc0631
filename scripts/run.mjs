// `npm start`: install what is missing, build, start the bundled reference server with
// demo users and its Netalo, talker, Haraj, Mingdao and AZStack fronts (unless
// PARLEY_SERVER_URL names another server; PARLEY_TALKER_URL, PARLEY_HARAJ_URL,
// PARLEY_MINGDAO_URL and PARLEY_AZSTACK_URL likewise for the others), then open Parley: the
// Electron app where its binary is installed, else the browser host (opening the system
// Chromium when there is a display, printing the address when there is none).
//
// What it prints is for a person: each thing once (the servers' own "listening" lines and
// info logs are for running them by hand; here they are summed up in one line each, and
// the logs go to the file under .parley-data/). A second `npm start` while one runs does not
// rebuild under it or fail on its ports: it prints the running Parley's link and leaves.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { electronBinary, ensureDependencies, repoRoot } from './support.mjs';

const DEFAULT_SERVER_PORT = 7450;
const DEFAULT_TALKER_PORT = 7455;
/** The other fronts' ports; the browser host and the Electron app default to the same. */
const FRONT_PORTS = { haraj: 7456, mingdao: 7457, azstack: 7458 };
const FRONT_ENV = { haraj: 'PARLEY_HARAJ_URL', mingdao: 'PARLEY_MINGDAO_URL', azstack: 'PARLEY_AZSTACK_URL' };
/** PARLEY_DATA_DIR: where the data goes (tests use a temp dir); .parley-data in the repo by default. */
const DATA_ROOT = process.env.PARLEY_DATA_DIR || '.parley-data';
const DATA_DIR = join(DATA_ROOT, 'server');
const WEBHOST_DATA_DIR = join(DATA_ROOT, 'webhost');
const WEBHOST_PORT = Number(process.env.PARLEY_WEBHOST_PORT ?? 7451);
/** The children's info logs go to their log files; the terminal shows warnings and errors. */
const CHILD_LOG_ENV = { PARLEY_STDERR_LOG_LEVEL: process.env.PARLEY_STDERR_LOG_LEVEL ?? 'warn' };

process.chdir(repoRoot);
// Before building: a rebuild would replace the files a running Parley is serving.
const running = await runningWebHost(WEBHOST_DATA_DIR);
if (running) {
  console.log(`[parley] Parley is already running (process ${running.pid}). Its link: ${running.url}`);
  process.exit(0);
}
ensureDependencies();
// PARLEY_SKIP_BUILD=1: dist/ is already built (the end-to-end test of this script).
if (!process.env.PARLEY_SKIP_BUILD) buildQuietly();

const children = [];
const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
process.on('SIGINT', () => { stopAll(); process.exit(130); });
process.on('SIGTERM', () => { stopAll(); process.exit(143); });

let serverUrl = process.env.PARLEY_SERVER_URL;
let talkerUrl = process.env.PARLEY_TALKER_URL ?? `http://127.0.0.1:${DEFAULT_TALKER_PORT}`;
const frontUrls = Object.fromEntries(
  Object.entries(FRONT_PORTS).map(([name, port]) => [name, process.env[FRONT_ENV[name]] || `http://127.0.0.1:${port}`]),
);
if (!serverUrl) {
  const local = `http://127.0.0.1:${DEFAULT_SERVER_PORT}`;
  if (await isParleyServer(local)) {
    console.log(`[parley] using the reference server already running at ${local}`);
    serverUrl = local;
  } else {
    const busy = await firstBusyPort([DEFAULT_SERVER_PORT, DEFAULT_TALKER_PORT, ...Object.values(FRONT_PORTS)]);
    if (busy) fail(`port ${busy} is in use by another program, and the reference server needs it (ports ${DEFAULT_SERVER_PORT}, ${DEFAULT_TALKER_PORT}-${FRONT_PORTS.azstack}). Stop that program, or point Parley at a running server with PARLEY_SERVER_URL.`);
    const server = await startAndWait(
      'dist/server/index.js',
      [
        '--demo',
        '--port', String(DEFAULT_SERVER_PORT),
        '--talker-port', String(DEFAULT_TALKER_PORT),
        ...Object.entries(FRONT_PORTS).flatMap(([name, port]) => [`--${name}-port`, String(port)]),
        '--data', DATA_DIR,
      ],
      'PARLEY_SERVER_READY ',
      { ...process.env, ...CHILD_LOG_ENV },
      // Its own greeting repeats what the two lines below say.
      { forward: false },
    );
    serverUrl = server.url;
    talkerUrl = process.env.PARLEY_TALKER_URL ?? server.ready.talkerUrl ?? talkerUrl;
    for (const name of Object.keys(FRONT_PORTS)) {
      frontUrls[name] = process.env[FRONT_ENV[name]] || server.ready.frontUrls?.[name] || frontUrls[name];
    }
    const port = (url) => new URL(url).port;
    console.log(
      `[parley] reference server on 127.0.0.1: Netalo :${port(serverUrl)}, talker :${port(talkerUrl)}, Haraj :${port(frontUrls.haraj)}, Mingdao :${port(frontUrls.mingdao)}, AZStack :${port(frontUrls.azstack)}\n` +
        '[parley] demo users on every protocol: alice / alice-parley, bob / bob-parley, carol / carol-parley',
    );
  }
}

const electron = electronBinary();
const env = {
  ...process.env,
  ...CHILD_LOG_ENV,
  PARLEY_SERVER_URL: serverUrl,
  PARLEY_TALKER_URL: talkerUrl,
  PARLEY_HARAJ_URL: frontUrls.haraj,
  PARLEY_MINGDAO_URL: frontUrls.mingdao,
  PARLEY_AZSTACK_URL: frontUrls.azstack,
  // The bundled server's AZStack demo app: the sign-in form comes prefilled with its ID and
  // public key (main/core/sign-in-prefill.ts), unless another AZStack server was named.
  // (Only when its key file is there: another server named by PARLEY_SERVER_URL has none.)
  ...(process.env.PARLEY_AZSTACK_URL || !existsSync(resolve(DATA_DIR, 'azstack', 'parley-demo.pub'))
    ? {}
    : { PARLEY_AZSTACK_APP_ID: 'parley-demo', PARLEY_AZSTACK_PUBLIC_KEY_FILE: resolve(DATA_DIR, 'azstack', 'parley-demo.pub') }),
};
if (electron) {
  console.log('[parley] starting the Electron app');
  const app = spawn(electron, ['.'], { stdio: 'inherit', env });
  children.push(app);
  app.on('exit', (code) => { stopAll(); process.exit(code ?? 0); });
} else {
  console.log('[parley] no Electron binary here: Parley runs in the browser host');
  const host = await startAndWait('dist/webhost/index.js', ['--open', '--port', String(WEBHOST_PORT), '--data', WEBHOST_DATA_DIR, '--server-url', serverUrl, '--talker-url', talkerUrl,
    ...Object.entries(frontUrls).flatMap(([name, url]) => [`--${name}-url`, url])], 'PARLEY_WEBHOST_READY ', env);
  host.child.on('exit', (code) => { stopAll(); process.exit(code ?? 0); });
}

/** The build, in one line when it works; its whole output only when it fails. */
function buildQuietly() {
  const started = Date.now();
  process.stdout.write('[parley] building Parley… ');
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    process.stdout.write('failed:\n');
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    process.exit(r.status || 1);
  }
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

/** A one-line failure for a person, then stop what was started. */
function fail(message) {
  console.error(`[parley] ${message}`);
  stopAll();
  process.exit(1);
}

/** The browser host another `npm start` runs (main/webhost/running-host.ts writes host.json). */
async function runningWebHost(dataDir) {
  let host;
  try {
    host = JSON.parse(readFileSync(join(dataDir, 'host.json'), 'utf8'));
  } catch {
    return null;
  }
  if (typeof host?.pid !== 'number' || typeof host.url !== 'string' || !/^http:\/\/(127\.0\.0\.1|\[::1\]):\d+$/.test(host.origin ?? '')) return null;
  // A data folder copied from another one carries that one's file.
  if (host.dataDir !== resolve(dataDir)) return null;
  try {
    process.kill(host.pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return null; // it died without cleaning up
  }
  try {
    const res = await fetch(`${host.origin}/`, { method: 'HEAD', signal: AbortSignal.timeout(1500) });
    return res.ok ? host : null;
  } catch {
    return null;
  }
}

/** The first of these loopback ports something already listens on, or null. */
async function firstBusyPort(ports) {
  for (const port of ports) {
    const busy = await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (busy) return port;
  }
  return null;
}

async function isParleyServer(url) {
  try {
    const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok && (await res.json()).ok === true;
  } catch {
    return false;
  }
}

/**
 * Starts a child and resolves once it prints its ready line. What it prints after that is
 * for the person at the terminal, unless `forward` is false (the server's greeting, which
 * this script sums up itself). A child that
 * exits before it is ready has said why on stderr in one line: this exits with its code.
 */
function startAndWait(script, args, readyPrefix, env = process.env, { forward = true } = {}) {
  // The IPC channel is a lifeline: the child stops when this process is gone, however it went.
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env });
  children.push(child);
  return new Promise((resolve) => {
    let ready = false;
    let alreadyRunning = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (ready) return forward ? console.log(line) : undefined;
      // Another browser host won the race to this data directory: its link, and done.
      if (line.startsWith('PARLEY_WEBHOST_RUNNING ')) {
        const other = JSON.parse(line.slice('PARLEY_WEBHOST_RUNNING '.length));
        console.log(`[parley] Parley is already running (process ${other.pid}). Its link: ${other.url}`);
        alreadyRunning = true;
        return;
      }
      if (!line.startsWith(readyPrefix)) return;
      ready = true;
      const info = JSON.parse(line.slice(readyPrefix.length));
      resolve({ child, url: info.url, ready: info });
    });
    child.once('exit', (code) => {
      if (ready) return;
      stopAll();
      process.exit(alreadyRunning ? 0 : code || 1);
    });
  });
}
