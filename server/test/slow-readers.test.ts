// A client that stops reading what the server sends it is closed once too much waits for it
// (slow-readers.ts), on the Netalo front (before its own requests run, and by the sweep for
// what others push) and on talker's raw WebSocket; a client that reads is never touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { directGroup, online, request, signUp, startTestServer, type TestServer } from './support';

let server: TestServer;
const limit = 512 * 1024;
beforeAll(async () => {
  server = await startTestServer({ demo: true, talkerPort: 0, limits: { behindPerConnection: { bytes: limit, packets: 100_000 } } });
});
afterAll(async () => {
  await server.stop();
});

/** The TCP socket under a socket.io-client socket's WebSocket transport. */
function tcpOf(socket: { io: { engine: unknown } }): { pause(): void; resume(): void } {
  return (socket.io.engine as { transport: { ws: { _socket: { pause(): void; resume(): void } } } }).transport.ws._socket;
}

const closedForNotReading = () => server.logLines.filter((l) => l.includes('client not reading')).length;

describe('a Netalo client that stops reading', () => {
  it('is closed once more than the limit waits for it, and a client that reads goes on', async () => {
    const [alice, bob] = await Promise.all([signUp(server.url), signUp(server.url)]);
    const reader = await online(server, alice);
    const groupId = (await directGroup(reader, bob.uin)).group_id as string;
    // 100 messages of 10,000 characters: a page of them is about 1 MB.
    const sent = Array.from({ length: 100 }, (_, i) => request(reader, 'create_message', { group_id: groupId, message: String(i % 10).repeat(10_000) }));
    for (const answer of await Promise.all(sent)) expect(answer.result).toBe(0);
    const other = await online(server, bob);

    const before = closedForNotReading();
    const disconnected = new Promise<string>((resolve) => reader.once('disconnect', resolve));
    tcpOf(reader).pause();
    try {
      // 80 pages, 80 MB: more than the kernel's buffers take on both sides (up to 32 MB and 4 MB
      // here), and the limit's worth after them.
      for (let i = 0; i < 80; i++) reader.emit('list_message', { group_id: groupId, psize: 100 }, () => undefined);
      await expect.poll(closedForNotReading, { timeout: 10_000 }).toBeGreaterThan(before);
    } finally {
      tcpOf(reader).resume();
    }
    expect(await disconnected).toBe('transport close');
    // Closed once, logged once, its requests still waiting dropped with it.
    expect(closedForNotReading()).toBe(before + 1);
    // A client that reads is served as before.
    expect((await request(other, 'list_group', {})).result).toBe(0);
  });
});

describe('a Netalo client that stops reading what others send it', () => {
  it('is closed by the sweep once more than the limit of pushes waits for it', async () => {
    const [alice, bob] = await Promise.all([signUp(server.url), signUp(server.url)]);
    const writer = await online(server, alice);
    const groupId = (await directGroup(writer, bob.uin)).group_id as string;
    const reader = await online(server, bob);
    const before = closedForNotReading();
    const disconnected = new Promise<string>((resolve) => reader.once('disconnect', resolve));
    tcpOf(reader).pause();
    try {
      // Pushes of 10,000 characters each, until the sweep closes Bob's connection (the kernel
      // holds a few MB of them first); at most 2,000 (20 MB).
      for (let i = 0; i < 2000 && closedForNotReading() === before; i++) {
        expect((await request(writer, 'create_message', { group_id: groupId, message: String(i % 10).repeat(10_000) })).result).toBe(0);
      }
      expect(closedForNotReading()).toBe(before + 1);
    } finally {
      tcpOf(reader).resume();
    }
    expect(await disconnected).toBe('transport close');
  });
});

describe('a talker WebSocket client that stops reading', () => {
  it('is closed once more than the limit waits for it', async () => {
    const ws = new WebSocket(`${server.talkerUrl!.replace('http', 'ws')}/?c=slow-reader`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.on('error', () => undefined);
    const before = closedForNotReading();
    (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    // Every frame that is not JSON is answered `error` 400: tiny answers, many of them.
    const frame = 'x';
    for (let i = 0; i < 200_000 && closedForNotReading() === before; i += 1000) {
      for (let j = 0; j < 1000; j++) ws.send(frame);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await expect.poll(closedForNotReading, { timeout: 10_000 }).toBeGreaterThan(before);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
  });
});
