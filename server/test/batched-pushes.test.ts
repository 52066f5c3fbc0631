// Batched pushes (server/PROTOCOL.md, Batched pushes; netalo/push.ts): a socket that asks at
// connect gets what one queue turn pushes to it as one `batch` event, in order, never after
// an ack the server sent later; every other socket keeps getting each push on its own.

import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { losslessParser } from '../../main/protocols/netalo/wire/socketio-parser';
import { nextEvent, postJson, request, startTestServer, twoUsersInConversation, type TestServer, type TestUser } from './support';

let server: TestServer;
const opened: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of opened) s.disconnect();
  await server.stop();
});

/**
 * A signed-in socket that asks for batches, as Parley's Netalo adapter does, on a session of
 * its own (a second device: a new socket on the same session would replace the first).
 */
async function batchingSocket(user: TestUser): Promise<Socket> {
  const signIn = await postJson(`${server.url}/api/v1/signin`, { username: user.username, password: 'correct horse' });
  const session = signIn.body.session as string;
  const socket = io(server.url + '/data', { transports: ['websocket'], forceNew: true, reconnection: false, parser: losslessParser, query: { session, parley_batch: '1' } });
  opened.push(socket);
  const login = await nextEvent(socket, 'login');
  expect(login.result).toBe(0);
  return socket;
}

type Entry = [string, Record<string, unknown>];

/** Every push a socket gets, single or batched, in arrival order, with how many packets carried them. */
function collect(socket: Socket) {
  const pushes: Entry[] = [];
  const packets: number[] = [];
  socket.onAny((event: string, data: unknown) => {
    if (event === 'batch') {
      packets.push((data as Entry[]).length);
      pushes.push(...(data as Entry[]));
    } else {
      packets.push(1);
      pushes.push([event, data as Record<string, unknown>]);
    }
  });
  return { pushes, packets };
}

function texts(pushes: Entry[]): string[] {
  return pushes.filter(([event]) => event === 'message').map(([, m]) => m.message as string);
}

describe('batched pushes', () => {
  it('a flood reaches a batching socket in a few batches, in order, and a plain socket push by push', async () => {
    const { b, aSocket, bSocket, groupId } = await twoUsersInConversation(server);
    const batching = await batchingSocket(b);
    const plain = collect(bSocket);
    const batched = collect(batching);
    let plainBatches = 0;
    bSocket.on('batch', () => plainBatches++);
    const N = 300;
    const all = new Promise<void>((resolve) => batching.onAny(() => texts(batched.pushes).length === N && resolve()));
    const plainAll = new Promise<void>((resolve) => bSocket.on('message', () => texts(plain.pushes).length === N && resolve()));
    const acks = Array.from({ length: N }, (_, i) => request(aSocket, 'create_message', { group_id: groupId, type: 1, message: `flood ${i}`, nonce: `flood-${i}` }));
    expect((await Promise.all(acks)).every((a) => a.result === 0)).toBe(true);
    await Promise.all([all, plainAll]);
    const want = Array.from({ length: N }, (_, i) => `flood ${i}`);
    expect(texts(batched.pushes)).toEqual(want);
    expect(texts(plain.pushes)).toEqual(want);
    expect(plainBatches).toBe(0);
    // Far fewer packets than pushes: turns carry many requests each.
    expect(batched.packets.length).toBeLessThan(N / 4);
    expect(plain.packets.every((n) => n === 1)).toBe(true);
  });

  it('never lets a held push arrive after an ack the server sent after it', async () => {
    const { b, aSocket, groupId } = await twoUsersInConversation(server);
    const batching = await batchingSocket(b);
    const got = collect(batching);
    // a floods while b writes: the turns are long and each holds requests of both, so each of
    // b's acks follows, in its turn, the echo push of b's previous message (the sender's own
    // sockets get its message too), which must not wait in the turn's batch behind the ack.
    const flood = Array.from({ length: 300 }, (_, i) => request(aSocket, 'create_message', { group_id: groupId, type: 1, message: `a ${i}`, nonce: `a-${i}` }));
    const N = 20;
    const heardAtAck = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const answer = await request(batching, 'create_message', { group_id: groupId, type: 1, message: `b ${i}`, nonce: `b-${i}` });
        expect(answer.result).toBe(0);
        return texts(got.pushes);
      }),
    );
    for (let i = 1; i < N; i++) expect(heardAtAck[i], `heard when the ack of "b ${i}" arrived`).toContain(`b ${i - 1}`);
    await Promise.all(flood);
  });
});
