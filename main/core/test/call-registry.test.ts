// The call registry against FakeCallAdapter (a fake at the adapter seam, see
// fake-call-adapter.ts): commands, signals, busy on this machine, timers, windows, sign-out
// and quit, group calls that run on without me.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Call, CallSignal } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { EventName, EventPayload } from '../../../contract/events';
import { CallRegistry, MAIN_RING_MS, ONGOING_CHECK_MS, type CallAccount } from '../calls/call-registry';
import { createMemoryLogger } from '../logger';
import { FakeCallAdapter } from './fake-call-adapter';

const ME = '18446744073709551557';
const BOB = '9007199254740993';
const CAROL = '9007199254740995';
const DAVE = '9007199254740997';
const CONV = '77';
const CALL = '900000000000000001';

afterEach(() => {
  vi.useRealTimers();
});

/** A signal as a test writes it: this call in this conversation unless it says otherwise. */
type SignalFromServer = CallSignal extends infer S
  ? S extends CallSignal
    ? Omit<S, 'callId' | 'conversationId'> & { callId?: string; conversationId?: string }
    : never
  : never;

function setup(opts: { accounts?: string[] } = {}) {
  const accounts = new Map<string, CallAccount & { adapter: FakeCallAdapter }>();
  for (const id of opts.accounts ?? ['a']) accounts.set(id, { id, userId: ME, adapter: new FakeCallAdapter() });
  const events: Array<{ name: EventName; payload: unknown }> = [];
  const log = createMemoryLogger();
  const registry = new CallRegistry({
    account: (id) => accounts.get(id),
    emit: (name, payload) => events.push({ name, payload }),
    log,
    now: () => 5_000,
  });
  const named = <E extends EventName>(name: E) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>);
  const updates = () => named('call.updated').map((p) => p.call);
  const last = () => updates().at(-1)!;
  const commands = registry.commands();
  const adapter = (id = 'a') => accounts.get(id)!.adapter;
  const signal = (s: SignalFromServer, account = 'a') =>
    registry.onSignal(account, { callId: CALL, conversationId: CONV, ...s } as CallSignal);
  const invite = (extra: Partial<Extract<CallSignal, { kind: 'invite' }>> = {}, account = 'a') =>
    registry.onSignal(account, { kind: 'invite', callId: CALL, conversationId: CONV, callerId: BOB, calleeIds: [ME], media: 'video', group: false, startedAt: 1, ...extra });
  return { registry, commands, events, named, updates, last, adapter, signal, invite, accounts, log };
}

async function startCall(ctx: ReturnType<typeof setup>, windowId = 'w1'): Promise<Call> {
  return ctx.commands['calls.start']({ accountId: 'a', conversationId: CONV, media: 'video' }, { windowId });
}

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof ParleyError ? e.code : String(e);
  }
  return 'resolved';
};

