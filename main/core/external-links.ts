// Links leave the app only as http(s). Everything else (javascript:, file:, data:, custom
// schemes that launch local programs) is refused: a chat message is attacker-controlled text.
// Shared by the core's links.openExternal and the Electron host's window.open handler.

export const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/** The normalised URL when it may be opened outside the app, else null. */
export function parseExternalUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return EXTERNAL_PROTOCOLS.has(url.protocol) ? url : null;
}
