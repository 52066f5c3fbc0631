// `node dist/webhost/index.js`: Parley for a browser, on machines without Electron.
// Prints one machine-readable line, `PARLEY_WEBHOST_READY {"url":...}`, once it serves, then
// the link for people. Logs go to stderr and to a rotating file in <data>/logs/ (log-file.ts).
// A second host on the same data directory prints the running one's link instead of
// failing on the port (running-host.ts).

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParleyCore } from '../core/core';
import { createLogger, rationedLines, stderrWriter, teeWriters } from '../core/logger';
import { openLogFile } from '../core/log-file';
import { version as appVersion } from '../../package.json';
import { FileSessionStore } from '../core/session-store';
import { signInPrefillFromEnv } from '../core/sign-in-prefill';
import { protocolFactories } from '../protocols/registry';
import { USAGE, parseCli, type WebHostCliOptions } from './cli-options';
import { openAppWindow, openLink } from './open-browser';
import { startWebHost } from './web-host';
import { clearRunningHost, findRunningHost, portInUseMessage, writeRunningHost } from './running-host';

async function main(): Promise<void> {
  let options: WebHostCliOptions;
  try {
    options = parseCli(process.argv.slice(2), {
      // The bundle lives in dist/webhost/; the renderer it serves is built into dist/renderer/.
      rendererDir: join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer'),
      env: process.env,
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  // The session file holds secrets and the outboxes hold unsent messages: the directory is the user's alone.
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });

  // Already running on this data directory: its link, once, and nothing else happens.
  const running = await findRunningHost(options.dataDir);
  if (running) {
    process.stdout.write(`PARLEY_WEBHOST_RUNNING ${JSON.stringify({ url: running.url, pid: running.pid })}\n`);
    process.stdout.write(`Parley is already running (process ${running.pid}): ${running.url}\n`);
    if (options.open) openAppWindow(running.url);
    return;
  }

  const logFile = openLogFile(join(options.dataDir, 'logs'));
  const log = createLogger('parley', undefined, rationedLines(teeWriters(stderrWriter(), logFile.write)));
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    log.warn('no built renderer found; run `node scripts/build.mjs --only renderer`', { rendererDir: options.rendererDir });
  }
  const core = new ParleyCore({
    factories: protocolFactories,
    sessionStore: new FileSessionStore({ path: join(options.dataDir, 'session.json'), log: log.child('session') }),
    dataDir: options.dataDir,
    defaultServerUrls: {
      netalo: options.serverUrl,
      talker: options.talkerUrl,
      haraj: options.harajUrl,
      mingdao: options.mingdaoUrl,
      azstack: options.azstackUrl,
    },
    signInPrefill: signInPrefillFromEnv(process.env, log),
    log,
    openExternal: (url) => {
      if (!openLink(url)) process.stdout.write(`Open this link in your browser: ${url}\n`);
    },
    support: { kind: 'Browser host', appVersion, versions: process.versions, logsDir: logFile.dir },
  });
  await core.start();
  let host;
  try {
    host = await startWebHost({
      core,
      attachments: core.attachments,
      port: options.port,
      host: options.host,
      rendererDir: options.rendererDir,
      log,
    });
  } catch (e) {
    await core.stop();
    // Another program holds the port: one line that says what to do, no stack trace.
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(portInUseMessage(options.port) + '\n');
      process.exit(3);
    }
    throw e;
  }
  await writeRunningHost(options.dataDir, { pid: process.pid, url: host.url, origin: host.origin });

  process.stdout.write(`PARLEY_WEBHOST_READY ${JSON.stringify({ url: host.url })}\n`);
  const opened = options.open && openAppWindow(host.launchUrl());
  process.stdout.write(
    `Parley is ${opened ? 'opening in Chromium' : 'running'}. Its link (with this run's access key: keep it to yourself):\n  ${host.url}\n` +
      `Ctrl+C stops Parley. Logs: ${logFile.path}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals | 'parent exited') => {
    if (stopping) process.exit(1); // a second Ctrl+C: stop waiting
    stopping = true;
    log.info('stopping', { signal });
    clearRunningHost(options.dataDir);
    Promise.all([core.stop(), host.close()]).then(
      () => process.exit(0),
      (e: unknown) => {
        log.error('could not stop cleanly', { error: e instanceof Error ? e.stack : String(e) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Started by `npm start` with an IPC channel: stop with it, even when it is killed
  // without passing the signal on (npm does not forward SIGTERM to its script).
  process.on('disconnect', () => stop('parent exited'));
}

main().catch((e: unknown) => {
  process.stderr.write(`Parley's browser host could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
