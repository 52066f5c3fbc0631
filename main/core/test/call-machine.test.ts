// The call state machine, transition by transition: every input in every phase it is allowed
// in, and every phase it is refused in (a refusal changes nothing).

import { describe, expect, it } from 'vitest';
import type { Call, CallPhase } from '../../../contract/domain';
import { busyCall, incomingCall, isActive, outgoingCall, transition, type CallInput } from '../calls/call-machine';

const ME = '18446744073709551557';
const BOB = '9007199254740993';
const CAROL = '9007199254740995';
const DAVE = '9007199254740997';
const T0 = 1_000;
const NOW = 5_000;

/** Deeply frozen: a transition that mutated its input would throw. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

const base = { accountId: 'acc', conversationId: '77', me: ME, startedAt: T0 };
const outgoing1 = () => frozen(outgoingCall({ ...base, callId: 'c1', group: false, media: 'video', calleeIds: [BOB] }));
const outgoingGroup = () => frozen(outgoingCall({ ...base, callId: 'g1', group: true, media: 'audio', calleeIds: [BOB, CAROL, ME] }));
const incoming1 = () => frozen(incomingCall({ ...base, callId: 'c2', group: false, media: 'video', callerId: BOB, calleeIds: [ME] }));
const incomingGroup = (joinedIds: string[] = []) =>
  frozen(incomingCall({ ...base, callId: 'g2', group: true, media: 'audio', callerId: BOB, calleeIds: [ME, CAROL, DAVE], joinedIds }));

/** Applies inputs one after another; each must be accepted. */
function run(call: Call, ...inputs: CallInput[]): Call {
  let current = call;
  for (const input of inputs) {
    const result = transition(current, input, NOW);
    if (!result.ok) throw new Error(`refused: ${result.refused}`);
    current = frozen(result.call);
  }
  return current;
}

function refused(call: Call, input: CallInput): void {
  const result = transition(call, input, NOW);
  expect(result.ok, `${input.type} in ${call.phase}${call.ongoing ? ' (ongoing)' : ''} should be refused`).toBe(false);
}

const ringing1 = () => run(outgoing1(), { type: 'received', userId: BOB });
const inCall1 = () => run(ringing1(), { type: 'accepted', userId: BOB });
const ended1 = () => run(inCall1(), { type: 'hang-up', reason: 'hung-up' });
/** A group call I left while two others talk on: ended for me, still running. */
const ongoingGroup = () => run(incomingGroup([CAROL]), { type: 'decline' });

const state = (call: Call, userId: string) => call.participants.find((p) => p.userId === userId)?.state;

describe('creating calls', () => {
  it('an outgoing call starts calling, every callee but me invited, my camera on for video', () => {
    const g = outgoingGroup();
    expect(g).toMatchObject({ phase: 'calling', direction: 'outgoing', callerId: ME, group: true, local: { audioMuted: false, videoOn: false } });
    expect(g.participants.map((p) => [p.userId, p.state])).toEqual([
      [BOB, 'invited'],
      [CAROL, 'invited'],
    ]);
    expect(outgoing1().local.videoOn).toBe(true);
    // Until they say otherwise, the others send what the call was placed as.
    expect(outgoing1().participants[0]).toMatchObject({ audioMuted: false, videoOn: true });
    expect(g.participants[0]).toMatchObject({ audioMuted: false, videoOn: false });
  });

  it('an incoming call starts incoming, the caller (and anyone already in) joined, the other callees invited', () => {
    const g = incomingGroup([DAVE]);
    expect(g).toMatchObject({ phase: 'incoming', direction: 'incoming', callerId: BOB });
    expect(g.participants.map((p) => [p.userId, p.state])).toEqual([
      [BOB, 'joined'],
      [CAROL, 'invited'],
      [DAVE, 'joined'],
    ]);
  });

  it('a busy answer is a call over before it began', () => {
    const b = busyCall({ accountId: 'acc', callId: 'b', conversationId: '77', group: false, me: ME, media: 'audio', calleeIds: [BOB], now: NOW });
    expect(b).toMatchObject({ phase: 'ended', endReason: 'busy', endedAt: NOW });
    expect(b.ongoing).toBeUndefined();
  });

  it('only calling, ringing and in-call make this machine busy', () => {
    const phases: Array<[Call, boolean]> = [
      [outgoing1(), true],
      [ringing1(), true],
      [inCall1(), true],
      [incoming1(), false],
      [ended1(), false],
    ];
    for (const [call, active] of phases) expect(isActive(call), call.phase).toBe(active);
  });
});

