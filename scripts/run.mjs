// `npm start`: install what is missing, build, start the bundled reference server with
// demo users and its Netalo, talker, Haraj, Mingdao and AZStack fronts (unless
// PARLEY_SERVER_URL names another server; PARLEY_TALKER_URL, PARLEY_HARAJ_URL,
// PARLEY_MINGDAO_URL and PARLEY_AZSTACK_URL likewise for the others), then open Parley: the
// Electron app where its binary is installed, else the browser host (opening the system
// Chromium when there is a display, printing the address when there is none).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { electronBinary, ensureDependencies, repoRoot, run } from './support.mjs';

const DEFAULT_SERVER_PORT = 7450;
const DEFAULT_TALKER_PORT = 7455;
/** The other fronts' ports; the browser host and the Electron app default to the same. */
const FRONT_PORTS = { haraj: 7456, mingdao: 7457, azstack: 7458 };
const FRONT_ENV = { haraj: 'PARLEY_HARAJ_URL', mingdao: 'PARLEY_MINGDAO_URL', azstack: 'PARLEY_AZSTACK_URL' };
const DATA_DIR = join('.parley-data', 'server');
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
const frontUrls = Object.fromEntries(
  Object.entries(FRONT_PORTS).map(([name, port]) => [name, process.env[FRONT_ENV[name]] || `http://127.0.0.1:${port}`]),
);
if (!serverUrl) {
  const local = `http://127.0.0.1:${DEFAULT_SERVER_PORT}`;
  if (await isParleyServer(local)) {
    console.log(`[parley] using the reference server already running at ${local}`);
    serverUrl = local;
  } else {
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
    );
    serverUrl = server.url;
    talkerUrl = process.env.PARLEY_TALKER_URL ?? server.ready.talkerUrl ?? talkerUrl;
    for (const name of Object.keys(FRONT_PORTS)) {
      frontUrls[name] = process.env[FRONT_ENV[name]] || server.ready.frontUrls?.[name] || frontUrls[name];
    }
    console.log(
      `[parley] reference server: Netalo ${serverUrl}, talker ${talkerUrl}, Haraj ${frontUrls.haraj}, Mingdao ${frontUrls.mingdao}, ` +
        `AZStack ${frontUrls.azstack} (app id parley-demo, public key in ${join(DATA_DIR, 'azstack', 'parley-demo.pub')}) — ` +
        'demo users on every protocol: alice / alice-parley, bob / bob-parley, carol / carol-parley',
    );
  }
}

const electron = electronBinary();
const env = {
  ...process.env,
  PARLEY_SERVER_URL: serverUrl,
  PARLEY_TALKER_URL: talkerUrl,
  PARLEY_HARAJ_URL: frontUrls.haraj,
  PARLEY_MINGDAO_URL: frontUrls.mingdao,
  PARLEY_AZSTACK_URL: frontUrls.azstack,
  // The bundled server's AZStack demo app: the sign-in form comes prefilled with its ID and
  // public key (main/core/sign-in-prefill.ts), unless another AZStack server was named.
  ...(process.env.PARLEY_AZSTACK_URL
    ? {}
    : { PARLEY_AZSTACK_APP_ID: 'parley-demo', PARLEY_AZSTACK_PUBLIC_KEY_FILE: resolve(DATA_DIR, 'azstack', 'parley-demo.pub') }),
};
if (electron) {
  console.log('[parley] starting the Electron app');
  const app = spawn(electron, ['.'], { stdio: 'inherit', env });
  children.push(app);
  app.on('exit', (code) => { stopAll(); process.exit(code ?? 0); });
} else {
  console.log('[parley] Electron binary not installed here: starting the browser host');
  const host = await startAndWait('dist/webhost/index.js', ['--open', '--port', String(WEBHOST_PORT), '--data', join('.parley-data', 'webhost'), '--server-url', serverUrl, '--talker-url', talkerUrl,
    ...Object.entries(frontUrls).flatMap(([name, url]) => [`--${name}-url`, url])], 'PARLEY_WEBHOST_READY ', env);
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

function startAndWait(script, args, readyPrefix, env = process.env) {
  // The IPC channel is a lifeline: the child stops when this process is gone, however it went.
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env });
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
