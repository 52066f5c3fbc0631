// The reference server's command-line entry (npm run server). Starts the server, prints
//   PARLEY_SERVER_READY {"url":"http://127.0.0.1:PORT","talkerUrl":"http://127.0.0.1:PORT2","frontUrls":{"haraj":"…"}}
// on one line of stdout for tools that wait for it, then a line for people. Logs go to
// stderr. SIGINT / SIGTERM close everything cleanly; a second signal exits at once.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLogger, rationedLines, stderrWriter } from '../main/core/logger';
import { DEMO_APP_ID, demoKeyFiles } from './azstack/apps';
import { parseCliArgs, USAGE } from './cli-args';
import { startServer } from './start-server';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }

  const log = createLogger('server', undefined, rationedLines(stderrWriter()));
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled rejection', { error: reason instanceof Error ? reason.message : String(reason) });
  });

  const dataDir = resolve(options.dataDir);
  const server = await startServer({
    port: options.port,
    host: options.host,
    dataDir,
    demo: options.demo,
    largeIds: options.largeIds,
    ...(options.sessionTtlSeconds !== undefined ? { sessionTtlSeconds: options.sessionTtlSeconds } : {}),
    ...(options.talkerPort !== undefined ? { talkerPort: options.talkerPort } : {}),
    ...(options.harajPort !== undefined ? { harajPort: options.harajPort } : {}),
    ...(options.mingdaoPort !== undefined ? { mingdaoPort: options.mingdaoPort } : {}),
    ...(options.azstackPort !== undefined ? { azstackPort: options.azstackPort } : {}),
    ...(options.azstackApps ? { azstackApps: options.azstackApps } : {}),
    ...(options.azstackIceServers ? { azstackIceServers: options.azstackIceServers } : {}),
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.maxUploadMiB !== undefined ? { limits: { uploadBytes: options.maxUploadMiB * 1024 * 1024 } } : {}),
    ...(options.callRingSeconds !== undefined ? { callRingSeconds: options.callRingSeconds } : {}),
    ...(options.callGraceSeconds !== undefined ? { callGraceSeconds: options.callGraceSeconds } : {}),
    log,
  });

  process.stdout.write(
    `PARLEY_SERVER_READY ${JSON.stringify({ url: server.url, ...(server.talkerUrl ? { talkerUrl: server.talkerUrl } : {}), frontUrls: server.frontUrls })}\n`,
  );
  const others = [...(server.talkerUrl ? [`talker: ${server.talkerUrl}`] : []), ...Object.entries(server.frontUrls).map(([name, url]) => `${name}: ${url}`)];
  process.stdout.write(
    `Parley reference server listening on ${server.url}${others.length ? ` (${others.join(', ')})` : ''} (data: ${dataDir})` +
      (options.demo ? '; demo users: alice / alice-parley, bob / bob-parley, carol / carol-parley' : '') +
      '\n',
  );
  if (options.demo && server.frontUrls.azstack) {
    // What an AZStack SDK user needs besides the URL: the demo app's id and public key.
    const { publicKeyFile } = demoKeyFiles(dataDir);
    process.stdout.write(`AZStack demo app: appId ${DEMO_APP_ID}, publicKey (also in ${publicKeyFile}):\n${readFileSync(publicKeyFile, 'utf8').trim()}\n`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('stopping', { signal });
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error('stop failed', { error: (e as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Started by `npm start` with an IPC channel: stop with it, even when it is killed
  // without passing the signal on (npm does not forward SIGTERM to its script).
  process.on('disconnect', () => stop('parent exited'));
}

main().catch((e: unknown) => {
  process.stderr.write(`Parley server failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