describe('received (a callee rings)', () => {
  it('calling → ringing; ringing stays ringing, unchanged', () => {
    expect(ringing1().phase).toBe('ringing');
    const r = ringing1();
    const again = transition(r, { type: 'received', userId: BOB }, NOW);
    expect(again).toEqual({ ok: true, call: r });
  });
  it('is refused when incoming, in a call or ended', () => {
    for (const c of [incoming1(), inCall1(), ended1()]) refused(c, { type: 'received', userId: BOB });
  });
});

describe('accepted (a participant joined)', () => {
  it('calling or ringing → in-call, from now', () => {
    for (const start of [outgoing1(), ringing1()]) {
      const c = run(start, { type: 'accepted', userId: BOB });
      expect(c).toMatchObject({ phase: 'in-call', joinedAt: NOW });
      expect(state(c, BOB)).toBe('joined');
    }
  });
  it('in a group call: someone else joins (a late joiner is added); I stay where I am', () => {
    const inCall = run(outgoingGroup(), { type: 'accepted', userId: BOB }, { type: 'accepted', userId: DAVE });
    expect(inCall.phase).toBe('in-call');
    expect(state(inCall, DAVE)).toBe('joined');
    const stillRinging = run(incomingGroup(), { type: 'accepted', userId: CAROL });
    expect(stillRinging.phase).toBe('incoming');
    expect(state(stillRinging, CAROL)).toBe('joined');
    const running = run(ongoingGroup(), { type: 'accepted', userId: DAVE });
    expect(running).toMatchObject({ phase: 'ended', ongoing: true });
    expect(state(running, DAVE)).toBe('joined');
  });
  it('is refused once the call is over', () => {
    refused(ended1(), { type: 'accepted', userId: BOB });
  });
});

describe('declined and missed (a callee said no, or rang out)', () => {
  it('1:1: declined ends the placed call declined; busy ends it busy; missed ends it no-answer', () => {
    expect(run(ringing1(), { type: 'declined', userId: BOB })).toMatchObject({ phase: 'ended', endReason: 'declined', endedAt: NOW });
    expect(run(outgoing1(), { type: 'declined', userId: BOB, busy: true })).toMatchObject({ phase: 'ended', endReason: 'busy' });
    expect(run(ringing1(), { type: 'missed', userId: BOB })).toMatchObject({ phase: 'ended', endReason: 'no-answer' });
  });
  it('group: the call rings on until every callee has answered; all declined → declined, else no-answer', () => {
    const one = run(outgoingGroup(), { type: 'declined', userId: BOB });
    expect(one.phase).toBe('calling');
    expect(state(one, BOB)).toBe('declined');
    expect(run(one, { type: 'declined', userId: CAROL })).toMatchObject({ phase: 'ended', endReason: 'declined' });
    expect(run(one, { type: 'missed', userId: CAROL })).toMatchObject({ phase: 'ended', endReason: 'no-answer' });
    // A group call is never busy: a busy callee is one who declined.
    expect(run(one, { type: 'declined', userId: CAROL, busy: true })).toMatchObject({ endReason: 'declined' });
  });
  it('in a call, or while my own call rings: only the participant changes', () => {
    const talking = run(outgoingGroup(), { type: 'accepted', userId: BOB }, { type: 'declined', userId: CAROL });
    expect(talking.phase).toBe('in-call');
    expect(state(talking, CAROL)).toBe('declined');
    const ringingHere = run(incomingGroup(), { type: 'missed', userId: CAROL });
    expect(ringingHere.phase).toBe('incoming');
    expect(state(ringingHere, CAROL)).toBe('missed');
  });
  it('are refused from someone not in the call, and once it is over', () => {
    refused(ringing1(), { type: 'declined', userId: DAVE });
    refused(ringing1(), { type: 'missed', userId: DAVE });
    refused(ended1(), { type: 'declined', userId: BOB });
    refused(ended1(), { type: 'missed', userId: BOB });
  });
});

