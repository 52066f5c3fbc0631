// AZStack 1:1 call signalling against the FAKE AZStack server (fake-azstack-server.ts), packet by
// packet: the caller offers first (186 leaves with the first offer, candidates before it wait),
// the callee's ring / answer / refusals as 188 statuses, and incoming 186 / 187 / 188 as signals.

import { afterEach, describe, expect, it } from 'vitest';
import type { CallSignal } from '../../../../contract/domain';
import type { AdapterEvent, AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { AzstackAdapter } from '../adapter';
import { startFakeAzstack, type FakeAzstack } from './fake-azstack-server';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp() {
  const fake: FakeAzstack = await startFakeAzstack();
  cleanups.push(() => fake.close());
  const session: AdapterSession = {
    protocol: 'azstack',
    serverUrl: fake.url,
    userId: '1',
    username: 'alice',
    displayName: 'Alice A',
    secret: { version: 1, value: JSON.stringify({ appId: 'app', publicKey: fake.publicKey, username: 'alice', password: 'right' }) },
  };
  const adapter = new AzstackAdapter(session, createMemoryLogger());
  cleanups.push(() => adapter.close());
  const signals: CallSignal[] = [];
  const waiters: Array<() => void> = [];
  let online!: () => void;
  const up = new Promise<void>((resolve) => (online = resolve));
  adapter.onEvent((e: AdapterEvent) => {
    if (e.type === 'connection' && e.state === 'online') online();
    if (e.type === 'call-signal') signals.push(e.signal);
    for (const w of waiters.splice(0)) w();
  });
  const signalCount = (n: number) =>
    new Promise<CallSignal[]>((resolve) => {
      const check = () => (signals.length >= n ? resolve(signals.slice(0, n)) : waiters.push(check));
      check();
    });
  adapter.connect();
  await up;
  return { fake, adapter, signals, signalCount };
}

const candidate = { type: 'candidate' as const, candidate: 'candidate:1 1 udp 2122 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 };

describe('AZStack calls', () => {
  it('the caller: nothing leaves until the offer, which goes as the 186 ring; candidates follow as 187; 188 statuses become signals', async () => {
    const { fake, adapter, signalCount } = await setUp();
    const started = await adapter.startCall({ conversationId: 'u:2', media: 'video' });
    expect(started).toMatchObject({ calleeIds: ['2'], group: false, callerOffers: true, iceServers: [{ urls: ['stun:stun.example.test:3478'] }] });
    const callId = Number(started.busy ? NaN : started.callId);
    await adapter.sendCallMedia({ callId: String(callId), conversationId: 'u:2', toUserId: '2', signal: candidate });
    await adapter.sendCallMedia({ callId: String(callId), conversationId: 'u:2', toUserId: '2', signal: { type: 'offer', sdp: 'v=0 offer' } });
    const [ring] = await fake.receivedAtLeast(186, 1);
    expect(ring!.body).toEqual({ callId, mediaType: 2, to: 2, sdp: { type: 'offer', sdp: 'v=0 offer' } });
    const [ice] = await fake.receivedAtLeast(187, 1);
    expect(ice!.body).toEqual({ callId, to: 2, type: 2, data: { sdpMid: '0', sdpMLineIndex: 0, sdp: candidate.candidate } });
    // The 186 went before the candidate that was produced before it.
    expect(fake.received.findIndex((p) => p.service === 186)).toBeLessThan(fake.received.findIndex((p) => p.service === 187));

    fake.send(188, { callId, from: 2, to: 1, status: 180 });
    fake.send(188, { callId, from: 2, to: 1, status: 200 });
    fake.send(187, { callId, from: 2, to: 1, type: 1, data: { type: 'answer', sdp: 'v=0 answer' } });
    fake.send(187, { callId, from: 2, to: 1, type: 2, data: { sdpMid: '0', sdpMLineIndex: 0, sdp: 'candidate:2' } });
    fake.send(188, { callId: callId + 1, from: 2, to: 1, status: 700 }); // another call: ignored
    fake.send(188, { callId, from: 3, to: 1, status: 700 }); // someone outside the call: ignored
    fake.send(188, { callId, from: 2, to: 1, status: 700 });
    const base = { callId: String(callId), conversationId: 'u:2', fromUserId: '2' };
    expect(await signalCount(5)).toEqual([
      { kind: 'received', ...base },
      { kind: 'answer', ...base, answer: 'accept' },
      { kind: 'media', ...base, signal: { type: 'answer', sdp: 'v=0 answer' } },
      { kind: 'media', ...base, signal: { type: 'candidate', candidate: 'candidate:2', sdpMid: '0', sdpMLineIndex: 0 } },
      { kind: 'left', ...base, reason: 'hung-up' },
    ]);
  });

  it('the callee: 186 is an invite with the caller\'s offer; ringing, answer, refusals and hang-up go out as 188', async () => {
    const { fake, adapter, signalCount } = await setUp();
    fake.send(186, { callId: 777, mediaType: 1, from: 2, to: 1, sdp: { type: 'offer', sdp: 'v=0 offer' } });
    fake.send(187, { callId: 777, from: 2, to: 1, type: 2, data: { sdpMid: '0', sdpMLineIndex: 0, sdp: 'candidate:9' } });
    const [invite, offer, ice] = await signalCount(3);
    expect(invite).toMatchObject({ kind: 'invite', callId: '777', conversationId: 'u:2', callerId: '2', calleeIds: ['1'], media: 'audio', group: false, callerOffers: true });
    expect(offer).toEqual({ kind: 'media', callId: '777', conversationId: 'u:2', fromUserId: '2', signal: { type: 'offer', sdp: 'v=0 offer' } });
    expect(ice).toMatchObject({ kind: 'media', signal: { type: 'candidate', candidate: 'candidate:9' } });
    await adapter.sendCallEvent({ callId: '777', conversationId: 'u:2', toUserIds: ['2'], event: { type: 'received' } });
    await adapter.answerCall({ callId: '777', conversationId: 'u:2', answer: 'accept' });
    await adapter.sendCallMedia({ callId: '777', conversationId: 'u:2', toUserId: '2', signal: { type: 'answer', sdp: 'v=0 answer' } });
    await adapter.stopCall({ callId: '777', conversationId: 'u:2' });
    const statuses = await fake.receivedAtLeast(188, 3);
    expect(statuses.map((p) => p.body)).toEqual([
      { callId: 777, to: 2, status: 180 },
      { callId: 777, to: 2, status: 200 },
      { callId: 777, to: 2, status: 700 },
    ]);
    expect((await fake.receivedAtLeast(187, 1))[0]!.body).toEqual({ callId: 777, to: 2, type: 1, data: { type: 'answer', sdp: 'v=0 answer' } });
    // No packet asks for video: refused rather than silently lost.
    await expect(adapter.sendCallEvent({ callId: '777', conversationId: 'u:2', toUserIds: ['2'], event: { type: 'video-request' } })).rejects.toMatchObject({ code: 'invalid-argument' });
    // Busy, reject and no answer: 600, 603, 400.
    for (const [callId, answer] of [[801, 'busy'], [802, 'reject'], [803, 'timeout']] as const) {
      fake.send(186, { callId, mediaType: 2, from: 2, sdp: { type: 'offer', sdp: 'v=0' } });
      await signalCount(3 + 2 * (callId - 800));
      await adapter.answerCall({ callId: String(callId), conversationId: 'u:2', answer });
    }
    expect((await fake.receivedAtLeast(188, 6)).slice(3).map((p) => p.body.status)).toEqual([600, 603, 400]);
  });
});
