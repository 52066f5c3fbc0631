// The adapter's call signalling against fakeNetaloServer: what each push becomes, what each
// request sends, and pushes a broken or hostile server might send (logged by issue path and
// dropped, never thrown, never logged by content). The well-behaved flow runs against the
// reference server in calls-server.test.ts.

import { afterEach, describe, expect, it } from 'vitest';
import type { CallSignal } from '../../../../contract/domain';
import type { AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { NetaloAdapter } from '../adapter';
import { mapGroup, mapMessage } from '../mapping';
import { fakeNetaloServer, type FakeNetaloServer } from './fake-netalo-server';
import { nextEvent, nextState, record } from './helpers';

// All above 2^53, as real Netalo call IDs are.
const ME = '1152921504606846977';
const PEER = '1152921504606846978';
const CAROL = '1152921504606846979';
const GROUP = '1152921504606847000';
const CALL = '289533106833113088';
const SECRET = 'SECRET-SDP-CONTENT';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function sessionFor(serverUrl: string): AdapterSession {
  return { protocol: 'netalo', serverUrl, userId: ME, username: 'me', displayName: 'Me', secret: { version: 1, value: 'f'.repeat(64) } };
}

async function setup() {
  const fake = await fakeNetaloServer({ result: 0, uin: ME });
  const log = createMemoryLogger();
  const adapter = new NetaloAdapter(sessionFor(fake.url), log);
  cleanups.push(() => fake.close(), () => adapter.close());
  const isOnline = nextState(adapter, 'online');
  adapter.connect();
  const socket = await fake.nextSocket();
  await isOnline;
  return { fake, log, adapter, socket };
}

const wireCall = (extra: Record<string, unknown> = {}) => ({
  call_id: CALL,
  group_id: GROUP,
  media_type: 2,
  call_status: 1,
  caller_uin: PEER,
  callee_uins: [ME],
  joined_uins: [PEER],
  group_name: '',
  sender_name: 'Bob',
  started_at: 1_700_000_000_000,
  accepted_at: 0,
  stopped_at: 0,
  ...extra,
});

const signals = (events: ReturnType<typeof record>): CallSignal[] =>
  events.flatMap((e) => (e.type === 'call-signal' ? [e.signal] : []));

/** Pushes `event`, then a sentinel event 3 whose arrival proves everything before it was handled. */
async function pushThenSentinel(fx: Awaited<ReturnType<typeof setup>>, pushes: Array<[string, unknown]>): Promise<void> {
  const sentinel = nextEvent(fx.adapter, 'call-signal', (e) => e.signal.kind === 'received' && e.signal.callId === '1');
  for (const [event, payload] of pushes) fx.socket.emit(event, payload);
  fx.socket.emit('event', { type: 3, call_id: '1', group_id: GROUP, sender_uin: PEER, receiver_uin: ME });
  await sentinel;
}

describe('call pushes → call-signal events', () => {
  it('maps start_call, answer_call, stop_call, ice_sdp, ice_candidate and events 1, 3–6, IDs exact', async () => {
    const fx = await setup();
    const events = record(fx.adapter);
    // The call's IDs as bare JSON numbers above 2^53, written straight into the packet.
    const raw = JSON.stringify({ call: wireCall() }).replace(`"call_id":"${CALL}"`, `"call_id":${CALL}`);
    expect(raw).toContain(`"call_id":${CALL},`);
    fx.fake.pushRaw(fx.socket, `["start_call",${raw}]`);
    await pushThenSentinel(fx, [
      ['answer_call', { call_id: CALL, group_id: GROUP, uin: CAROL, callee_uin: CAROL, answer: 2, reason: 'busy', call: wireCall() }],
      ['answer_call', { call_id: CALL, group_id: GROUP, callee_uin: CAROL, answer: 1 }],
      ['answer_call', { call_id: CALL, group_id: GROUP, uin: CAROL, answer: 3 }],
      ['stop_call', { call_id: CALL, group_id: GROUP, uin: CAROL, call_status: 1, reason: 'failed' }],
      // Real clients leave group_id out of the media pushes: the call's own group is remembered.
      ['ice_sdp', { call_id: CALL, sender_uin: PEER, receiver_uin: ME, type: 1, sdp: 'v=0 offer' }],
      ['ice_candidate', { call_id: CALL, group_id: GROUP, sender_uin: PEER, receiver_uin: ME, candidate: 'candidate:1 1 udp', sdp_mid: '0', sdp_mline_index: 0 }],
      ['event', { type: 3, call_id: CALL, group_id: GROUP, sender_uin: PEER, receiver_uin: ME }],
      ['event', { type: 4, call_id: CALL, group_id: GROUP, sender_uin: PEER, receiver_uin: ME, data: '' }],
      ['event', { type: 5, call_id: CALL, group_id: GROUP, sender_uin: PEER, receiver_uin: ME, data: '{"audio_muted":true,"video_on":false}' }],
      ['event', { type: 6, call_id: CALL, group_id: GROUP, sender_uin: PEER, receiver_uin: ME }], // no data: the camera only
      ['event', { type: 2, call_id: CALL, group_id: GROUP, sender_uin: PEER }], // reset: nothing Parley uses
      ['event', { type: 7, call_id: CALL, group_id: GROUP, sender_uin: PEER }], // availability: ignored
      ['event', { type: 1, call_id: CALL, group_id: GROUP, sender_uin: PEER, receiver_uin: ME }],
      ['stop_call', { call_id: CALL, group_id: GROUP, uin: PEER, call_status: 3, call: wireCall({ call_status: 3 }) }],
    ]);
    const base = { callId: CALL, conversationId: GROUP };
    expect(signals(events).slice(0, -1)).toEqual([
      { kind: 'invite', ...base, callerId: PEER, calleeIds: [ME], media: 'video', group: false, startedAt: 1_700_000_000_000, joinedIds: [PEER], callerOffers: true },
      { kind: 'answer', ...base, fromUserId: CAROL, answer: 'busy' },
      { kind: 'answer', ...base, fromUserId: CAROL, answer: 'accept' },
      { kind: 'answer', ...base, fromUserId: CAROL, answer: 'timeout' },
      { kind: 'left', ...base, fromUserId: CAROL, reason: 'failed' },
      { kind: 'media', ...base, fromUserId: PEER, signal: { type: 'offer', sdp: 'v=0 offer' } },
      { kind: 'media', ...base, fromUserId: PEER, signal: { type: 'candidate', candidate: 'candidate:1 1 udp', sdpMid: '0', sdpMLineIndex: 0 } },
      { kind: 'received', ...base, fromUserId: PEER },
      { kind: 'video-request', ...base, fromUserId: PEER },
      { kind: 'media-state', ...base, fromUserId: PEER, videoOn: false, audioMuted: true },
      { kind: 'media-state', ...base, fromUserId: PEER, videoOn: true },
      { kind: 'cancel', ...base, fromUserId: PEER },
      { kind: 'left', ...base, fromUserId: PEER, ended: 'finished' },
    ]);
  });

  it('drops malformed call pushes with a warning (never their content), never throws, and keeps going', async () => {
    const fx = await setup();
    const events = record(fx.adapter);
    await pushThenSentinel(fx, [
      ['start_call', { call: wireCall({ call_id: true, sender_name: SECRET }) }], // bad ID
      ['start_call', { call: wireCall({ media_type: 9, sender_name: SECRET }) }], // unknown media
      ['start_call', { call: wireCall({ call_status: 3 }) }], // already over: not an invitation
      ['start_call', `{not json ${SECRET}`],
      ['start_call', null],
      ['answer_call', { call_id: CALL, group_id: GROUP, answer: 1 }], // nobody answering
      ['answer_call', { call_id: CALL, group_id: GROUP, uin: PEER, answer: 7 }], // unknown answer
      ['stop_call', { call_id: CALL, group_id: GROUP }], // nobody, nothing ended
      ['stop_call', { call_id: -1, group_id: GROUP, uin: PEER }],
      ['ice_sdp', { call_id: CALL, group_id: GROUP, sender_uin: PEER, type: 3, sdp: SECRET }], // unknown type
      ['ice_sdp', { call_id: CALL, group_id: GROUP, sender_uin: PEER, type: 1, sdp: SECRET.repeat(5000) }], // > 64 KiB
      ['ice_sdp', { call_id: '42', sender_uin: PEER, type: 1, sdp: SECRET }], // a call of unknown conversation
      ['ice_candidate', { call_id: CALL, group_id: GROUP, sender_uin: PEER, candidate: { x: SECRET }, sdp_mid: '0', sdp_mline_index: 0 }],
      ['event', { type: 1, group_id: GROUP, sender_uin: PEER }], // a call event without its call
      ['event', { type: 3, call_id: CALL, group_id: GROUP }], // without its sender
      ['event', { type: 5, call_id: CALL, group_id: GROUP, sender_uin: ME }], // my own, echoed
      ['event', { type: 'x' }],
    ]);
    // Only the sentinel got through.
    expect(signals(events)).toEqual([{ kind: 'received', callId: '1', conversationId: GROUP, fromUserId: PEER }]);
    const warned = fx.log.lines.filter((l) => l.includes(' WARN '));
    expect(warned.length).toBeGreaterThanOrEqual(14);
    expect(fx.log.lines.join('\n')).not.toContain(SECRET);

    // Unreadable data on event 5 / 6 costs only the microphone: the camera state still arrives.
    const state = nextEvent(fx.adapter, 'call-signal', (e) => e.signal.kind === 'media-state');
    fx.socket.emit('event', { type: 6, call_id: CALL, group_id: GROUP, sender_uin: PEER, data: `{garbage ${SECRET}` });
    expect((await state).signal).toEqual({ kind: 'media-state', callId: CALL, conversationId: GROUP, fromUserId: PEER, videoOn: true });
    expect(fx.log.lines.join('\n')).not.toContain(SECRET);
  });

  it('typing still works beside call events (types 8 / 9 untouched)', async () => {
    const fx = await setup();
    const typing = nextEvent(fx.adapter, 'typing');
    fx.socket.emit('event', { type: 8, sender_uin: PEER, receiver_uin: '', group_id: GROUP, call_id: 'not-an-id', data: 5 });
    expect((await typing).typing).toMatchObject({ conversationId: GROUP, userId: PEER, typing: true });
  });
});

describe('call requests', () => {
  async function withGroup(fake: FakeNetaloServer, adapter: NetaloAdapter, occupants: string[], type = 1) {
    fake.onRequest('list_group', () => ({ result: 0, groups: [{ group_id: GROUP, type, name: '', occupants_uins: occupants, created_at: 1_700_000_000 }] }));
    await adapter.listConversations({ limit: 20 });
  }

  it('create_call rings the conversation: caller me, callees the other members; busy (result 8) is an answer, not an error', async () => {
    const { fake, adapter } = await setup();
    await withGroup(fake, adapter, [ME, PEER]);
    fake.onRequest('create_call', () => ({ result: 0, call: wireCall({ caller_uin: ME, callee_uins: [PEER], joined_uins: [ME] }) }));
    const started = await adapter.startCall({ conversationId: GROUP, media: 'video' });
    expect(fake.requests.find((r) => r.event === 'create_call')?.payload).toMatchObject({
      group_id: GROUP,
      caller_uin: ME,
      callee_uins: [PEER],
      media_type: 2,
      sender_name: 'Me',
    });
    // 1:1: the caller offers while it rings (Call.callerOffers), one relay sooner than the callee's offer.
    expect(started).toEqual({ callId: CALL, calleeIds: [PEER], group: false, startedAt: 1_700_000_000_000, callerId: ME, joinedIds: [], callerOffers: true });

    fake.onRequest('create_call', () => ({ result: 8, reason: 'busy', call: wireCall({ caller_uin: ME, call_status: 3 }) }));
    expect(await adapter.startCall({ conversationId: GROUP, media: 'audio' })).toEqual({ busy: true, callId: CALL });
    expect(fake.requests.filter((r) => r.event === 'create_call').at(-1)?.payload).toMatchObject({ media_type: 1 });
    fake.onRequest('create_call', () => ({ result: 4, reason: 'not a member' }));
    await expect(adapter.startCall({ conversationId: GROUP, media: 'audio' })).rejects.toMatchObject({ code: 'forbidden', message: 'not a member' });
  });

  it('a group conversation makes a group call', async () => {
    const { fake, adapter } = await setup();
    await withGroup(fake, adapter, [ME, PEER, CAROL], 2);
    fake.onRequest('create_call', () => ({ result: 0, call: wireCall({ caller_uin: ME, callee_uins: [PEER, CAROL] }) }));
    const started = await adapter.startCall({ conversationId: GROUP, media: 'audio' });
    expect(started).toMatchObject({ group: true, calleeIds: [PEER, CAROL] });
    // A group call: whoever joins later offers to those already in it.
    expect('callerOffers' in started).toBe(false);
  });

  it('answer_call names me both ways; busy is a reject with reason busy; the ack says who is in the call', async () => {
    const { fake, adapter } = await setup();
    fake.onRequest('answer_call', () => ({ result: 0, call: wireCall({ joined_uins: [PEER, ME, CAROL] }) }));
    expect(await adapter.answerCall({ callId: CALL, conversationId: GROUP, answer: 'accept' })).toEqual({ joinedIds: [PEER, CAROL] });
    await adapter.answerCall({ callId: CALL, conversationId: GROUP, answer: 'busy' });
    await adapter.answerCall({ callId: CALL, conversationId: GROUP, answer: 'timeout' });
    expect(fake.requests.filter((r) => r.event === 'answer_call').map((r) => r.payload)).toEqual([
      { call_id: CALL, group_id: GROUP, uin: ME, callee_uin: ME, answer: 1 },
      { call_id: CALL, group_id: GROUP, uin: ME, callee_uin: ME, answer: 2, reason: 'busy' },
      { call_id: CALL, group_id: GROUP, uin: ME, callee_uin: ME, answer: 3 },
    ]);
  });

  it('stop_call with its reason; call_status mapped; IDs that are not Netalo IDs never reach the wire', async () => {
    const { fake, adapter } = await setup();
    fake.onRequest('stop_call', () => ({ result: 0 }));
    await adapter.stopCall({ callId: CALL, conversationId: GROUP, reason: 'signed-out' });
    expect(fake.requests.find((r) => r.event === 'stop_call')?.payload).toEqual({ call_id: CALL, group_id: GROUP, uin: ME, reason: 'signed-out' });
    for (const [status, name] of [
      [1, 'ongoing'],
      [2, 'timeout'],
      [3, 'finished'],
    ] as const) {
      fake.onRequest('call_status', () => ({ result: 0, call_id: CALL, group_id: GROUP, call_status: status }));
      expect(await adapter.callStatus({ callId: CALL, conversationId: GROUP })).toBe(name);
    }
    await expect(adapter.stopCall({ callId: '12ab', conversationId: GROUP })).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('ice_sdp / ice_candidate to one participant; events 5 / 6 carry the microphone as JSON data, one per receiver', async () => {
    const { fake, adapter } = await setup();
    for (const e of ['ice_sdp', 'ice_candidate', 'event']) fake.onRequest(e, () => ({ result: 0 }));
    await adapter.sendCallMedia({ callId: CALL, conversationId: GROUP, toUserId: PEER, signal: { type: 'answer', sdp: 'v=0' } });
    await adapter.sendCallMedia({ callId: CALL, conversationId: GROUP, toUserId: PEER, signal: { type: 'candidate', candidate: 'c', sdpMid: null, sdpMLineIndex: 1 } });
    await adapter.sendCallEvent({ callId: CALL, conversationId: GROUP, toUserIds: [PEER, CAROL], event: { type: 'media-state', audioMuted: true, videoOn: false } });
    await adapter.sendCallEvent({ callId: CALL, conversationId: GROUP, toUserIds: [PEER], event: { type: 'cancel' } });
    const base = { call_id: CALL, group_id: GROUP, sender_uin: ME };
    expect(fake.requests.filter((r) => r.event !== 'list_group').map((r) => [r.event, r.payload])).toEqual([
      ['ice_sdp', { ...base, receiver_uin: PEER, type: 2, sdp: 'v=0' }],
      ['ice_candidate', { ...base, receiver_uin: PEER, candidate: 'c', sdp_mid: null, sdp_mline_index: 1 }],
      ['event', { type: 5, ...base, receiver_uin: PEER, data: '{"audio_muted":true,"video_on":false}' }],
      ['event', { type: 5, ...base, receiver_uin: CAROL, data: '{"audio_muted":true,"video_on":false}' }],
      ['event', { type: 1, ...base, receiver_uin: PEER }],
    ]);
  });

  it('says it can call', async () => {
    const { adapter } = await setup();
    expect(adapter.capabilities.calls).toBe(true);
  });
});

describe('call lines (message type 11)', () => {
  const line = (attachments: string | null, message = 'Missed video call') => ({
    message_id: '273644758776201233',
    group_id: GROUP,
    type: 11,
    message,
    sender_uin: PEER,
    created_at: 1_700_000_000_123_456,
    attachments,
  });

  it('become kind call with their record, in the list preview too', () => {
    const m = mapMessage(line(JSON.stringify({ call: { call_id: CALL, media_type: 2, outcome: 'missed', caller_uin: PEER } })));
    expect(m).toEqual({
      conversationId: GROUP,
      id: '273644758776201233',
      senderId: PEER,
      kind: 'call',
      call: { callId: CALL, media: 'video', outcome: 'missed', callerId: PEER },
      text: 'Missed video call',
      sentAt: 1_700_000_000_123,
      status: 'sent',
    });
    const preview = mapGroup(
      { group_id: GROUP, type: 1, occupants_uins: [ME, PEER], created_at: 1_700_000_000, last_message: line(JSON.stringify({ call: { call_id: CALL, media_type: 2, outcome: 'busy', caller_uin: PEER } })) },
      ME,
      () => 'Bob',
    ).lastMessage;
    expect(preview).toMatchObject({ text: 'Missed video call', call: { callId: CALL, media: 'video', outcome: 'busy', callerId: PEER } });
    const ended = mapMessage(line(`{"call":{"call_id":${CALL},"media_type":1,"outcome":"ended","caller_uin":${PEER},"duration_ms":125000}}`, 'Audio call, 2:05'));
    expect(ended.call).toEqual({ callId: CALL, media: 'audio', outcome: 'ended', callerId: PEER, durationMs: 125_000 });
  });

  it('an unreadable one still shows, in the server’s words', () => {
    for (const bad of [null, 'not json', '{"call":{"outcome":"exploded"}}', '{"call":{"call_id":"1","media_type":7,"outcome":"missed","caller_uin":"2"}}']) {
      const m = mapMessage(line(bad));
      expect(m, String(bad)).toMatchObject({ kind: 'system', text: 'Missed video call', system: { action: 'other', actorId: PEER } });
      expect(m.call).toBeUndefined();
    }
  });
});
