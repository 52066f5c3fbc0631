// `node dist/webhost/index.js`: Parley for a browser, on machines without Electron.
// Prints one machine-readable line, `PARLEY_WEBHOST_READY {"url":...}`, once it serves.

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParleyCore } from '../core/core';
import { createLogger } from '../core/logger';
import { FileSessionStore } from '../core/session-store';
import { signInPrefillFromEnv } from '../core/sign-in-prefill';
import { protocolFactories } from '../protocols/registry';
import { USAGE, parseCli, type WebHostCliOptions } from './cli-options';
import { openAppWindow, openLink } from './open-browser';
import { startWebHost } from './web-host';

async function main(): Promise<void> {
  const log = createLogger('parley');
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
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    log.warn('no built renderer found; run `node scripts/build.mjs --only renderer`', { rendererDir: options.rendererDir });
  }

  // The session file holds secrets and the outboxes hold unsent messages: the directory is the user's alone.
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
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
  });
  await core.start();
  const host = await startWebHost({
    core,
    attachments: core.attachments,
    port: options.port,
    host: options.host,
    rendererDir: options.rendererDir,
    log,
  });

  process.stdout.write(`PARLEY_WEBHOST_READY ${JSON.stringify({ url: host.url })}\n`);
  process.stdout.write(`Parley is at ${host.url}\n  (the link carries this launch's access key: keep it to yourself; Ctrl+C stops Parley)\n`);
  if (options.open && !openAppWindow(host.launchUrl())) {
    process.stdout.write('No display to open a browser on: open the link above yourself.\n');
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals | 'parent exited') => {
    if (stopping) process.exit(1); // a second Ctrl+C: stop waiting
    stopping = true;
    log.info('stopping', { signal });
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