describe('placing a call', () => {
  it('calling → ringing → in-call → ended by the other side, each change told whole, then forgotten', async () => {
    const ctx = setup();
    const call = await startCall(ctx);
    expect(call).toMatchObject({ callId: CALL, phase: 'calling', direction: 'outgoing', callerId: ME, participants: [{ userId: '2', state: 'invited' }] });
    expect(ctx.adapter().made('startCall')).toEqual([{ op: 'startCall', conversationId: CONV, media: 'video' }]);
    ctx.signal({ kind: 'received', fromUserId: '2' });
    expect(ctx.last().phase).toBe('ringing');
    ctx.signal({ kind: 'answer', fromUserId: '2', answer: 'accept' });
    expect(ctx.last()).toMatchObject({ phase: 'in-call', joinedAt: 5_000 });
    ctx.signal({ kind: 'left', fromUserId: '2', reason: 'quit' });
    expect(ctx.last()).toMatchObject({ phase: 'ended', endReason: 'remote-hung-up' });
    expect(ctx.updates().map((c) => c.phase)).toEqual(['calling', 'ringing', 'in-call', 'ended']);
    expect(await ctx.commands['calls.list']({})).toEqual([]);
  });

  it('a signal that overtakes the answer to create_call is kept for the call and replayed', async () => {
    const ctx = setup();
    ctx.adapter().onStart = () => {
      ctx.signal({ kind: 'received', fromUserId: '2' });
      return { callId: CALL, calleeIds: ['2'], group: false, startedAt: 1 };
    };
    await startCall(ctx);
    expect(ctx.updates().map((c) => c.phase)).toEqual(['calling', 'ringing']);
  });

  it("the server's busy answer ends the call at once as busy, and main keeps nothing", async () => {
    const ctx = setup();
    ctx.adapter().onStart = () => ({ busy: true, callId: CALL });
    const call = await startCall(ctx);
    expect(call).toMatchObject({ callId: CALL, phase: 'ended', endReason: 'busy' });
    expect(ctx.updates()).toEqual([call]);
    expect(await ctx.commands['calls.list']({})).toEqual([]);
  });

  it('a call already running in the conversation is joined (answer accept)', async () => {
    const ctx = setup();
    ctx.adapter().onStart = () => ({ callId: CALL, calleeIds: [ME, CAROL], group: true, startedAt: 1, callerId: BOB, joinedIds: [BOB] });
    ctx.adapter().onAnswer = () => ({ joinedIds: [BOB, CAROL] });
    const call = await startCall(ctx);
    expect(call).toMatchObject({ phase: 'in-call', direction: 'incoming', callerId: BOB, group: true });
    expect(call.participants.map((p) => [p.userId, p.state])).toEqual([
      [BOB, 'joined'],
      [CAROL, 'joined'],
    ]);
    expect(ctx.adapter().made('answerCall')).toMatchObject([{ callId: CALL, answer: 'accept' }]);
    expect(ctx.updates().map((c) => c.phase)).toEqual(['in-call']);
  });

  it('is refused while this machine is in a call, and where the protocol has no calls', async () => {
    const ctx = setup({ accounts: ['a', 'b'] });
    await startCall(ctx);
    expect(await code(ctx.commands['calls.start']({ accountId: 'b', conversationId: CONV, media: 'audio' }))).toBe('conflict');
    ctx.accounts.set('c', { id: 'c', userId: ME, adapter: new FakeCallAdapter(false) });
    ctx.adapter('a').onStart = () => ({ callId: 'x', calleeIds: [], group: false, startedAt: 1 });
    expect(await code(ctx.commands['calls.start']({ accountId: 'c', conversationId: CONV, media: 'audio' }))).toBe('unsupported');
    expect(await code(ctx.commands['calls.start']({ accountId: 'nobody', conversationId: CONV, media: 'audio' }))).toBe('not-signed-in');
  });
});

