// The specs' own plain protocol clients (support/plain-sockets.ts) must each get a
// connection of their own: one Playwright worker runs every spec, and a port can serve
// one front in one spec and another front in the next. Without forceNew, socket.io-client
// reused the Manager an earlier client had made for the same origin, and its options
// without the session: login 2, and a spec failed for a reason that was not Parley's.
import { expect, test } from '@playwright/test';
import { io } from 'socket.io-client';
import { netaloSignIn } from '../support/plain-sockets';
import { freePort, startServer, tempDir } from '../support/processes';

test('a plain Netalo client signs in with its own session on an origin another client used before', async () => {
  const server = await startServer({ dataDir: tempDir('server'), port: await freePort() });
  try {
    // What an earlier spec's talker client left in socket.io-client's cache for this origin:
    // a Manager of the root namespace, with no session. io() as most code calls it.
    const earlier = io(server.url, { reconnection: false });
    // Connected or refused: either way the Manager is cached by now.
    await new Promise<void>((settled) => earlier.once('connect', () => settled()).once('connect_error', () => settled()));
    earlier.close();

    const { socket, uin } = await netaloSignIn(server.url, 'bob', 'bob-parley');
    try {
      expect(uin).toMatch(/^\d+$/);
      const answer = (await socket.timeout(10_000).emitWithAck('list_group', {})) as { result: number };
      expect(answer.result).toBe(0);
    } finally {
      socket.close();
    }
  } finally {
    await server.stop();
  }
});
