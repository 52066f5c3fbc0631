// The renderer's Content-Security-Policy, one definition for both hosts. Main owns the
// network (chat servers are reached from Node, not from the page), so the renderer may
// connect only to its own origin: in Electron nothing at all beyond app://, in the browser
// host also the host's own IPC WebSocket.

export interface CspOptions {
  /** Extra connect-src sources, e.g. the browser host's `ws://127.0.0.1:PORT`. */
  connectSrc?: readonly string[];
}

export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
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
