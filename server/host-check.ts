// The Host header check, against DNS rebinding: a web page on evil.example whose name is
// made to resolve to 127.0.0.1 could otherwise reach this server from the victim's
// browser, as a same-origin page, and sign up, guess passwords or read answers. Such a
// request carries `Host: evil.example`; so only these names are served:
//   - localhost, 127.0.0.1 and [::1], and the address the server is bound to, with any
//     port (a local port forwarder changes the port, never the name);
//   - when bound to every interface (0.0.0.0, ::), this machine's interface addresses:
//     an IP literal cannot be rebound, it is how LAN clients reach the server;
//   - the names given with --allowed-host, with any port (a public name behind a proxy).
// A request whose Host is not a host name is refused too (421); one with no Host at all is
// malformed (400).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { HttpError, sendError } from './http-io';

// A DNS name or an IPv4 address, or a bracketed IPv6 address; then an optional port.
const HOST_HEADER = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._-]+))(?::(\d{1,5}))?$/i;

/** What a refused socket.io handshake says (socket.io answers it: 403 over polling, 400 for a WebSocket). */
export const MISDIRECTED = 'this server does not answer to that Host name';

export interface HostCheck {
  /** True when the Host header names this server. */
  allows(header: string | undefined): boolean;
}

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

function canonical(name: string): string {
  return name.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

export function createHostCheck(opts: { host: string; allowedHosts?: readonly string[] }): HostCheck {
  const local = new Set(['localhost', '127.0.0.1', '::1']);
  if (WILDCARDS.has(opts.host)) {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) local.add(canonical(a.address));
  } else {
    local.add(canonical(opts.host));
  }
  const configured = new Set((opts.allowedHosts ?? []).map(canonical));

  return {
    allows(header) {
      const match = typeof header === 'string' ? HOST_HEADER.exec(header) : null;
      if (!match) return false;
      const name = canonical(match[1] ?? match[2] ?? '');
      if (configured.has(name)) return true;
      // Any port: a rebinding attack changes the name, never the port, while a local
      // forwarder (ssh -L, a container's port map, a test's fault proxy) changes only the port.
      return local.has(name);
    },
  };
}

/** Wraps an HTTP handler: a request for another name is answered 421 and never reaches it. */
export function servingOnly(check: HostCheck, handler: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (check.allows(req.headers.host)) return handler(req, res);
    if (req.headers.host === undefined) {
      return sendError(res, new HttpError(400, 'invalid-request', 'the request has no Host header'), { Connection: 'close' });
    }
    // A request that is not even a valid URL is malformed, whoever it names: 400, as always.
    if (!URL.canParse(req.url ?? '/', 'http://localhost')) {
      return sendError(res, new HttpError(400, 'invalid-request', 'the request target is not a valid URL'), { Connection: 'close' });
    }
    sendError(res, new HttpError(421, 'misdirected-request', MISDIRECTED), { Connection: 'close' });
  };
}

/** socket.io's `allowRequest`: a handshake for another name is refused with MISDIRECTED. */
export function handshakeCheck(check: HostCheck) {
  return (req: IncomingMessage, answer: (err: string | null | undefined, success: boolean) => void): void => {
    const allowed = check.allows(req.headers.host);
    answer(allowed ? null : MISDIRECTED, allowed);
  };
}

/** For a raw 'upgrade' listener: writes the 421 on the bare socket. */
export function refuseUpgrade(socket: Duplex): void {
  if (socket.writable) socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  socket.destroy();
}
