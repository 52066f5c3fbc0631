// A malformed HTTP request (a broken request line, a bad header) must never stop the
// server. Node reports it as 'clientError' on the server; with no listener, Node answers
// 400 itself, but a listener is the documented place to answer and to make sure the
// socket goes, and it keeps one client's garbage out of everyone else's way.

import type { Server } from 'node:http';
import type { Logger } from '../main/core/logger';

export function answerMalformedRequests(server: Server, log: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    log.debug('malformed request', { code: error.code });
    if (socket.writable && !(error.code === 'ECONNRESET')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
    socket.destroy();
  });
}
