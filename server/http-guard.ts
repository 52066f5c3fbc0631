// A malformed HTTP request (a broken request line, a bad header) must never stop the
// server. Node reports it as 'clientError' on the server; with no listener, Node answers
// 400 itself, but a listener is the documented place to answer and to make sure the
// socket goes, and it keeps one client's garbage out of everyone else's way.

import type { Server } from 'node:http';
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
