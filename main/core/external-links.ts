// Links leave the app only as http(s). Everything else (javascript:, file:, data:, custom
// schemes that launch local programs) is refused: a chat message is attacker-controlled text.
// Shared by the core's links.openExternal and the Electron host's window.open handler.

export const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/**
 * What a link in a message may open (links.openExternal): web links, and mailto: for an
 * e-mail address, handed to the user's mail program. A page's window.open stays web-only.
 */
export const MESSAGE_LINK_PROTOCOLS: ReadonlySet<string> = new Set([...EXTERNAL_PROTOCOLS, 'mailto:']);

/** The normalised URL when it may be opened outside the app, else null. */
export function parseExternalUrl(raw: string, allowed: ReadonlySet<string> = EXTERNAL_PROTOCOLS): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return allowed.has(url.protocol) ? url : null;
}