describe('a call coming in', () => {
  it('rings (incoming, the caller told it rings), is accepted with whoever is in it, and ended by the caller', async () => {
    const ctx = setup();
    ctx.invite();
    expect(ctx.last()).toMatchObject({ phase: 'incoming', direction: 'incoming', callerId: BOB, participants: [{ userId: BOB, state: 'joined' }] });
    await vi.waitFor(() => expect(ctx.adapter().made('sendCallEvent')).toMatchObject([{ toUserIds: [BOB], event: { type: 'received' } }]));
    ctx.adapter().onAnswer = () => ({ joinedIds: [BOB, ME] });
    const call = await ctx.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: true, media: 'audio' }, { windowId: 'w1' });
    expect(call).toMatchObject({ phase: 'in-call', local: { videoOn: false } });
    expect(call.participants.map((p) => p.userId)).toEqual([BOB]);
    ctx.signal({ kind: 'left', fromUserId: BOB, ended: 'finished' });
    expect(ctx.last()).toMatchObject({ phase: 'ended', endReason: 'remote-hung-up' });
  });

  it('declined: answer reject, ended declined, forgotten', async () => {
    const ctx = setup();
    ctx.invite();
    const call = await ctx.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: false });
    expect(call).toMatchObject({ phase: 'ended', endReason: 'declined' });
    expect(ctx.adapter().made('answerCall')).toMatchObject([{ answer: 'reject' }]);
    expect(await ctx.commands['calls.list']({})).toEqual([]);
  });

  it('the caller cancels (event 1, or stop_call before an answer): cancelled', () => {
    const ctx = setup();
    ctx.invite();
    ctx.signal({ kind: 'cancel', fromUserId: BOB });
    expect(ctx.last()).toMatchObject({ phase: 'ended', endReason: 'cancelled' });
    ctx.invite({ callId: '5' });
    ctx.signal({ kind: 'left', callId: '5', fromUserId: BOB, ended: 'finished' });
    expect(ctx.last()).toMatchObject({ callId: '5', endReason: 'cancelled' });
  });

  it('answered on my other device: answered-elsewhere; timed out for me by the server: no-answer', () => {
    const ctx = setup();
    ctx.invite();
    ctx.signal({ kind: 'answer', fromUserId: ME, answer: 'accept' });
    expect(ctx.last()).toMatchObject({ endReason: 'answered-elsewhere' });
    ctx.invite({ callId: '6' });
    ctx.signal({ kind: 'answer', callId: '6', fromUserId: ME, answer: 'timeout' });
    expect(ctx.last()).toMatchObject({ callId: '6', endReason: 'no-answer' });
  });

  it('busy on this machine: a call for any account while in a call is answered busy, and no window hears of it', async () => {
    const ctx = setup({ accounts: ['a', 'b'] });
    await startCall(ctx);
    const before = ctx.updates().length;
    ctx.invite({ callId: '7' }, 'b');
    await vi.waitFor(() => expect(ctx.adapter('b').made('answerCall')).toEqual([{ op: 'answerCall', callId: '7', conversationId: CONV, answer: 'busy' }]));
    expect(ctx.updates().length).toBe(before);
    expect((await ctx.commands['calls.list']({})).map((c) => c.callId)).toEqual([CALL]);
  });

  it('a refused accept ends the call with the reason (full); an offline one fails and leaves it ringing', async () => {
    const ctx = setup();
    ctx.invite({ group: true, calleeIds: [ME, CAROL] });
    ctx.adapter().onAnswer = () => {
      throw new ParleyError('offline', 'Not connected');
    };
    expect(await code(ctx.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: true }))).toBe('offline');
    expect(ctx.last().phase).toBe('incoming');
    ctx.adapter().onAnswer = () => {
      throw new ParleyError('forbidden', 'the call is full');
    };
    const call = await ctx.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: true });
    expect(call).toMatchObject({ phase: 'ended', endReason: 'full' });
  });

  it('requestAnswer (a notification button) asks the windows to answer a ringing call, and nothing else', () => {
    const ctx = setup();
    ctx.registry.requestAnswer('a', CALL, 'audio');
    ctx.invite();
    ctx.registry.requestAnswer('a', CALL, 'video');
    expect(ctx.named('call.answerRequested')).toEqual([{ accountId: 'a', callId: CALL, media: 'video' }]);
  });
});

