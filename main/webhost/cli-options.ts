// The browser host's command line, parsed and checked before anything starts.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface WebHostCliOptions {
  port: number;
  host: string;
  dataDir: string;
  serverUrl: string;
  talkerUrl: string;
  harajUrl: string;
  mingdaoUrl: string;
  azstackUrl: string;
  rendererDir: string;
  open: boolean;
}

/** The bundled reference server's talker front (`npm start` starts it there). */
export const DEFAULT_TALKER_URL = 'http://127.0.0.1:7455';
/** The bundled reference server's Haraj, Mingdao and AZStack fronts (where `npm start` starts them). */
export const DEFAULT_HARAJ_URL = 'http://127.0.0.1:7456';
export const DEFAULT_MINGDAO_URL = 'http://127.0.0.1:7457';
export const DEFAULT_AZSTACK_URL = 'http://127.0.0.1:7458';

export const USAGE = `Usage: node dist/webhost/index.js [options]
  --port N          port to listen on (default 7451; 0 picks a free one)
  --host ADDR       127.0.0.1 (default) or ::1; the host never listens beyond this machine
  --data DIR        where the signed-in session is kept (default .parley-data/webhost)
  --server-url URL  the Netalo server the sign-in screen offers
                    (default $PARLEY_SERVER_URL, else http://127.0.0.1:7450)
  --talker-url URL  the talker server the sign-in screen offers
                    (default $PARLEY_TALKER_URL, else http://127.0.0.1:7455)
  --haraj-url URL   the Haraj server the sign-in screen offers
                    (default $PARLEY_HARAJ_URL, else http://127.0.0.1:7456)
  --mingdao-url URL the Mingdao server the sign-in screen offers
                    (default $PARLEY_MINGDAO_URL, else http://127.0.0.1:7457)
  --azstack-url URL the AZStack server the sign-in screen offers
                    (default $PARLEY_AZSTACK_URL, else http://127.0.0.1:7458)
  --renderer DIR    the built renderer (default dist/renderer next to this script)
  --open            open Parley in the system Chromium when there is a display`;

export function parseCli(argv: string[], defaults: { rendererDir: string; env: NodeJS.ProcessEnv }): WebHostCliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '7451' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.parley-data/webhost' },
      'server-url': { type: 'string' },
      'talker-url': { type: 'string' },
      'haraj-url': { type: 'string' },
      'mingdao-url': { type: 'string' },
      'azstack-url': { type: 'string' },
      renderer: { type: 'string' },
      open: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0 to 65535, not "${values.port}"`);
  const serverUrl = values['server-url'] ?? defaults.env.PARLEY_SERVER_URL ?? 'http://127.0.0.1:7450';
  if (!isHttpUrl(serverUrl)) throw new Error(`--server-url must be an http:// or https:// URL, not "${serverUrl}"`);
  const talkerUrl = values['talker-url'] ?? defaults.env.PARLEY_TALKER_URL ?? DEFAULT_TALKER_URL;
  if (!isHttpUrl(talkerUrl)) throw new Error(`--talker-url must be an http:// or https:// URL, not "${talkerUrl}"`);
  const harajUrl = frontUrl('haraj-url', values['haraj-url'], defaults.env.PARLEY_HARAJ_URL, DEFAULT_HARAJ_URL);
  const mingdaoUrl = frontUrl('mingdao-url', values['mingdao-url'], defaults.env.PARLEY_MINGDAO_URL, DEFAULT_MINGDAO_URL);
  const azstackUrl = frontUrl('azstack-url', values['azstack-url'], defaults.env.PARLEY_AZSTACK_URL, DEFAULT_AZSTACK_URL);
  return {
    port,
    host: values.host,
    dataDir: resolve(values.data),
    serverUrl,
    talkerUrl,
    harajUrl,
    mingdaoUrl,
    azstackUrl,
    rendererDir: resolve(values.renderer ?? defaults.rendererDir),
    open: values.open,
  };
}

/** The flag wins, then the environment (an empty variable counts as unset), then the default. */
function frontUrl(flag: string, fromFlag: string | undefined, fromEnv: string | undefined, fallback: string): string {
  const url = fromFlag ?? (fromEnv || fallback);
  if (!isHttpUrl(url)) throw new Error(`--${flag} must be an http:// or https:// URL, not "${url}"`);
  return url;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