describe('left (a participant left; the server keeps the call)', () => {
  it('1:1 in a call: the other side hung up, or failed', () => {
    expect(run(inCall1(), { type: 'left', userId: BOB })).toMatchObject({ phase: 'ended', endReason: 'remote-hung-up' });
    expect(run(inCall1(), { type: 'left', userId: BOB, reason: 'quit' })).toMatchObject({ endReason: 'remote-hung-up' });
    expect(run(inCall1(), { type: 'left', userId: BOB, reason: 'signed-out' })).toMatchObject({ endReason: 'remote-hung-up' });
    expect(run(inCall1(), { type: 'left', userId: BOB, reason: 'failed' })).toMatchObject({ endReason: 'failed' });
  });
  it('1:1 before an answer: the caller left → cancelled for me; the callee left → declined for the caller', () => {
    expect(run(incoming1(), { type: 'left', userId: BOB })).toMatchObject({ phase: 'ended', endReason: 'cancelled' });
    expect(run(ringing1(), { type: 'left', userId: BOB })).toMatchObject({ phase: 'ended', endReason: 'declined' });
  });
  it('group: the call goes on while someone else is in it; it ends when nobody is left', () => {
    const three = run(outgoingGroup(), { type: 'accepted', userId: BOB }, { type: 'accepted', userId: CAROL });
    const two = run(three, { type: 'left', userId: BOB });
    expect(two.phase).toBe('in-call');
    expect(state(two, BOB)).toBe('left');
    expect(run(two, { type: 'left', userId: CAROL })).toMatchObject({ phase: 'ended', endReason: 'remote-hung-up' });
    // Ringing here, the caller leaves but Carol is in: it still rings for me.
    const ringingHere = run(incomingGroup([CAROL]), { type: 'left', userId: BOB });
    expect(ringingHere.phase).toBe('incoming');
    // Nobody left in it: a cancel.
    expect(run(incomingGroup(), { type: 'left', userId: BOB })).toMatchObject({ endReason: 'cancelled' });
    // Running without me: only the participant changes.
    expect(state(run(ongoingGroup(), { type: 'left', userId: CAROL }), CAROL)).toBe('left');
  });
  it('is refused from someone not in the call, and once it is over', () => {
    refused(inCall1(), { type: 'left', userId: DAVE });
    refused(ended1(), { type: 'left', userId: BOB });
  });
});

describe('over (the server ended the whole call)', () => {
  it('timeout is no-answer on both sides', () => {
    for (const c of [outgoing1(), ringing1(), incoming1()]) expect(run(c, { type: 'over', status: 'timeout' })).toMatchObject({ phase: 'ended', endReason: 'no-answer' });
  });
  it('finished: remote hang-up in a call (failed when the server says), cancelled while it rang here', () => {
    expect(run(inCall1(), { type: 'over', status: 'finished' })).toMatchObject({ endReason: 'remote-hung-up' });
    expect(run(inCall1(), { type: 'over', status: 'finished', reason: 'failed' })).toMatchObject({ endReason: 'failed' });
    expect(run(incoming1(), { type: 'over', status: 'finished' })).toMatchObject({ endReason: 'cancelled' });
    const allDeclined = run(outgoingGroup(), { type: 'declined', userId: BOB });
    expect(run({ ...allDeclined, participants: allDeclined.participants.map((p) => ({ ...p, state: 'declined' as const })) }, { type: 'over', status: 'finished' })).toMatchObject({ endReason: 'declined' });
    expect(run(ringing1(), { type: 'over', status: 'finished' })).toMatchObject({ endReason: 'no-answer' });
  });
  it('a group call that ran on without me is no longer offered to join', () => {
    const done = run(ongoingGroup(), { type: 'over', status: 'finished' });
    expect(done).toMatchObject({ phase: 'ended', ongoing: false, endReason: 'declined' });
  });
  it('is refused for a call already over for everyone', () => {
    refused(ended1(), { type: 'over', status: 'finished' });
  });
});

describe("cancelled (the caller's event 1)", () => {
  it('ends a call ringing here as cancelled', () => {
    expect(run(incoming1(), { type: 'cancelled', userId: BOB })).toMatchObject({ phase: 'ended', endReason: 'cancelled' });
  });
  it('is refused from anyone but the caller, and in any other phase', () => {
    refused(incomingGroup(), { type: 'cancelled', userId: CAROL });
    for (const c of [outgoing1(), ringing1(), inCall1(), ended1()]) refused(c, { type: 'cancelled', userId: BOB });
  });
});

describe('answered elsewhere (my other device)', () => {
  it('ends a call ringing here', () => {
    expect(run(incoming1(), { type: 'answered-elsewhere' })).toMatchObject({ phase: 'ended', endReason: 'answered-elsewhere' });
  });
  it('is refused in any other phase', () => {
    for (const c of [outgoing1(), ringing1(), inCall1(), ended1(), ongoingGroup()]) refused(c, { type: 'answered-elsewhere' });
  });
});

