// The command line of the reference server:
//   node dist/server/index.js [--port 7450] [--host 127.0.0.1] [--data .parley-data/server]
//                             [--demo] [--session-ttl SECONDS] [--talker-port 7455]
//                             [--haraj-port 7456] [--mingdao-port 7457] [--azstack-port 7458]
//                             [--azstack-app ID:PRIVATE_KEY_FILE]... [--azstack-ice-server URL[,USER,PASSWORD]]...
//                             [--allowed-host NAME]... [--large-ids]
//                             [--call-ring-seconds N] [--call-grace-seconds N]
// and the environment variables PARLEY_LARGE_IDS=1 (the same as --large-ids),
// PARLEY_CALL_RING_SECONDS and PARLEY_CALL_GRACE_SECONDS (the options win over them).

import { DEFAULT_HOST, DEFAULT_PORT } from './start-server';

export interface CliOptions {
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  sessionTtlSeconds?: number;
  /** The talker front's port (0 = any free port); absent = no talker front. */
  talkerPort?: number;
  /** The Haraj, Mingdao and AZStack fronts' ports (0 = any free port); absent = that front is off. */
  harajPort?: number;
  mingdaoPort?: number;
  azstackPort?: number;
  /** --azstack-app ID:PRIVATE_KEY_FILE (repeatable): AZStack apps and their RSA private keys. */
  azstackApps?: Array<{ id: string; privateKeyFile: string }>;
  /** --azstack-ice-server URL[,USERNAME,PASSWORD] (repeatable): what AZStack's sign-in reply lists. */
  azstackIceServers?: Array<{ url: string; username: string; password: string }>;
  /** Host header names served besides this machine's own (host-check.ts). */
  allowedHosts?: string[];
  /** Every ID above 2^53, users' and groups' too (ids.ts): for client tests. */
  largeIds: boolean;
  /** The largest upload (POST /api/v1/files), in MiB; absent = the default (limits.ts). */
  maxUploadMiB?: number;
  /** How long a call rings (s); absent = the default (30). */
  callRingSeconds?: number;
  /** How long a joined call participant may be disconnected (s); absent = the default (10). */
  callGraceSeconds?: number;
  help: boolean;
}

export const USAGE = `Usage: node dist/server/index.js [options]
  --port N              port to listen on (0 = any free port; default ${DEFAULT_PORT})
  --host ADDRESS        address to bind (default ${DEFAULT_HOST}: this machine only)
  --data DIR            data directory (default .parley-data/server)
  --demo                create the demo users alice, bob and carol if missing
  --session-ttl SECONDS how long a session lasts (default 30 days)
  --talker-port N       also speak talker on this port (0 = any free port; default: no talker front)
  --haraj-port N        also speak Haraj (/chat/ws and its HTTP API) on this port (default: off)
  --mingdao-port N      also speak Mingdao (socket.io at /mds2) on this port (default: off)
  --azstack-port N      also speak AZStack (socket.io, Engine.IO 3) on this port (default: off)
  --azstack-app ID:FILE an AZStack app: its appId and its RSA private key (PEM); repeat for more.
                        --demo adds the app parley-demo, its key pair in <data>/azstack/
  --azstack-ice-server URL[,USERNAME,PASSWORD]
                        a STUN/TURN server AZStack clients are told to use; repeat for more
  --allowed-host NAME   also answer requests for this Host name (e.g. chat.example.org behind a
                        proxy); repeat, or separate names with commas. localhost, 127.0.0.1,
                        [::1] and the bound address are always answered
  --large-ids           hand out every ID above 2^53, users' and groups' too (by default they
                        are below 2^53, as in the real system): for testing that a client keeps
                        IDs exact. The environment variable PARLEY_LARGE_IDS=1 does the same
  --max-upload-mb N     the largest file POST /api/v1/files takes, in MiB (default 25)
  --call-ring-seconds N how long a call rings before it is missed (default 30; also the
                        environment variable PARLEY_CALL_RING_SECONDS)
  --call-grace-seconds N how long someone in a call may be disconnected before they leave it
                        as failed (default 10; also PARLEY_CALL_GRACE_SECONDS)
  --help                show this text`;

