// Test support for the AZStack front: a real server (in-process, real SQLite in a temp
// directory) with the AZStack front and the demo app, and a client that talks to it the
// way the official SDK does: socket.io-client 2.x over websocket, one `WebPacket` event
// with a JSON-text body, the token encrypted like jsencrypt (PKCS#1 v1.5, one block).
// Everything awaits a packet; a packet that does not come fails after a short wait.

import { constants, publicEncrypt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ioV2 from 'socket.io-client-v2';
import { createMemoryLogger } from '../../main/core/logger';
import { DEMO_APP_ID, demoKeyFiles } from '../azstack/apps';
import { startServer, type RunningServer, type StartServerOptions } from '../start-server';

export interface AzTestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  publicKey: string;
  logLines: string[];
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function startAzServer(opts: Partial<StartServerOptions> = {}): Promise<AzTestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-azstack-'));
  const log = createMemoryLogger();
  const server = await startServer({ port: 0, host: '127.0.0.1', azstackPort: 0, demo: true, ...opts, dataDir, log });
  const url = server.frontUrls.azstack as string;
  const publicKey = readFileSync(demoKeyFiles(dataDir).publicKeyFile, 'utf8').trim();
  const clients: AzClient[] = [];
  openClients.set(url, clients);
  return {
    server,
    url,
    dataDir,
    publicKey,
    logLines: log.lines,
    async stop(stopOpts = {}) {
      for (const c of clients) c.close();
      await server.close();
      if (!stopOpts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const openClients = new Map<string, AzClient[]>();

/** The sign-in token as jsencrypt makes it; `short` forces a k-1 byte block (leading zero dropped). */
export function encryptToken(publicKey: string, content: unknown, opts: { short?: boolean } = {}): string {
  const key = { key: Buffer.from(publicKey, 'base64'), format: 'der' as const, type: 'spki' as const, padding: constants.RSA_PKCS1_PADDING };
  const plain = Buffer.from(JSON.stringify(content));
  for (let i = 0; i < 20_000; i++) {
    const block = publicEncrypt(key, plain);
    if (!opts.short) return block.toString('base64');
    if (block[0] === 0) return block.subarray(1).toString('base64');
  }
  throw new Error('no short block in 20000 tries');
}

export interface Received {
  service: number;
  /** The body as sent (a string on the wire). */
  raw: unknown;
  body: unknown;
}

export type Body = Record<string, unknown>;

export class AzClient {
  readonly received: Received[] = [];
  /** Every packet this client got, in order, never consumed. */
  readonly all: Received[] = [];
  private readonly waiters = new Set<() => void>();
  private disconnected = false;
  private readonly socket: ReturnType<typeof ioV2>;

  constructor(url: string) {
    this.socket = ioV2(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    this.socket.on('WebPacket', (p) => {
      const packet = p as { service: number; body: unknown };
      let body: unknown = undefined;
      try {
        body = JSON.parse(packet.body as string);
      } catch {
        // a non-JSON body (a failed sign-in) stays undefined; `raw` has it
      }
      const item = { service: packet.service, raw: packet.body, body };
      this.received.push(item);
      this.all.push(item);
      for (const w of [...this.waiters]) w();
    });
    this.socket.on('disconnect', () => {
      this.disconnected = true;
      for (const w of [...this.waiters]) w();
    });
    openClients.get(url)?.push(this);
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (e) => reject(e as Error));
    });
  }

  send(service: number, body: unknown): void {
    this.socket.emit('WebPacket', { service, body: typeof body === 'string' ? body : JSON.stringify(body) });
  }

  /** Sends anything at all as the event's payload (malformed-packet tests). */
  sendRaw(payload: unknown): void {
    this.socket.emit('WebPacket', payload);
  }

  /** The first packet not yet taken with this service (and matching `match`), waiting for it. */
  next<T = Body>(service: number, match: (body: T) => boolean = () => true, ms = 3000): Promise<T> {
    return this.nextPacket(service, (r) => match(r.body as T), ms).then((r) => r.body as T);
  }

  nextPacket(service: number, match: (r: Received) => boolean = () => true, ms = 3000): Promise<Received> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.received.findIndex((r) => r.service === service && match(r));
        if (i < 0) return false;
        const [found] = this.received.splice(i, 1);
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found as Received);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no packet ${service} within ${ms} ms (got ${this.received.map((r) => r.service).join(',') || 'nothing'})`));
      }, ms);
      if (!check()) this.waiters.add(check);
    });
  }

  /** Resolves once the server closed this socket. */
  closedByServer(ms = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.disconnected) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => reject(new Error('the socket stayed open')), ms);
      this.waiters.add(check);
      check();
    });
  }

  /** Packets of these services still not taken (to assert that nothing else came). */
  pending(...services: number[]): Received[] {
    return this.received.filter((r) => services.length === 0 || services.includes(r.service));
  }

  close(): void {
    this.socket.close();
  }
}

export interface SignedIn {
  client: AzClient;
  userId: number;
  reply: Body;
}

/** The SDK's sign-in: 29 on a master socket (then closed), then 179 on a new one → 162. */
export async function signIn(
  az: AzTestServer,
  username: string,
  password: string,
  opts: { short?: boolean; appId?: string; tokenContent?: unknown } = {},
): Promise<SignedIn> {
  const master = new AzClient(az.url);
  await master.connected();
  master.send(29, { azStackUserId: username });
  const address = await master.next<{ ip: string; port: number }>(29);
  master.close();

  const client = new AzClient(az.url);
  await client.connected();
  const content = opts.tokenContent ?? { sdkVersion: '2.2.4', namespace: '', azStackUserID: username, userCredentials: password };
  client.send(179, {
    slaveIp: address.ip,
    slavePort: address.port,
    token: encryptToken(az.publicKey, content, opts.short ? { short: true } : {}),
    fullname: username,
    namespace: '',
    appId: opts.appId ?? DEMO_APP_ID,
    sdkVersion: '2.2.4',
    screenSize: '1280x800',
  });
  const reply = await client.next(162);
  return { client, userId: reply.userId as number, reply };
}

/** A msgId like the SDK's: unix seconds at start-up, then +1. */
let counter = Math.floor(Date.now() / 1000);
export function msgId(): number {
  counter += 1;
  return counter;
}
