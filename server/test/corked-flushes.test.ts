// Each flush of a connection leaves in one write (corked-flushes.ts): a flood of requests is
// acknowledged in a few writes of the server's socket, not one per ack, and every ack still
// arrives, in order.

import { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corkSend } from '../corked-flushes';
import { request, startTestServer, twoUsersInConversation, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** Counts the writes of the server's side of its TCP sockets (accepted ones have `server` set) while `work` runs. */
async function serverWrites(work: () => Promise<void>): Promise<number> {
  const proto = NetSocket.prototype as unknown as { _writeGeneric: (...args: unknown[]) => unknown };
  const real = proto._writeGeneric;
  let writes = 0;
  proto._writeGeneric = function (this: NetSocket & { server?: unknown }, ...args: unknown[]) {
    if (this.server) writes++;
    return real.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto._writeGeneric = real;
  }
  return writes;
}

describe('corked flushes', () => {
  it('acknowledges a flood of requests in a few writes, every ack in order', async () => {
    const { aSocket, groupId } = await twoUsersInConversation(server);
    const N = 300;
    const acked: number[] = [];
    const writes = await serverWrites(async () => {
      const acks = Array.from({ length: N }, (_, i) =>
        request(aSocket, 'create_message', { group_id: groupId, type: 1, message: `flood ${i}`, nonce: `cork-${i}` }).then((ack) => {
          expect(ack.result).toBe(0);
          acked.push(i);
        }),
      );
      await Promise.all(acks);
    });
    expect(acked).toEqual(Array.from({ length: N }, (_, i) => i));
    // A few writes per turn (the sender's acks, the other member's pushes), not one per ack and push.
    expect(writes).toBeLessThan(N / 4);
  });

  it('corks the websocket transport around a flush of two packets or more, and leaves other transports alone', () => {
    const calls: string[] = [];
    const raw = { cork: () => calls.push('cork'), uncork: () => calls.push('uncork'), destroyed: false };
    const transport = (name: string) => ({ name, socket: { _socket: raw }, send: (packets: unknown[]) => void calls.push(`send ${packets.length}`) });
    const ws = transport('websocket');
    corkSend(ws);
    corkSend(ws); // once only
    ws.send([1, 2, 3]);
    ws.send([1]);
    expect(calls).toEqual(['cork', 'send 3', 'uncork', 'send 1']);
    calls.length = 0;
    const polling = transport('polling');
    corkSend(polling);
    polling.send([1, 2]);
    expect(calls).toEqual(['send 2']);
  });
});
