// FAKE AZStack server, for the adapter's failure cases only: the reference server's AZStack
// front (server/azstack/) behaves correctly, so it cannot be told to refuse a sign-in in each
// of its forms, to swallow an ack, or to send malformed packets on demand. It speaks the wire
// of the notes (socket.io v4 with allowEIO3, one `WebPacket` event) and checks the token the
// real way: RSA PKCS#1 v1.5 under the app key, decrypted here with BigInt arithmetic (Node 20's
// privateDecrypt refuses PKCS#1 v1.5 padding, see the notes).

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';

export interface FakePacket {
  socket: Socket;
  service: number;
  body: Record<string, unknown>;
}

export interface FakeAzstack {
  url: string;
  /** The app's public key, base64 SPKI (as --demo writes it). */
  publicKey: string;
  publicKeyPem: string;
  /** How the next sign-ins go. */
  signIn: 'ok' | 'refuse' | 'silent' | 'unreadable' | 'wrong-first-packet';
  /** What to do with 72 / 45: ack r 1 (default), ack with this `r`, or say nothing. */
  onSend: 'ack' | 'silent' | number;
  /** Services the server stops answering (a socket that looks connected but is dead). */
  silent: Set<number>;
  /** Rows served by 169 (one page). */
  history: Array<Record<string, unknown>>;
  received: FakePacket[];
  /** Tokens seen in 179, decrypted. */
  tokens: unknown[];
  sockets: Socket[];
  /** Resolves once `count` packets of `service` have arrived. */
  receivedAtLeast(service: number, count: number): Promise<FakePacket[]>;
  /** Sends a raw WebPacket to the newest signed-in socket (anything: malformed on purpose). */
  push(raw: unknown): void;
  /** Sends a well-formed packet to the newest signed-in socket. */
  send(service: number, body: unknown): void;
  close(): Promise<void>;
}

const USERS: Record<string, { userId: number; credentials: string; fullname: string }> = {
  alice: { userId: 1, credentials: 'right', fullname: 'Alice A' },
  bob: { userId: 2, credentials: 'right', fullname: 'Bob B' },
};

export async function startFakeAzstack(): Promise<FakeAzstack> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const http = createServer((_req, res) => res.writeHead(404).end());
  const io = new Server(http, { allowEIO3: true, transports: ['websocket'] });
  const waiters: Array<() => void> = [];
  const signedIn: Socket[] = [];
  const fake: FakeAzstack = {
    url: '',
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    signIn: 'ok',
    onSend: 'ack',
    silent: new Set(),
    history: [],
    received: [],
    tokens: [],
    sockets: [],
    receivedAtLeast: (service, count) =>
      new Promise((resolve) => {
        const check = () => {
          const found = fake.received.filter((p) => p.service === service);
          if (found.length >= count) resolve(found);
          else waiters.push(check);
        };
        check();
      }),
    push: (raw) => signedIn.at(-1)?.emit('WebPacket', raw),
    send: (service, body) => signedIn.at(-1)?.emit('WebPacket', { service, body: JSON.stringify(body) }),
    close: async () => {
      await io.close();
    },
  };
  const reply = (socket: Socket, service: number, body: unknown) => socket.emit('WebPacket', { service, body: JSON.stringify(body) });
  io.on('connection', (socket) => {
    fake.sockets.push(socket);
    socket.on('WebPacket', (packet: { service: number; body: string }) => {
      const body = JSON.parse(packet.body) as Record<string, unknown>;
      fake.received.push({ socket, service: packet.service, body });
      for (const w of waiters.splice(0)) w();
      if (fake.silent.has(packet.service)) return;
      switch (packet.service) {
        case 29:
          if (fake.signIn === 'wrong-first-packet') return reply(socket, 162, { userId: 1 });
          return reply(socket, 29, { ip: '127.0.0.1', port: 1 });
        case 179: {
          const token = decryptToken(privateKey, String(body.token)) as { azStackUserID?: string; userCredentials?: string } | null;
          fake.tokens.push(token);
          const user = token?.azStackUserID ? USERS[token.azStackUserID] : undefined;
          if (fake.signIn === 'silent') return;
          if (fake.signIn === 'refuse' || !user || user.credentials !== token?.userCredentials) {
            socket.emit('WebPacket', { service: 162, body: 'not json' });
            socket.disconnect(true);
            return;
          }
          if (fake.signIn === 'unreadable') return reply(socket, 162, { userId: user.userId, username: token!.azStackUserID });
          signedIn.push(socket);
          return reply(socket, 162, { userId: user.userId, username: token!.azStackUserID, fullname: user.fullname, ice_server: [{ url: 'stun:stun.example.test:3478' }] });
        }
        case 72:
        case 45:
          if (fake.onSend === 'silent') return;
          return reply(socket, packet.service, { r: fake.onSend === 'ack' ? 1 : fake.onSend, msgId: body.msgId, ...(packet.service === 72 ? { from: body.to } : { group: body.group }) });
        case 169:
          return reply(socket, 169, { type: body.type, chatId: body.chatId, done: 1, page: body.page, list: fake.history });
        case 164:
          return reply(socket, 164, {
            r: 1,
            purpose: body.purpose,
            done: 1,
            userInfoList: (body.userIdList as number[]).flatMap((id) => {
              const entry = Object.entries(USERS).find(([, u]) => u.userId === id);
              return entry ? [{ userId: id, username: entry[0], fullname: entry[1].fullname, status: 1, lastVisitDate: 1_700_000_000_000 }] : [];
            }),
          });
        default:
          return;
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return fake;
}

/** RSA PKCS#1 v1.5 decryption by hand: c^d mod n, then the 00 02 PS 00 M padding off. Null when it is not a token. */
function decryptToken(privateKey: KeyObject, token: string): unknown {
  const jwk = privateKey.export({ format: 'jwk' });
  const big = (b64url: string | undefined) => BigInt(`0x${Buffer.from(b64url ?? '', 'base64url').toString('hex') || '0'}`);
  const n = big(jwk.n);
  const d = big(jwk.d);
  let c = BigInt(`0x${Buffer.from(token, 'base64').toString('hex') || '0'}`);
  let m = 1n;
  let e = d;
  c %= n;
  while (e > 0n) {
    if (e & 1n) m = (m * c) % n;
    c = (c * c) % n;
    e >>= 1n;
  }
  const k = Buffer.from(jwk.n ?? '', 'base64url').length;
  const block = Buffer.from(m.toString(16).padStart(k * 2, '0'), 'hex');
  if (block[0] !== 0 || block[1] !== 2) return null;
  const end = block.indexOf(0, 2);
  if (end < 10) return null;
  try {
    return JSON.parse(block.subarray(end + 1).toString('utf8'));
  } catch {
    return null;
  }
}
