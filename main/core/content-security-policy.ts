// The renderer's Content-Security-Policy, one definition for both hosts. Main owns the
// network (chat servers are reached from Node, not from the page), so the renderer may
// connect only to its own origin: in Electron nothing at all beyond app://, in the browser
// host also the host's own IPC WebSocket.

import { createHash } from 'node:crypto';
import { APPEARANCE_BOOT_SCRIPT } from '../../contract/appearance-boot';

/** The one inline script the page may run (index.html's <head>), by the hash of its text. */
export const APPEARANCE_BOOT_HASH = `'sha256-${createHash('sha256').update(APPEARANCE_BOOT_SCRIPT, 'utf8').digest('base64')}'`;

export interface CspOptions {
  /** Extra connect-src sources, e.g. the browser host's `ws://127.0.0.1:PORT`. */
  connectSrc?: readonly string[];
}

export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    // The page's own files, and the appearance script inline in index.html by its hash
    // (contract/appearance-boot.ts): no other inline script, no eval.
    ['script-src', ["'self'", APPEARANCE_BOOT_HASH]],
    // React sets style attributes; inline styles are not a script-execution vector.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['connect-src', ["'self'", ...(opts.connectSrc ?? [])]],
    ['media-src', ["'self'", 'blob:', 'mediastream:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
