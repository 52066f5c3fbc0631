// parley:// links: `parley://conversation/<accountId>/<conversationId>` opens that
// conversation (each part percent-encoded: an account ID is "protocol|server|user").
//
// How a link reaches the app differs per system, and all of them end in openLink():
// - Windows, Linux: the OS starts a new Parley with the link in its argv. The single-instance
//   lock (main.ts) makes that second process quit; the first hears `second-instance` with the
//   second's argv. On the very first launch the link is in our own process.argv.
// - macOS: the running app hears `open-url`, also when the link launched it, and then
//   possibly before `ready`: such a link waits until the app is ready to show a window.
//
// Anything can put a parley:// link in front of the OS (a web page, a chat message), so the
// link is parsed strictly: one exact form, bounded sizes, the same ID rules as the contract,
// and nothing else (no query, no fragment, no user, no port). A link that fails is logged
// by its length only and dropped.

import type { App } from 'electron';
import { PROTOCOLS } from '../../contract/domain';
import type { Logger } from '../core/logger';

export const DEEP_LINK_SCHEME = 'parley';
const MAX_LINK_LENGTH = 2048;
/** contract/commands.ts IdSchema, as a regex. */
const ID = /^[\w.:@|-]{1,128}$/;
const PROTOCOL_IDS: ReadonlySet<string> = new Set(PROTOCOLS);

export interface DeepLink {
  accountId: string;
  conversationId: string;
}

/** The conversation a parley:// link names, or null for anything else. */
export function parseDeepLink(raw: unknown): DeepLink | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LINK_LENGTH) return null;
  // Controls, spaces and backslashes have no place in a link; the URL parser would drop or fold some.
  if (hasControlOrSpace(raw, true)) return null;
  // Lower case only: exactly the form Parley writes.
  const match = /^parley:\/\/conversation\/([^/?#]+)\/([^/?#]+)\/?$/.exec(raw);
  if (!match) return null;
  const accountId = decode(match[1]!);
  const conversationId = decode(match[2]!);
  if (accountId === null || conversationId === null) return null;
  if (!ID.test(conversationId) || !isAccountId(accountId)) return null;
  return { accountId, conversationId };
}

/** The link for a conversation (the inverse of parseDeepLink). */
export function deepLinkFor(link: DeepLink): string {
  return `${DEEP_LINK_SCHEME}://conversation/${encodeURIComponent(link.accountId)}/${encodeURIComponent(link.conversationId)}`;
}

function decode(part: string): string | null {
  try {
    const decoded = decodeURIComponent(part);
    // A part that decodes to a control character or a backslash was crafted, not written by
    // Parley. (An account ID holds its server's URL, slashes and all; the ID rules below decide.)
    return hasControlOrSpace(decoded, false) ? null : decoded;
  } catch {
    return null; // malformed percent-encoding
  }
}

/** C0 and C1 controls, DEL and backslashes (and spaces, when `spaces`): by code point, not a regex of control characters. */
function hasControlOrSpace(text: string, spaces: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x5c || (spaces && c === 0x20)) return true;
  }
  return false;
}

/** "protocol|http(s)://server|userId", as contract/domain.ts accountKey writes it. */
function isAccountId(id: string): boolean {
  if (id.length > 512) return false;
  const first = id.indexOf('|');
  const last = id.lastIndexOf('|');
  if (first <= 0 || last === first) return false;
  const protocol = id.slice(0, first);
  const server = id.slice(first + 1, last);
  const userId = id.slice(last + 1);
  if (!PROTOCOL_IDS.has(protocol) || !ID.test(userId)) return false;
  try {
    const url = new URL(server);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** What installDeepLinks needs of Electron's app (the fake in tests plays it). */
export type DeepLinkApp = Pick<App, 'on' | 'isReady' | 'whenReady' | 'setAsDefaultProtocolClient' | 'isDefaultProtocolClient'>;

/**
 * Registers Parley for parley:// and routes every link to `open` once the app is ready. Call
 * before `ready` (macOS's `open-url` for the launching link comes early). `argv` is this
 * process's own command line, read once for the link that launched it (Windows, Linux).
 */
export function installDeepLinks(opts: {
  app: DeepLinkApp;
  argv: readonly string[];
  open: (link: DeepLink) => void;
  log: Logger;
  /** In development (`electron .`) the OS must be told how to start us: the binary and the app folder. */
  defaultApp?: { execPath: string; appPath: string };
}): void {
  const { app, log } = opts;
  const registered = opts.defaultApp
    ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, opts.defaultApp.execPath, [opts.defaultApp.appPath])
    : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  if (!registered) log.warn('could not register as the handler of parley:// links');

  const deliver = (raw: unknown, source: string) => {
    const link = typeof raw === 'string' && raw.startsWith(`${DEEP_LINK_SCHEME}:`) ? parseDeepLink(raw) : null;
    if (!link) {
      log.warn('ignored a malformed parley:// link', { source, length: typeof raw === 'string' ? raw.length : 0 });
      return;
    }
    // Before ready there is no window to show it in: wait (macOS launching us with the link).
    if (app.isReady()) opts.open(link);
    else void app.whenReady().then(() => opts.open(link));
  };

  app.on('open-url', (event, url) => {
    event.preventDefault();
    deliver(url, 'open-url');
  });
  app.on('second-instance', (_event, argv) => {
    const raw = argv.find((a) => a.startsWith(`${DEEP_LINK_SCHEME}:`));
    if (raw !== undefined) deliver(raw, 'second-instance');
  });
  const launching = opts.argv.find((a) => a.startsWith(`${DEEP_LINK_SCHEME}:`));
  if (launching !== undefined) deliver(launching, 'argv');
}