describe('hanging up', () => {
  it('cancelling a call that rings: event 1 to the rung, then stop_call', async () => {
    const ctx = setup();
    await startCall(ctx);
    await ctx.commands['calls.hangup']({ accountId: 'a', callId: CALL });
    expect(ctx.last()).toMatchObject({ phase: 'ended', endReason: 'hung-up' });
    expect(ctx.adapter().requests.slice(1)).toEqual([
      { op: 'sendCallEvent', callId: CALL, conversationId: CONV, toUserIds: ['2'], event: { type: 'cancel' } },
      { op: 'stopCall', callId: CALL, conversationId: CONV, reason: 'hung-up' },
    ]);
  });

  it("in a call: stop_call with the window's reason (failed: the media connection failed)", async () => {
    const ctx = setup();
    await startCall(ctx);
    ctx.signal({ kind: 'answer', fromUserId: '2', answer: 'accept' });
    await ctx.commands['calls.hangup']({ accountId: 'a', callId: CALL, reason: 'failed' });
    expect(ctx.last()).toMatchObject({ endReason: 'failed' });
    expect(ctx.adapter().made('stopCall')).toEqual([{ op: 'stopCall', callId: CALL, conversationId: CONV, reason: 'failed' }]);
    expect(await code(ctx.commands['calls.hangup']({ accountId: 'a', callId: CALL }))).toBe('not-found');
  });

  it('ringing here: a hang-up declines', async () => {
    const ctx = setup();
    ctx.invite();
    await ctx.commands['calls.hangup']({ accountId: 'a', callId: CALL });
    expect(ctx.last()).toMatchObject({ endReason: 'declined' });
    expect(ctx.adapter().made('answerCall')).toMatchObject([{ answer: 'reject' }]);
  });

  it('the window holding the call goes: hung up with reason quit; another window going changes nothing', async () => {
    const ctx = setup();
    await startCall(ctx, 'w1');
    ctx.signal({ kind: 'answer', fromUserId: '2', answer: 'accept' });
    ctx.registry.windowClosed('w2');
    expect(ctx.last().phase).toBe('in-call');
    ctx.registry.windowClosed('w1');
    expect(ctx.last()).toMatchObject({ phase: 'ended', endReason: 'quit' });
    await vi.waitFor(() => expect(ctx.adapter().made('stopCall')).toMatchObject([{ reason: 'quit' }]));
  });

  it('the window that accepted holds the call too', async () => {
    const ctx = setup();
    ctx.invite();
    await ctx.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: true }, { windowId: 'tab-2' });
    ctx.registry.windowClosed('tab-2');
    expect(ctx.last()).toMatchObject({ endReason: 'quit' });
  });

  it("signing out hangs the account's calls up (signed-out); quitting hangs every call up (quit)", async () => {
    const ctx = setup({ accounts: ['a', 'b'] });
    await startCall(ctx);
    ctx.invite({ callId: '8' }, 'b'); // answered busy: this machine is placing a call
    await ctx.registry.accountGone('a');
    expect(ctx.last()).toMatchObject({ callId: CALL, endReason: 'signed-out' });
    expect(ctx.adapter('a').made('stopCall')).toMatchObject([{ reason: 'signed-out' }]);
    ctx.invite({ callId: '9' }, 'b');
    expect(ctx.last()).toMatchObject({ callId: '9', phase: 'incoming' });
    await ctx.registry.stop();
    expect(ctx.last()).toMatchObject({ callId: '9', endReason: 'quit' });
    expect(ctx.adapter('b').made('answerCall').at(-1)).toMatchObject({ callId: '9', answer: 'reject' });
    expect(ctx.registry.list()).toEqual([]);
  });
});

describe("main's own timers", () => {
  it(`a placed call nobody answers ends no-answer after ${MAIN_RING_MS} ms and is stopped on the server`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const ctx = setup();
    await startCall(ctx);
    await vi.advanceTimersByTimeAsync(MAIN_RING_MS - 1);
    expect(ctx.last().phase).toBe('calling');
    await vi.advanceTimersByTimeAsync(1);
    expect(ctx.last()).toMatchObject({ phase: 'ended', endReason: 'no-answer' });
    expect(ctx.adapter().made('stopCall')).toHaveLength(1);
  });

  it('a call ringing here rings out too (answer timeout); an answered one does not', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const ctx = setup();
    ctx.invite();
    ctx.invite({ callId: '10' });
    await ctx.commands['calls.answer']({ accountId: 'a', callId: '10', accept: true });
    await vi.advanceTimersByTimeAsync(MAIN_RING_MS);
    expect(ctx.updates().filter((c) => c.phase === 'ended').map((c) => [c.callId, c.endReason])).toEqual([[CALL, 'no-answer']]);
    expect(ctx.adapter().made('answerCall')).toMatchObject([{ callId: '10', answer: 'accept' }, { callId: CALL, answer: 'timeout' }]);
  });
});