/**
 * Parses argv (without node and the script) and the environment variables the server reads;
 * throws an Error with a message for the user.
 */
export function parseCliArgs(argv: string[], env: Readonly<Record<string, string | undefined>> = {}): CliOptions {
  const options: CliOptions = {
    port: DEFAULT_PORT,
    host: DEFAULT_HOST,
    dataDir: '.parley-data/server',
    demo: false,
    largeIds: env.PARLEY_LARGE_IDS === '1',
    help: false,
  };
  if (env.PARLEY_CALL_RING_SECONDS) options.callRingSeconds = callSeconds('PARLEY_CALL_RING_SECONDS', env.PARLEY_CALL_RING_SECONDS);
  if (env.PARLEY_CALL_GRACE_SECONDS) options.callGraceSeconds = callSeconds('PARLEY_CALL_GRACE_SECONDS', env.PARLEY_CALL_GRACE_SECONDS);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        options.port = portNumber(flag, value());
        break;
      case '--talker-port':
        options.talkerPort = portNumber(flag, value());
        break;
      case '--haraj-port':
        options.harajPort = portNumber(flag, value());
        break;
      case '--mingdao-port':
        options.mingdaoPort = portNumber(flag, value());
        break;
      case '--azstack-port':
        options.azstackPort = portNumber(flag, value());
        break;
      case '--azstack-app': {
        const text = value();
        const colon = text.indexOf(':');
        const id = text.slice(0, colon);
        if (colon <= 0 || !/^[A-Za-z0-9._-]{1,128}$/.test(id) || colon === text.length - 1) {
          throw new Error('--azstack-app must be ID:PRIVATE_KEY_FILE (the id of letters, digits, . _ -)');
        }
        (options.azstackApps ??= []).push({ id, privateKeyFile: text.slice(colon + 1) });
        break;
      }
      case '--azstack-ice-server': {
        const [url = '', username = '', password = '', ...rest] = value().split(',');
        if (!/^(stun|stuns|turn|turns):\S+$/.test(url) || rest.length > 0) {
          throw new Error('--azstack-ice-server must be URL[,USERNAME,PASSWORD] with a stun:, stuns:, turn: or turns: URL');
        }
        (options.azstackIceServers ??= []).push({ url, username, password });
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--allowed-host':
        for (const name of value().split(',')) {
          if (!/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9._-]+)$/.test(name.trim())) throw new Error(`--allowed-host: "${name}" is not a host name`);
          (options.allowedHosts ??= []).push(name.trim());
        }
        break;
      case '--data':
        options.dataDir = value();
        break;
      case '--demo':
        options.demo = true;
        break;
      case '--large-ids':
        options.largeIds = true;
        break;
      case '--session-ttl': {
        const ttl = Number(value());
        if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('--session-ttl must be a positive number of seconds');
        options.sessionTtlSeconds = ttl;
        break;
      }
      case '--max-upload-mb': {
        const mib = Number(value());
        if (!Number.isInteger(mib) || mib <= 0 || mib > 1024) throw new Error('--max-upload-mb must be a whole number of MiB from 1 to 1024');
        options.maxUploadMiB = mib;
        break;
      }
      case '--call-ring-seconds':
        options.callRingSeconds = callSeconds(flag, value());
        break;
      case '--call-grace-seconds':
        options.callGraceSeconds = callSeconds(flag, value());
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

function portNumber(flag: string, text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${flag} must be an integer from 0 to 65535`);
  return port;
}

/** A call timing: a positive number of seconds (fractions allowed, for tests), at most a day. */
function callSeconds(what: string, text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) throw new Error(`${what} must be a number of seconds from more than 0 to 86400`);
  return seconds;
}
