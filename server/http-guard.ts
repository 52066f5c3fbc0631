// A malformed HTTP request (a broken request line, a bad header) must never stop the
// server. Node reports it as 'clientError' on the server; with no listener, Node answers
// 400 itself, but a listener is the documented place to answer and to make sure the
// socket goes, and it keeps one client's garbage out of everyone else's way.

import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../main/core/logger';

export function answerMalformedRequests(server: Server, log: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
    log.debug('malformed request', { code: error.code });
    // The answer to a HEAD request carries no body, even this one.
    const head = error.rawPacket?.toString('latin1', 0, 5) === 'HEAD ';
    if (socket.writable && !(error.code === 'ECONNRESET')) {
      // Still `{error, reason}` as every other refusal, so that no client needs a special case.
      const [status, body] =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? ['431 Request Header Fields Too Large', { error: 'headers-too-large', reason: 'the request line and headers must be at most 16 KiB' }]
          : ['400 Bad Request', { error: 'invalid-request', reason: 'the request is not valid HTTP' }];
      const text = JSON.stringify(body);
      socket.end(
        `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${head ? '' : text}`,
      );
    }
    socket.destroy();
  });
}

/**
 * At most `limits.perAddress` TCP connections from one address on this port, and
 * `limits.perPort` in all; beyond, a new one is closed at once. 20,000 idle WebSockets
 * (talker's raw ones wait for a sign-in without a deadline, as real clients may while a
 * person registers), or 10,000 uploads that never end, used up the process's file
 * descriptors: every sign-in on every front failed while they were held. With this, one
 * address takes at most `perAddress` of them per front, and all clients together (on this
 * machine any process may use any 127.x.x.x address) never more than the fronts' `perPort`
 * each: the database and the files keep theirs.
 */
export function limitConnections(server: Server, limits: { perAddress: number; perPort: number }, log: Logger): void {
  server.maxConnections = limits.perPort;
  const max = limits.perAddress;
  const open = new Map<string, number>();
  let refused = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = open.get(address) ?? 0;
    if (count >= max) {
      refused += 1;
      log.info('connection refused: too many from this address', { address, open: count, refused });
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
