import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { Decoder as StockDecoder, Encoder as StockEncoder, PacketType, type Packet } from 'socket.io-parser';
import { decodePacketString, LosslessDecoder, LosslessEncoder, losslessParser } from './socketio-parser';
import { RawSocketIo } from './test-support/raw-socketio';

const BIG = 2n ** 60n + 1n; // 1152921504606846977: a double would make it ...976
const BIG_TEXT = BIG.toString();

interface AnyDecoder {
  on(event: 'decoded', listener: (packet: Packet) => void): unknown;
  add(chunk: unknown): void;
}

function decodeOne(decoder: AnyDecoder, chunks: unknown[]): Packet | undefined {
  let out: Packet | undefined;
  decoder.on('decoded', (p) => (out = p));
  for (const chunk of chunks) decoder.add(chunk);
  return out;
}

describe('LosslessDecoder / LosslessEncoder (unit)', () => {
  it('decodes the same packets as the stock decoder', () => {
    const packets = [
      '0',
      '0/data,{"session":"abc"}',
      '1/data,',
      '2["hello",1,"a"]',
      '2/data,12["list_group",{"pindex":0}]',
      '3/data,12[{"result":0}]',
      '4{"message":"nope"}',
      '212["x"]',
    ];
    for (const text of packets) {
      expect(decodeOne(new LosslessDecoder(), [text]), text).toEqual(decodeOne(new StockDecoder(), [text]));
    }
  });

  it('keeps a bare number above 2^53 exact, in any position', () => {
    const packet = decodePacketString(`2/data,7["create_message",{"group_id":${BIG_TEXT},"ids":[${BIG_TEXT}]},${BIG_TEXT}]`);
    expect(packet).toEqual({
      type: PacketType.EVENT,
      nsp: '/data',
      id: 7,
      data: ['create_message', { group_id: BIG_TEXT, ids: [BIG_TEXT] }, BIG_TEXT],
    });
  });

  it('rejects malformed packets with an Error, like the stock decoder', () => {
    const bad = ['9', '2/data,["x",', '2{"not":"an array"}', '2["disconnect"]', "2['single']", '2[{}]', '1/data,{}', '3/data,1{}'];
    for (const text of bad) {
      expect(() => new StockDecoder().add(text), `stock: ${text}`).toThrow(Error);
      expect(() => new LosslessDecoder().add(text), `lossless: ${text}`).toThrow(Error);
    }
    expect(() => new LosslessDecoder().add(42)).toThrow(/Unknown type/);
    expect(() => new LosslessDecoder().add(Buffer.from([1]))).toThrow(/binary data when not reconstructing/);
  });

  it('encodes like the stock encoder, and a BigInt as a bare integer', () => {
    const packet: Packet = { type: PacketType.EVENT, nsp: '/data', id: 3, data: ['message', { a: 'x', b: [1, null] }] };
    expect(new LosslessEncoder().encode(packet)).toEqual(new StockEncoder().encode(packet));
    expect(new LosslessEncoder().encode({ type: PacketType.ACK, nsp: '/', id: 4, data: [{ id: BIG }] })).toEqual([
      `34[{"id":${BIG_TEXT}}]`,
    ]);
  });

  it('round-trips binary packets through the stock machinery', () => {
    const packet: Packet = { type: PacketType.EVENT, nsp: '/', data: ['file', Buffer.from([1, 2, 3])] };
    const encoded = new LosslessEncoder().encode(packet);
    expect(encoded.length).toBe(2);
    const decoded = decodeOne(new LosslessDecoder(), encoded);
    expect(decoded?.data[0]).toBe('file');
    expect(Buffer.from(decoded?.data[1] as Buffer)).toEqual(Buffer.from([1, 2, 3]));
    // Text while an attachment is awaited is a protocol error, as in the stock decoder.
    const decoder = new LosslessDecoder();
    decoder.add(encoded[0]);
    expect(() => decoder.add('2["x"]')).toThrow(/reconstructing/);
  });
});

describe('losslessParser over real sockets', () => {
  let http: HttpServer;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    http = createServer();
    server = new Server(http, { parser: losslessParser, serveClient: false });
    // echo: acks with what it received, typed, plus a BigInt of its own.
    server.on('connection', (socket: ServerSocket) => {
      socket.on('echo', (payload: unknown, ack: unknown) => {
        if (typeof ack === 'function') ack({ received: payload, type: typeof payload, fromServer: BIG });
      });
      socket.on('push-me', () => socket.emit('pushed', { id: BIG, list: [BIG, 1] }));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await server.close();
  });

  function connect(withParser: boolean): Promise<ClientSocket> {
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ...(withParser ? { parser: losslessParser } : {}),
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  it('carries a BigInt from client to server and back as exact decimal strings', async () => {
    const client = await connect(true);
    try {
      const answer = (await client.timeout(5000).emitWithAck('echo', { id: BIG })) as Record<string, unknown>;
      expect(answer).toEqual({ received: { id: BIG_TEXT }, type: 'object', fromServer: BIG_TEXT });
    } finally {
      client.disconnect();
    }
  });

  it('delivers a pushed event with bare big numbers to the client exactly', async () => {
    const client = await connect(true);
    try {
      const pushed = new Promise((resolve) => client.once('pushed', resolve));
      client.emit('push-me');
      expect(await pushed).toEqual({ id: BIG_TEXT, list: [BIG_TEXT, 1] });
    } finally {
      client.disconnect();
    }
  });

  it('reads a bare 2^60+1 written by hand on the wire', async () => {
    const raw = await RawSocketIo.open(url);
    try {
      raw.sendPacket('0');
      await raw.nextPacket((p) => p.startsWith('0'));
      raw.sendPacket(`21["echo",${BIG_TEXT}]`);
      const ack = await raw.nextPacket((p) => p.startsWith('31'));
      expect(JSON.parse(ack.slice(2))).toEqual([{ received: BIG_TEXT, type: 'string', fromServer: Number(BIG) }]);
      expect(ack).toContain(`"fromServer":${BIG_TEXT}`);
    } finally {
      raw.close();
    }
  });

  it('still talks to a client using the stock parser', async () => {
    const client = await connect(false);
    try {
      const answer = (await client.timeout(5000).emitWithAck('echo', { text: 'hi', n: 3 })) as Record<string, unknown>;
      expect(answer.received).toEqual({ text: 'hi', n: 3 });
    } finally {
      client.disconnect();
    }
  });

  it('closes only the connection that sent a malformed packet; the server keeps serving', async () => {
    const raw = await RawSocketIo.open(url);
    raw.sendPacket('0');
    await raw.nextPacket((p) => p.startsWith('0'));
    raw.sendPacket('2["echo", {broken');
    await raw.closed;

    const client = await connect(true);
    try {
      const answer = (await client.timeout(5000).emitWithAck('echo', 'still here')) as Record<string, unknown>;
      expect(answer.received).toBe('still here');
    } finally {
      client.disconnect();
    }
  });
});
