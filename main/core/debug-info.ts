// "Copy debug info" (Help): what a bug report needs to know about this Parley, as plain text.
// Only facts about the build and the machine, and counts: never an account's name, a server
// address, a conversation or a token (they would end up pasted into a public issue).

import { arch, homedir, release, type } from 'node:os';

/** What the host knows that the core does not. */
export interface SupportHost {
  /** 'Electron' or 'Browser host'. */
  kind: string;
  appVersion: string;
  /** Runtime versions by name (electron, chrome, node, v8): process.versions has them all. */
  versions: Readonly<Record<string, string | undefined>>;
  /** Where the logs are kept (shown as a path: the user's own machine, and it says where to look). */
  logsDir?: string;
  /** Opens the logs folder in the OS's file manager; absent where the host cannot (the browser host). */
  openLogsFolder?: () => Promise<void>;
}

export interface DebugFacts {
  host: SupportHost;
  protocols: readonly string[];
  accounts: number;
  /** Accounts per connection state ('online' → 2): no IDs. */
  connections: Readonly<Record<string, number>>;
  os?: { type: string; release: string; arch: string; platform: string };
  /** The user's home folder (os.homedir() unless a test says). */
  home?: string;
}

function withoutHome(path: string, home: string): string {
  return home && (path === home || path.startsWith(home + '/') || path.startsWith(home + '\\')) ? '~' + path.slice(home.length) : path;
}

const RUNTIME_NAMES = ['electron', 'chrome', 'node', 'v8'] as const;

export function formatDebugInfo(facts: DebugFacts): string {
  const os = facts.os ?? { type: type(), release: release(), arch: arch(), platform: process.platform };
  const runtimes = RUNTIME_NAMES.flatMap((name) => (facts.host.versions[name] ? [`${name} ${facts.host.versions[name]}`] : []));
  const connections = Object.entries(facts.connections)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${state} ${n}`);
  return [
    `Parley ${facts.host.appVersion} (${facts.host.kind})`,
    `OS: ${os.type} ${os.release} (${os.platform}, ${os.arch})`,
    `Runtime: ${runtimes.join(', ')}`,
    `Protocols: ${facts.protocols.join(', ')}`,
    `Accounts: ${facts.accounts}${connections.length > 0 ? ` (${connections.join(', ')})` : ''}`,
    // The home folder as ~: its name is often the user's.
    ...(facts.host.logsDir ? [`Logs: ${withoutHome(facts.host.logsDir, facts.home ?? homedir())}`] : []),
  ].join('\n');
}