describe('group calls that run on without me', () => {
  function declinedGroup() {
    const ctx = setup();
    ctx.invite({ group: true, calleeIds: [ME, CAROL, DAVE], joinedIds: [BOB, CAROL], media: 'audio' });
    return ctx;
  }

  it('declined while others talk: ended for me but ongoing (Join); joining late puts me in the call', async () => {
    const ctx = declinedGroup();
    await ctx.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: false });
    expect(ctx.last()).toMatchObject({ phase: 'ended', endReason: 'declined', ongoing: true });
    expect((await ctx.commands['calls.list']({})).map((c) => c.callId)).toEqual([CALL]);
    ctx.signal({ kind: 'answer', fromUserId: DAVE, answer: 'accept' });
    expect(ctx.last().participants.find((p) => p.userId === DAVE)?.state).toBe('joined');
    ctx.adapter().onAnswer = () => ({ joinedIds: [BOB, CAROL, DAVE] });
    const joined = await ctx.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: true, media: 'video' }, { windowId: 'w9' });
    expect(joined).toMatchObject({ phase: 'in-call', local: { videoOn: true } });
    expect(joined.ongoing).toBeUndefined();
  });

  it('forgotten once the server says it is over: its stop_call, its call line, or call_status', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const byPush = declinedGroup();
    await byPush.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: false });
    byPush.signal({ kind: 'left', fromUserId: CAROL, ended: 'finished' });
    expect(byPush.last()).toMatchObject({ phase: 'ended', ongoing: false });
    expect(byPush.registry.list()).toEqual([]);

    const byLine = declinedGroup();
    await byLine.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: false });
    byLine.registry.onEvents([
      {
        name: 'message.upserted',
        payload: { message: { accountId: 'a', conversationId: CONV, id: '1', senderId: BOB, kind: 'call', text: 'Audio call', sentAt: 1, status: 'sent', call: { callId: CALL, media: 'audio', outcome: 'ended', callerId: BOB } } },
      },
    ]);
    expect(byLine.last()).toMatchObject({ ongoing: false });
    expect(byLine.registry.list()).toEqual([]);

    const byStatus = declinedGroup();
    await byStatus.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: false });
    await vi.advanceTimersByTimeAsync(ONGOING_CHECK_MS);
    expect(byStatus.registry.list()).toHaveLength(1); // still ongoing
    byStatus.adapter().status = 'finished';
    await vi.advanceTimersByTimeAsync(ONGOING_CHECK_MS);
    expect(byStatus.last()).toMatchObject({ ongoing: false });
    expect(byStatus.registry.list()).toEqual([]);
  });

  it('leaving a call two others are still in keeps it on offer; hanging up an offered call forgets it', async () => {
    const ctx = setup();
    ctx.adapter().onStart = () => ({ callId: CALL, calleeIds: [BOB, CAROL], group: true, startedAt: 1 });
    await startCall(ctx);
    ctx.signal({ kind: 'answer', fromUserId: BOB, answer: 'accept' });
    ctx.signal({ kind: 'answer', fromUserId: CAROL, answer: 'accept' });
    await ctx.commands['calls.hangup']({ accountId: 'a', callId: CALL });
    expect(ctx.last()).toMatchObject({ phase: 'ended', endReason: 'hung-up', ongoing: true });
    await ctx.commands['calls.hangup']({ accountId: 'a', callId: CALL });
    expect(ctx.last()).toMatchObject({ ongoing: false });
    expect(ctx.registry.list()).toEqual([]);
  });
});