describe('accept (I accepted here)', () => {
  it('incoming → in-call with whoever is in it, my camera as I chose', () => {
    const c = run(incomingGroup(), { type: 'accept', joinedIds: [BOB, DAVE], videoOn: true });
    expect(c).toMatchObject({ phase: 'in-call', joinedAt: NOW, local: { videoOn: true } });
    expect([state(c, BOB), state(c, CAROL), state(c, DAVE)]).toEqual(['joined', 'invited', 'joined']);
  });
  it('joins a group call that runs on without me (late join): no longer ended', () => {
    const c = run(ongoingGroup(), { type: 'accept', joinedIds: [BOB, CAROL], videoOn: false });
    expect(c.phase).toBe('in-call');
    expect(c.endReason).toBeUndefined();
    expect(c.endedAt).toBeUndefined();
    expect(c.ongoing).toBeUndefined();
  });
  it('joining late: whoever left while I was out is marked left (the server lists who is in it)', () => {
    const before = ongoingGroup();
    expect(state(before, CAROL)).toBe('joined');
    const c = run(before, { type: 'accept', joinedIds: [BOB], videoOn: false });
    expect([state(c, BOB), state(c, CAROL)]).toEqual(['joined', 'left']);
  });
  it('is refused when I placed the call, am in it already, or it is over', () => {
    for (const c of [outgoing1(), ringing1(), inCall1(), ended1()]) refused(c, { type: 'accept', joinedIds: [], videoOn: false });
  });
});

describe('decline (I declined here)', () => {
  it('ends the call declined; a group call with others in it runs on (Join offered)', () => {
    expect(run(incoming1(), { type: 'decline' })).toMatchObject({ phase: 'ended', endReason: 'declined' });
    expect(run(incoming1(), { type: 'decline' }).ongoing).toBeUndefined();
    expect(ongoingGroup()).toMatchObject({ phase: 'ended', endReason: 'declined', ongoing: true });
  });
  it('is refused in any other phase', () => {
    for (const c of [outgoing1(), ringing1(), inCall1(), ended1()]) refused(c, { type: 'decline' });
  });
});

describe('hang-up (I leave)', () => {
  it('placed or in a call: ends with my reason', () => {
    for (const reason of ['hung-up', 'failed', 'quit', 'signed-out'] as const) {
      for (const c of [outgoing1(), ringing1(), inCall1()]) expect(run(c, { type: 'hang-up', reason })).toMatchObject({ phase: 'ended', endReason: reason });
    }
  });
  it('ringing here: a hang-up is a decline; quitting or signing out says so', () => {
    expect(run(incoming1(), { type: 'hang-up', reason: 'hung-up' }).endReason).toBe('declined');
    expect(run(incoming1(), { type: 'hang-up', reason: 'quit' }).endReason).toBe('quit');
    expect(run(incoming1(), { type: 'hang-up', reason: 'signed-out' }).endReason).toBe('signed-out');
  });
  it('a group call runs on after I leave only while two others are in it; a caller who cancels ends it', () => {
    const three = run(outgoingGroup(), { type: 'accepted', userId: BOB }, { type: 'accepted', userId: CAROL });
    expect(run(three, { type: 'hang-up', reason: 'hung-up' }).ongoing).toBe(true);
    const two = run(outgoingGroup(), { type: 'accepted', userId: BOB });
    expect(run(two, { type: 'hang-up', reason: 'hung-up' }).ongoing).toBeUndefined();
    expect(run(outgoingGroup(), { type: 'hang-up', reason: 'hung-up' }).ongoing).toBeUndefined();
  });
  it('is refused once the call is over for me', () => {
    refused(ended1(), { type: 'hang-up', reason: 'hung-up' });
    refused(ongoingGroup(), { type: 'hang-up', reason: 'hung-up' });
  });
});

describe('ring-timeout (nobody answered in time)', () => {
  it('ends a placed or ringing call as no-answer; a group call with others in it runs on', () => {
    for (const c of [outgoing1(), ringing1(), incoming1()]) expect(run(c, { type: 'ring-timeout' })).toMatchObject({ phase: 'ended', endReason: 'no-answer' });
    expect(run(incomingGroup([CAROL]), { type: 'ring-timeout' }).ongoing).toBe(true);
  });
  it('is refused in a call and once it is over', () => {
    for (const c of [inCall1(), ended1(), ongoingGroup()]) refused(c, { type: 'ring-timeout' });
  });
});

