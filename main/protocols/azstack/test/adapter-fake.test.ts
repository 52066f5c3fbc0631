// The AZStack adapter's sign-in, failure handling and reconnection against a FAKE AZStack
// server (fake-azstack-server.ts): the cases the real front cannot produce on demand.

import { afterEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../../contract/errors';
import type { AdapterEvent, AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { AzstackAdapter, TYPING_LAPSE_MS, type AzstackAdapterOptions } from '../adapter';
import { signInSteps } from '../connection';
import { azstackFactory } from '../factory';
import { MAX_BODY_CHARS } from '../wire';
import { startFakeAzstack, type FakeAzstack } from './fake-azstack-server';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Text that must never reach a log line. */
const SECRET = 'S3CRET-azstack-content';

async function fakeServer(): Promise<FakeAzstack> {
  const fake = await startFakeAzstack();
  cleanups.push(() => fake.close());
  return fake;
}

function session(fake: FakeAzstack, password = 'right'): AdapterSession {
  return {
    protocol: 'azstack',
    serverUrl: fake.url,
    userId: '1',
    username: 'alice',
    displayName: 'Alice A',
    secret: { version: 1, value: JSON.stringify({ appId: 'app', publicKey: fake.publicKey, username: 'alice', password }) },
  };
}

async function setUp(fake: FakeAzstack, opts: AzstackAdapterOptions & { password?: string } = {}) {
  const log = createMemoryLogger();
  const adapter = new AzstackAdapter(session(fake, opts.password), log, { retryDelayMs: 20, retryDelayMaxMs: 50, stepTimeoutMs: 2000, ...opts });
  cleanups.push(() => adapter.close());
  const events: AdapterEvent[] = [];
  const waiters: Array<() => void> = [];
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const next = (test: (e: AdapterEvent) => boolean, from = 0) =>
    new Promise<AdapterEvent>((resolve) => {
      const check = () => {
        const found = events.slice(from).find(test);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  adapter.connect();
  return { adapter, events, next, log };
}

const online = (e: AdapterEvent) => e.type === 'connection' && e.state === 'online';
const codeOf = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof ParleyError ? e.code : String(e)));

describe('AZStack sign-in', () => {
  it('does 29 on a master socket, then 179 on a new socket with the RSA token, and keeps what reconnecting needs', async () => {
    const fake = await fakeServer();
    const s = await azstackFactory.signIn({ protocol: 'azstack', serverUrl: fake.url, appId: 'app', publicKey: fake.publicKey, username: 'alice', password: 'right' });
    expect(s).toMatchObject({ protocol: 'azstack', userId: '1', username: 'alice', displayName: 'Alice A' });
    expect(JSON.parse(s.secret.value)).toEqual({ appId: 'app', publicKey: fake.publicKey, username: 'alice', password: 'right' });
    const [master] = await fake.receivedAtLeast(29, 1);
    const [signIn] = await fake.receivedAtLeast(179, 1);
    expect(master!.body).toEqual({ azStackUserId: 'alice' });
    expect(signIn!.socket).not.toBe(master!.socket);
    expect(signIn!.body).toMatchObject({ slaveIp: '127.0.0.1', slavePort: 1, appId: 'app', fullname: 'alice', namespace: '', sdkVersion: '2.2.4' });
    expect(fake.tokens).toEqual([{ sdkVersion: '2.2.4', namespace: '', azStackUserID: 'alice', userCredentials: 'right' }]);
    // A PEM key works as well as base64 SPKI.
    await expect(azstackFactory.signIn({ protocol: 'azstack', serverUrl: fake.url, appId: 'app', publicKey: fake.publicKeyPem, username: 'bob', password: 'right' })).resolves.toMatchObject({ userId: '2' });
  });

  it('says why a sign-in failed, in each form', async () => {
    const fake = await fakeServer();
    const creds = { appId: 'app', publicKey: fake.publicKey, username: 'alice', password: 'right' };
    const log = createMemoryLogger();
    expect(await codeOf(signInSteps(fake.url, { ...creds, password: 'wrong' }, log))).toBe('invalid-credentials');
    expect(await codeOf(signInSteps(fake.url, { ...creds, publicKey: 'AAAA'.repeat(20) }, log))).toBe('invalid-argument');
    fake.signIn = 'wrong-first-packet';
    expect(await codeOf(signInSteps(fake.url, creds, log))).toBe('server-error');
    fake.signIn = 'unreadable';
    expect(await codeOf(signInSteps(fake.url, creds, log))).toBe('server-error');
    fake.signIn = 'silent';
    expect(await codeOf(signInSteps(fake.url, creds, log, 300))).toBe('timeout');
    await fake.close();
    expect(await codeOf(signInSteps(fake.url, creds, log, 1000))).toBe('unreachable');
  });
});

describe('AZStack adapter against a fake server', () => {
  it('drops malformed packets (bad JSON, unknown service, wrong types, oversized), logs them without content, and keeps going', async () => {
    const fake = await fakeServer();
    const { adapter, events, next, log } = await setUp(fake);
    await next(online);
    const before = events.length;
    fake.push({ service: 73, body: `{"from": 2, "msgId": 5, "msg": "${SECRET}"` }); // bad JSON
    fake.push({ service: 73, body: { from: 2, msgId: 5, msg: SECRET } }); // a body that is not a string
    fake.push({ service: 9999, body: JSON.stringify({ msg: SECRET }) }); // unknown service
    fake.push({ service: 'x', body: '{}' }); // no service number
    fake.push(SECRET);
    fake.send(73, { from: 'two', msgId: 5, msg: SECRET }); // wrong types
    fake.send(73, { from: 2, msgId: 5, msg: 42 });
    fake.send(153, { type: 7, from: 2, msgId: 1 });
    fake.send(186, { callId: 1, mediaType: 2, from: 2, sdp: SECRET });
    fake.push({ service: 73, body: JSON.stringify({ from: 2, msgId: 6, msg: SECRET + 'x'.repeat(MAX_BODY_CHARS) }) }); // oversized
    // Still working: a real message after all that arrives, and a send is acked.
    fake.send(73, { from: 2, msgId: 7, time: 1_700_000_000_000, msg: 'fine' });
    const message = await next((e) => e.type === 'message', before);
    expect(message).toMatchObject({ message: { conversationId: 'u:2', id: '2:7', senderId: '2', text: 'fine', sentAt: 1_700_000_000_000 } });
    expect(events.slice(before).filter((e) => e.type === 'message' || e.type === 'receipt' || e.type === 'call-signal')).toHaveLength(1);
    expect(await adapter.sendMessage({ conversationId: 'u:2', text: 'after', nonce: 'n-00000001' })).toMatchObject({ text: 'after', senderId: '1' });
    expect(log.lines.some((l) => l.includes(SECRET))).toBe(false);
    expect(log.lines.filter((l) => l.includes('dropped')).length).toBeGreaterThanOrEqual(9);
    // Delivered went back for the one good message (the SDK's UI does this by itself).
    expect((await fake.receivedAtLeast(167, 1))[0]!.body).toEqual({ to: 2, msgId: 7 });
  });

  it('a send without an ack is "timeout" (outcome unknown), settled against history; a refusal is an error; offline is offline', async () => {
    const fake = await fakeServer();
    const { adapter, next } = await setUp(fake, { sendTimeoutMs: 300 });
    await next(online);
    fake.onSend = 'silent';
    const startedAt = Date.now();
    expect(await codeOf(adapter.sendMessage({ conversationId: 'u:2', text: 'lost?', nonce: 'n-00000002' }))).toBe('timeout');
    const [sent] = (await fake.receivedAtLeast(72, 1)).slice(-1);
    fake.history = [
      { senderId: 1, receiverId: 2, msgId: sent!.body.msgId, status: 1, deleted: 0, created: Date.now(), serviceType: 5, msg: 'lost?' },
      { senderId: 2, receiverId: 1, msgId: 3, status: 1, deleted: 0, created: Date.now(), serviceType: 5, msg: 'lost?' },
    ];
    const found = await adapter.findSentMessage({ conversationId: 'u:2', text: 'lost?', notBefore: startedAt, exclude: [] });
    // It carries the attempt's nonce, so the renderer merges it into the row it shows.
    expect(found).toMatchObject({ id: `1:${String(sent!.body.msgId)}`, senderId: '1', text: 'lost?', nonce: 'n-00000002' });
    expect(await adapter.findSentMessage({ conversationId: 'u:2', text: 'lost?', notBefore: startedAt, exclude: [found!.id!] })).toBeNull();
    fake.onSend = -1;
    expect(await codeOf(adapter.sendMessage({ conversationId: 'u:2', text: 'refused', nonce: 'n-00000003' }))).toBe('server-error');
    adapter.close();
    expect(await codeOf(adapter.sendMessage({ conversationId: 'u:2', text: 'never sent', nonce: 'n-00000004' }))).toBe('offline');
  });

  it('msgIds grow from the clock, are never reused, and the reserved block is kept in the secret', async () => {
    const fake = await fakeServer();
    const { adapter, events, next } = await setUp(fake);
    await next(online);
    await adapter.sendMessage({ conversationId: 'u:2', text: 'one', nonce: 'n-00000005' });
    await adapter.sendMessage({ conversationId: 'u:2', text: 'two', nonce: 'n-00000006' });
    const ids = (await fake.receivedAtLeast(72, 2)).map((p) => p.body.msgId as number);
    expect(ids[1]).toBe(ids[0]! + 1);
    expect(Math.abs(ids[0]! - Date.now() / 1000)).toBeLessThan(60);
    const renewed = events.find((e) => e.type === 'session-renewed');
    const reserved = JSON.parse((renewed as Extract<AdapterEvent, { type: 'session-renewed' }>).secret.value).reserved as number;
    expect(reserved).toBeGreaterThan(ids[1]!);
    // A restart (a new adapter from the stored secret) starts after the reserved block.
    const again = new AzstackAdapter({ ...session(fake), secret: { version: 1, value: JSON.stringify({ appId: 'app', publicKey: fake.publicKey, username: 'alice', password: 'right', reserved }) } }, createMemoryLogger());
    cleanups.push(() => again.close());
    const up = new Promise<void>((resolve) => again.onEvent((e) => online(e) && resolve()));
    again.connect();
    await up;
    await again.sendMessage({ conversationId: 'u:2', text: 'three', nonce: 'n-00000007' });
    expect((await fake.receivedAtLeast(72, 3))[2]!.body.msgId).toBe(reserved);
  });

  it('reconnects by redoing both steps after the server drops the connection; a refused sign-in ends the session', async () => {
    const fake = await fakeServer();
    const { next, events } = await setUp(fake);
    await next(online);
    const lastSocket = fake.received.filter((p) => p.service === 179).at(-1)!.socket;
    lastSocket.disconnect(true);
    await next((e) => e.type === 'connection' && e.state === 'offline');
    await next(online, events.findIndex((e) => e.type === 'connection' && e.state === 'offline'));
    expect(fake.received.filter((p) => p.service === 29)).toHaveLength(2);
    expect(fake.received.filter((p) => p.service === 179)).toHaveLength(2);
    // The credentials stop working: the next attempt is refused, and the adapter stops trying.
    fake.signIn = 'refuse';
    fake.received.filter((p) => p.service === 179).at(-1)!.socket.disconnect(true);
    expect(await next((e) => e.type === 'session-ended')).toEqual({ type: 'session-ended', reason: 'expired' });
  });

  it('a probe the server does not answer (checkConnection) replaces the session', async () => {
    const fake = await fakeServer();
    const { adapter, next, events } = await setUp(fake, { probeTimeoutMs: 200 });
    await next(online);
    fake.silent.add(164);
    adapter.checkConnection();
    const offline = await next((e) => e.type === 'connection' && e.state === 'offline');
    expect(offline).toMatchObject({ detail: 'The connection to AZStack stopped answering' });
    fake.silent.clear();
    await next(online, events.indexOf(offline));
    expect(fake.received.filter((p) => p.service === 179)).toHaveLength(2);
  });

  it('typing from the other side lapses by itself (expiresAt); mine repeats while I type', async () => {
    const fake = await fakeServer();
    const { adapter, events, next } = await setUp(fake);
    await next(online);
    const now = Date.now();
    fake.send(142, { from: 2 });
    const typing = await next((e) => e.type === 'typing');
    expect(typing).toMatchObject({ typing: { conversationId: 'u:2', userId: '2', typing: true } });
    const expiresAt = (typing as Extract<AdapterEvent, { type: 'typing' }>).typing.expiresAt!;
    expect(expiresAt).toBeGreaterThanOrEqual(now + TYPING_LAPSE_MS - 50);
    adapter.setTyping({ conversationId: 'u:2', typing: true });
    expect((await fake.receivedAtLeast(142, 1))[0]!.body).toEqual({ to: 2 });
    adapter.setTyping({ conversationId: 'u:2', typing: false });
    expect(events.some((e) => e.type === 'typing' && e.typing.typing === false && e.typing.userId === '1')).toBe(false);
  });

  it('carries delivered and seen back per message, and a recall as removal', async () => {
    const fake = await fakeServer();
    const { events, next } = await setUp(fake);
    await next(online);
    const from = events.length;
    fake.send(167, { from: 2, msgId: 11 });
    fake.send(153, { type: 1, from: 2, senderId: 1, msgId: 11 });
    fake.send(127, { from: 2, to: 1, id: 9 });
    await next((e) => e.type === 'message-removed', from);
    expect(events.slice(from).filter((e) => e.type === 'receipt' || e.type === 'message-removed')).toEqual([
      { type: 'receipt', receipt: { conversationId: 'u:2', userId: '2', kind: 'delivered', messageIds: ['1:11'] } },
      { type: 'receipt', receipt: { conversationId: 'u:2', userId: '2', kind: 'read', upToMessageId: '1:11' } },
      { type: 'message-removed', conversationId: 'u:2', messageId: '2:9' },
    ]);
  });
});
