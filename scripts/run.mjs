// `npm start`: install what is missing, build, start the bundled reference server with
// demo users and its Netalo and talker fronts (unless PARLEY_SERVER_URL names another
// server; PARLEY_TALKER_URL likewise for talker), then open Parley: the
// Electron app where its binary is installed, else the browser host (opening the system
// Chromium when there is a display, printing the address when there is none).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { electronBinary, ensureDependencies, repoRoot, run } from './support.mjs';

const DEFAULT_SERVER_PORT = 7450;
const DEFAULT_TALKER_PORT = 7455;
const WEBHOST_PORT = Number(process.env.PARLEY_WEBHOST_PORT ?? 7451);

process.chdir(repoRoot);
ensureDependencies();
run('node', ['scripts/build.mjs'], 'building Parley');

const children = [];
const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
process.on('SIGINT', () => { stopAll(); process.exit(130); });
process.on('SIGTERM', () => { stopAll(); process.exit(143); });

let serverUrl = process.env.PARLEY_SERVER_URL;
let talkerUrl = process.env.PARLEY_TALKER_URL ?? `http://127.0.0.1:${DEFAULT_TALKER_PORT}`;
if (!serverUrl) {
  const local = `http://127.0.0.1:${DEFAULT_SERVER_PORT}`;
  if (await isParleyServer(local)) {
    console.log(`[parley] using the reference server already running at ${local}`);
    serverUrl = local;
  } else {
    const server = await startAndWait(
      'dist/server/index.js',
      ['--demo', '--port', String(DEFAULT_SERVER_PORT), '--talker-port', String(DEFAULT_TALKER_PORT), '--data', join('.parley-data', 'server')],
      'PARLEY_SERVER_READY ',
    );
    serverUrl = server.url;
    talkerUrl = process.env.PARLEY_TALKER_URL ?? server.ready.talkerUrl ?? talkerUrl;
    console.log(`[parley] reference server at ${serverUrl} (talker at ${talkerUrl}) — demo users: alice / alice-parley, bob / bob-parley, carol / carol-parley`);
  }
}

const electron = electronBinary();
const env = { ...process.env, PARLEY_SERVER_URL: serverUrl, PARLEY_TALKER_URL: talkerUrl };
if (electron) {
  console.log('[parley] starting the Electron app');
  const app = spawn(electron, ['.'], { stdio: 'inherit', env });
  children.push(app);
  app.on('exit', (code) => { stopAll(); process.exit(code ?? 0); });
} else {
  console.log('[parley] Electron binary not installed here: starting the browser host');
  const host = await startAndWait('dist/webhost/index.js', ['--open', '--port', String(WEBHOST_PORT), '--data', join('.parley-data', 'webhost'), '--server-url', serverUrl, '--talker-url', talkerUrl], 'PARLEY_WEBHOST_READY ');
  host.child.on('exit', (code) => { stopAll(); process.exit(code ?? 0); });
}

async function isParleyServer(url) {
  try {
    const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok && (await res.json()).ok === true;
  } catch {
    return false;
  }
}

function startAndWait(script, args, readyPrefix) {
  // The IPC channel is a lifeline: the child stops when this process is gone, however it went.
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: process.env });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(readyPrefix)) return console.log(line);
      const ready = JSON.parse(line.slice(readyPrefix.length));
      resolve({ child, url: ready.url, ready });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
}