describe('refused (the server said no)', () => {
  it('my accept: full keeps a group call on offer, unavailable does not', () => {
    expect(run(incomingGroup([CAROL]), { type: 'refused', reason: 'full' })).toMatchObject({ phase: 'ended', endReason: 'full', ongoing: true });
    expect(run(ongoingGroup(), { type: 'refused', reason: 'unavailable' })).toMatchObject({ endReason: 'unavailable' });
    expect(run(ongoingGroup(), { type: 'refused', reason: 'unavailable' }).ongoing).toBeUndefined();
  });
  it('my call: ends with the reason', () => {
    expect(run(outgoing1(), { type: 'refused', reason: 'busy' })).toMatchObject({ phase: 'ended', endReason: 'busy' });
    expect(run(ringing1(), { type: 'refused', reason: 'unavailable' })).toMatchObject({ endReason: 'unavailable' });
  });
  it('is refused in a call and once it is over', () => {
    refused(inCall1(), { type: 'refused', reason: 'full' });
    refused(ended1(), { type: 'refused', reason: 'unavailable' });
  });
});

describe('media state and requests for video', () => {
  it("a participant's camera and microphone; a missing microphone keeps what was known", () => {
    const muted = run(inCall1(), { type: 'remote-media', userId: BOB, audioMuted: true, videoOn: false });
    expect(muted.participants[0]).toMatchObject({ audioMuted: true, videoOn: false });
    const cameraOn = run(muted, { type: 'remote-media', userId: BOB, videoOn: true });
    expect(cameraOn.participants[0]).toMatchObject({ audioMuted: true, videoOn: true });
    // Before the call is answered too (a callee's state may come first).
    expect(run(ringing1(), { type: 'remote-media', userId: BOB, videoOn: true }).participants[0]?.videoOn).toBe(true);
  });
  it('a request for video is shown until answered: by my camera going on, or by theirs', () => {
    const asked = run(inCall1(), { type: 'video-request', userId: BOB });
    expect(asked.videoRequestFrom).toBe(BOB);
    expect(run(asked, { type: 'local-media', videoOn: true }).videoRequestFrom).toBeUndefined();
    expect(run(asked, { type: 'local-media', audioMuted: true }).videoRequestFrom).toBe(BOB);
    expect(run(asked, { type: 'remote-media', userId: BOB, videoOn: true }).videoRequestFrom).toBeUndefined();
    expect(run(asked, { type: 'hang-up', reason: 'hung-up' }).videoRequestFrom).toBeUndefined();
  });
  it('my own media: each field changes alone', () => {
    const c = run(inCall1(), { type: 'local-media', audioMuted: true });
    expect(c.local).toEqual({ audioMuted: true, videoOn: true });
    expect(run(c, { type: 'local-media', videoOn: false }).local).toEqual({ audioMuted: true, videoOn: false });
    expect(run(incoming1(), { type: 'local-media', videoOn: true }).local.videoOn).toBe(true);
  });
  it('are refused once the call is over, and from someone not in it; video is asked for only in a call', () => {
    refused(ended1(), { type: 'remote-media', userId: BOB, videoOn: true });
    refused(inCall1(), { type: 'remote-media', userId: DAVE, videoOn: true });
    refused(ended1(), { type: 'local-media', audioMuted: true });
    refused(inCall1(), { type: 'video-request', userId: DAVE });
    for (const c of [outgoing1(), ringing1(), incoming1(), ended1()]) refused(c, { type: 'video-request', userId: BOB });
  });
});

describe('every input × phase', () => {
  it('a refusal never changes the call, and every accepted input leaves a valid phase', () => {
    const phases: CallPhase[] = ['calling', 'ringing', 'incoming', 'in-call', 'ended'];
    const calls = [outgoing1(), ringing1(), incoming1(), inCall1(), ended1(), outgoingGroup(), incomingGroup([CAROL]), ongoingGroup()];
    const inputs: CallInput[] = [
      { type: 'received', userId: BOB },
      { type: 'accepted', userId: BOB },
      { type: 'declined', userId: BOB },
      { type: 'missed', userId: BOB },
      { type: 'left', userId: BOB },
      { type: 'over', status: 'finished' },
      { type: 'cancelled', userId: BOB },
      { type: 'answered-elsewhere' },
      { type: 'accept', joinedIds: [BOB], videoOn: false },
      { type: 'decline' },
      { type: 'hang-up', reason: 'hung-up' },
      { type: 'ring-timeout' },
      { type: 'refused', reason: 'unavailable' },
      { type: 'remote-media', userId: BOB, videoOn: true },
      { type: 'video-request', userId: BOB },
      { type: 'local-media', audioMuted: true },
    ];
    for (const call of calls) {
      for (const input of inputs) {
        const result = transition(call, input, NOW); // frozen input: a mutation would throw
        if (!result.ok) continue;
        expect(phases).toContain(result.call.phase);
        if (result.call.phase === 'ended') {
          expect(result.call.endReason, `${input.type} from ${call.phase}`).toBeDefined();
          expect(result.call.endedAt).toBeDefined();
        }
      }
    }
  });
});
