// Real Netalo web clients were built on socket.io-client 2.x (Engine.IO 3, protocol notes).
// One such client, the real 2.5.0 package, signs in, sends the way those clients send
// (no nonce, `attachments`) and is pushed what others send.
import ioV2 from 'socket.io-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directGroup, nextEvent, online, request, signUp, startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('socket.io-client 2.x (Engine.IO 3)', () => {
  it('signs in, sends without a nonce, and receives pushes', async () => {
    const a = await signUp(server.url);
    const b = await signUp(server.url);
    const bSocket = await online(server, b);
    const group = await directGroup(bSocket, a.uin);

    const old = ioV2(`${server.url}/data`, { query: { session: a.session }, transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      const login = await new Promise<{ result: number }>((resolve) => old.once('login', (r) => resolve(r as { result: number })));
      expect(login.result).toBe(0);

      const pushedToB = nextEvent<Record<string, unknown>>(bSocket, 'message', (m) => m.message === 'from an old client');
      const ack = await new Promise<Record<string, unknown>>((resolve) =>
        old.emit('create_message', { group_id: group.group_id, type: 1, message: 'from an old client', attachments: [] }, (answer: unknown) =>
          resolve(answer as Record<string, unknown>),
        ),
      );
      expect(ack.result).toBe(0);
      expect(await pushedToB).toMatchObject({ sender_uin: a.uin, nonce: '' });

      const pushedToOld = new Promise<Record<string, unknown>>((resolve) =>
        old.on('message', (m) => {
          if ((m as Record<string, unknown>).message === 'to the old client') resolve(m as Record<string, unknown>);
        }),
      );
      expect((await request(bSocket, 'create_message', { group_id: group.group_id, message: 'to the old client', nonce: 'v4-1' })).result).toBe(0);
      expect((await pushedToOld).sender_uin).toBe(b.uin);
    } finally {
      old.close();
    }
  });
});
