// Refusing an upgrade on a socket Node's HTTP server no longer watches (refuse-upgrade.ts).
// The sockets here are bare Duplex streams standing for the TCP socket, each failing the way
// a client made the real one fail; over TCP the failing write needs a client that stops
// reading behind a large response and then resets the connection.
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REFUSAL_TIMEOUT_MS, refuseUpgrade } from '../refuse-upgrade';

function socketWhoseWrites(outcome: 'succeed' | 'fail' | 'hang'): Duplex & { written: string } {
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      socket.written += chunk.toString('latin1');
      if (outcome === 'succeed') done();
      else if (outcome === 'fail') done(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
      // 'hang': the client never reads, the write never completes
    },
  }) as Duplex & { written: string };
  socket.written = '';
  return socket;
}

const closed = (socket: Duplex) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

afterEach(() => {
  vi.useRealTimers();
});

describe('refuseUpgrade', () => {
  it('answers the status and closes the socket once the answer is out', async () => {
    const socket = socketWhoseWrites('succeed');
    refuseUpgrade(socket, 401);
    await closed(socket);
    expect(socket.written).toBe('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  // Without its listener the failed write's 'error' is uncaught: the host process ended.
  it('survives a write that fails (the client reset the connection) and closes the socket', async () => {
    const socket = socketWhoseWrites('fail');
    refuseUpgrade(socket, 403);
    await closed(socket);
    expect(socket.destroyed).toBe(true);
  });

  it('closes the socket of a client that never takes its answer', () => {
    vi.useFakeTimers();
    const socket = socketWhoseWrites('hang');
    refuseUpgrade(socket, 401);
    vi.advanceTimersByTime(REFUSAL_TIMEOUT_MS - 1);
    expect(socket.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(socket.destroyed).toBe(true);
  });

  it('closes a socket it can no longer write to at once', async () => {
    const socket = socketWhoseWrites('succeed');
    socket.end();
    refuseUpgrade(socket, 400);
    await closed(socket);
    expect(socket.written).toBe('');
  });
});