describe('media', () => {
  async function inCall() {
    const ctx = setup();
    await startCall(ctx);
    ctx.signal({ kind: 'answer', fromUserId: '2', answer: 'accept' });
    return ctx;
  }

  it('caller offers first (callerOffers): the call says so, and the offer that rang me waits for my accept', async () => {
    const ctx = setup();
    const iceServers = [{ urls: ['turn:turn.example.test:3478'], username: 'u', credential: 'p' }];
    ctx.invite({ callerOffers: true, iceServers });
    expect(ctx.last()).toMatchObject({ phase: 'incoming', callerOffers: true, iceServers });
    const offer = { type: 'offer' as const, sdp: 'v=0 caller' };
    const candidate = { type: 'candidate' as const, candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 };
    ctx.signal({ kind: 'media', fromUserId: BOB, signal: offer });
    ctx.signal({ kind: 'media', fromUserId: BOB, signal: candidate });
    // No window holds the call yet: nothing goes out before the accept...
    expect(ctx.named('call.signal')).toEqual([]);
    let answered!: () => void;
    ctx.adapter().onAnswer = () => new Promise((resolve) => (answered = () => resolve({ joinedIds: [BOB] })));
    const accepting = ctx.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: true, media: 'video' }, { windowId: 'w1' });
    // ...then both, in order, with the accept: the window answers while the server hears it.
    await vi.waitFor(() => expect(ctx.adapter().made('answerCall')).toHaveLength(1));
    expect(ctx.named('call.signal')).toEqual([
      { accountId: 'a', callId: CALL, fromUserId: BOB, signal: offer },
      { accountId: 'a', callId: CALL, fromUserId: BOB, signal: candidate },
    ]);
    // A candidate while the accept is on its way goes straight on, not held for the answer.
    ctx.signal({ kind: 'media', fromUserId: BOB, signal: candidate });
    expect(ctx.named('call.signal')).toHaveLength(3);
    answered();
    await accepting;
    expect(ctx.last()).toMatchObject({ phase: 'in-call' });
    ctx.signal({ kind: 'media', fromUserId: BOB, signal: candidate });
    expect(ctx.named('call.signal')).toHaveLength(4);
  });

  it('callerOffers: an accept that fails on the way (offline) holds again what comes after it', async () => {
    const ctx = setup();
    ctx.invite({ callerOffers: true });
    const candidate = { type: 'candidate' as const, candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 };
    ctx.adapter().onAnswer = () => Promise.reject(new ParleyError('offline', 'not connected'));
    await expect(ctx.commands['calls.answer']({ accountId: 'a', callId: CALL, accept: true, media: 'video' }, { windowId: 'w1' })).rejects.toThrow();
    expect(ctx.last()).toMatchObject({ phase: 'incoming' });
    ctx.signal({ kind: 'media', fromUserId: BOB, signal: candidate });
    expect(ctx.named('call.signal')).toEqual([]);
  });

  it('a placed call is callerOffers when the adapter says so; a Netalo-style one is not', async () => {
    const ctx = setup();
    ctx.adapter().onStart = () => ({ callId: CALL, calleeIds: ['2'], group: false, startedAt: 1, callerOffers: true });
    expect(await startCall(ctx)).toMatchObject({ callerOffers: true });
    const plain = setup();
    expect((await startCall(plain)).callerOffers).toBeUndefined();
  });

  it("the other side's offer / answer / candidates go to the windows; the window's go to the adapter", async () => {
    const ctx = await inCall();
    ctx.signal({ kind: 'media', fromUserId: '2', signal: { type: 'offer', sdp: 'v=0' } });
    expect(ctx.named('call.signal')).toEqual([{ accountId: 'a', callId: CALL, fromUserId: '2', signal: { type: 'offer', sdp: 'v=0' } }]);
    const candidate = { type: 'candidate' as const, candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 };
    await ctx.commands['calls.signal']({ accountId: 'a', callId: CALL, toUserId: '2', signal: candidate });
    expect(ctx.adapter().made('sendCallMedia')).toEqual([{ op: 'sendCallMedia', callId: CALL, conversationId: CONV, toUserId: '2', signal: candidate }]);
    // Media for a call main does not know, or one over, goes nowhere.
    ctx.signal({ kind: 'media', callId: '404', fromUserId: '2', signal: { type: 'answer', sdp: 'x' } });
    await ctx.commands['calls.hangup']({ accountId: 'a', callId: CALL });
    expect(ctx.named('call.signal')).toHaveLength(1);
    expect(await code(ctx.commands['calls.signal']({ accountId: 'a', callId: CALL, toUserId: '2', signal: candidate }))).toBe('not-found');
  });

  it('my microphone and camera are told to everyone in the call (events 5 / 6), and kept on the call', async () => {
    const ctx = await inCall();
    await ctx.commands['calls.setMedia']({ accountId: 'a', callId: CALL, audioMuted: true });
    expect(ctx.last().local).toEqual({ audioMuted: true, videoOn: true });
    expect(ctx.adapter().made('sendCallEvent').at(-1)).toMatchObject({ toUserIds: ['2'], event: { type: 'media-state', audioMuted: true, videoOn: true } });
  });

  it('whoever joins the call with me hears my microphone and camera: everyone when I join, each newcomer after', async () => {
    const ctx = setup();
    ctx.adapter().onStart = () => ({ callId: CALL, calleeIds: [BOB, CAROL], group: true, startedAt: 1 });
    await startCall(ctx);
    // While it rings, my camera changes are kept, not sent.
    await ctx.commands['calls.setMedia']({ accountId: 'a', callId: CALL, videoOn: false });
    expect(ctx.adapter().made('sendCallEvent').filter((e) => e.event.type === 'media-state')).toEqual([]);
    ctx.signal({ kind: 'answer', fromUserId: BOB, answer: 'accept' });
    ctx.signal({ kind: 'answer', fromUserId: CAROL, answer: 'accept' });
    await vi.waitFor(() =>
      expect(ctx.adapter().made('sendCallEvent').filter((e) => e.event.type === 'media-state').map((e) => [e.toUserIds, e.event])).toEqual([
        [[BOB], { type: 'media-state', audioMuted: false, videoOn: false }],
        [[CAROL], { type: 'media-state', audioMuted: false, videoOn: false }],
      ]),
    );
  });

  it("the others' media state and requests for video show on the call", async () => {
    const ctx = await inCall();
    ctx.signal({ kind: 'media-state', fromUserId: '2', audioMuted: true, videoOn: false });
    expect(ctx.last().participants[0]).toMatchObject({ audioMuted: true, videoOn: false });
    ctx.signal({ kind: 'video-request', fromUserId: '2' });
    expect(ctx.last().videoRequestFrom).toBe('2');
    await ctx.commands['calls.requestVideo']({ accountId: 'a', callId: CALL });
    expect(ctx.adapter().made('sendCallEvent').at(-1)).toMatchObject({ toUserIds: ['2'], event: { type: 'video-request' } });
  });

  it('video is asked for only in a call', async () => {
    const ctx = setup();
    await startCall(ctx);
    expect(await code(ctx.commands['calls.requestVideo']({ accountId: 'a', callId: CALL }))).toBe('invalid-argument');
  });
});

describe('reconnecting', () => {
  it("an account back online has its calls checked: one the server ended while we were away ends here", async () => {
    const ctx = setup();
    await startCall(ctx);
    ctx.signal({ kind: 'answer', fromUserId: '2', answer: 'accept' });
    ctx.adapter().status = 'finished';
    ctx.registry.onEvents([{ name: 'connection.changed', payload: { accountId: 'a', state: 'online' } }]);
    await vi.waitFor(() => expect(ctx.last()).toMatchObject({ phase: 'ended', endReason: 'remote-hung-up' }));
  });
});
