// The call state machine (server/netalo/calls/call-machine.ts): every transition, and every
// transition it refuses, with the reason it gives. Pure functions: no server here.

import { describe, expect, it } from 'vitest';
import {
  acceptCall,
  declineCall,
  durationOf,
  endCall,
  everyone,
  inCall,
  joinedUins,
  leaveCall,
  markBusy,
  MAX_JOINED,
  missCall,
  outcomeOf,
  ringOut,
  startCall,
  stateOf,
  type CallState,
  type Step,
} from '../netalo/calls/call-machine';

const T0 = 1_000_000;

function ok(step: Step): CallState {
  if (!step.ok) throw new Error(`refused: ${step.reason}`);
  return step.call;
}

function refusal(step: Step): string {
  if (step.ok) throw new Error('the change was allowed');
  return step.reason;
}

/** alice calls bob in their 1:1 conversation. */
function direct(): CallState {
  return ok(startCall({ callId: 'c1', groupId: 'g1', media: 2, direct: true, callerUin: 'alice', calleeUins: ['bob'], now: T0 }));
}

/** alice calls bob, carol and dave in a group. */
function group(callees = ['bob', 'carol', 'dave']): CallState {
  return ok(startCall({ callId: 'c2', groupId: 'g2', media: 1, direct: false, callerUin: 'alice', calleeUins: callees, now: T0 }));
}

const states = (call: CallState) => Object.fromEntries(call.participants.map((p) => [p.uin, p.state]));

describe('startCall', () => {
  it('starts ongoing: the caller joined, every callee invited, nothing accepted or stopped yet', () => {
    const call = direct();
    expect(call).toMatchObject({ status: 'ongoing', startedAt: T0, acceptedAt: 0, stoppedAt: 0, busy: false, calleeUins: ['bob'] });
    expect(states(call)).toEqual({ alice: 'joined', bob: 'invited' });
    expect(joinedUins(call)).toEqual(['alice']);
    expect(inCall(call, 'bob')).toBe(true);
    expect(inCall(call, 'mallory')).toBe(false);
  });

  it('refuses a call with nobody to call, the caller among the callees, or a 1:1 with more than one callee', () => {
    const base = { callId: 'c', groupId: 'g', media: 1 as const, callerUin: 'alice', now: T0 };
    expect(refusal(startCall({ ...base, direct: false, calleeUins: [] }))).toMatch(/nobody to call/);
    expect(refusal(startCall({ ...base, direct: false, calleeUins: ['bob', 'alice'] }))).toMatch(/caller cannot also be a callee/);
    expect(refusal(startCall({ ...base, direct: true, calleeUins: ['bob', 'carol'] }))).toMatch(/exactly one callee/);
  });
});

describe('a 1:1 call', () => {
  it('accept: invited → joined, accepted_at set once', () => {
    const call = ok(acceptCall(direct(), 'bob', T0 + 500));
    expect(states(call)).toEqual({ alice: 'joined', bob: 'joined' });
    expect(call).toMatchObject({ status: 'ongoing', acceptedAt: T0 + 500 });
  });

  it('either side hanging up finishes it, with the duration from the accept', () => {
    const talking = ok(acceptCall(direct(), 'bob', T0 + 500));
    for (const who of ['alice', 'bob']) {
      const over = ok(leaveCall(talking, who, T0 + 125_500));
      expect(over).toMatchObject({ status: 'finished', stoppedAt: T0 + 125_500 });
      expect(states(over)).toEqual({ alice: 'left', bob: 'left' });
      expect(outcomeOf(over)).toBe('ended');
      expect(durationOf(over)).toBe(125_000);
    }
  });

  it('decline: invited → declined, and the call is finished (declined)', () => {
    const over = ok(declineCall(direct(), 'bob', T0 + 10));
    expect(over.status).toBe('finished');
    expect(states(over)).toEqual({ alice: 'left', bob: 'declined' });
    expect(outcomeOf(over)).toBe('declined');
    expect(durationOf(over)).toBe(0);
  });

  it("decline as busy (the callee's device is in another call): finished, busy", () => {
    const over = ok(declineCall(direct(), 'bob', T0, { busy: true }));
    expect(over).toMatchObject({ status: 'finished', busy: true });
    expect(outcomeOf(over)).toBe('busy');
  });

  it("the callee's own ring timer (answer 3): invited → missed, the call times out", () => {
    const over = ok(missCall(direct(), 'bob', T0 + 30_000, 'timeout'));
    expect(over.status).toBe('timeout');
    expect(states(over)).toEqual({ alice: 'left', bob: 'missed' });
    expect(outcomeOf(over)).toBe('missed');
  });

  it("the callee's device failing (answer 4): invited → missed, the call is finished", () => {
    const over = ok(missCall(direct(), 'bob', T0, 'failed'));
    expect(over.status).toBe('finished');
    expect(outcomeOf(over)).toBe('missed');
  });

  it('the caller cancelling before an answer: finished, missed for the callee', () => {
    const over = ok(leaveCall(direct(), 'alice', T0 + 3000));
    expect(over.status).toBe('finished');
    expect(states(over)).toEqual({ alice: 'left', bob: 'missed' });
    expect(outcomeOf(over)).toBe('missed');
  });

  it('the ring time: the callee missed it, the call times out', () => {
    const over = ok(ringOut(direct(), T0 + 30_000));
    expect(over).toMatchObject({ status: 'timeout', stoppedAt: T0 + 30_000 });
    expect(states(over)).toEqual({ alice: 'left', bob: 'missed' });
    expect(outcomeOf(over)).toBe('missed');
  });

  it('the ring time after an answer changes nothing', () => {
    const talking = ok(acceptCall(direct(), 'bob', T0 + 1));
    expect(ok(ringOut(talking, T0 + 30_000))).toEqual(talking);
  });

  it('busy: finished at once, the callee missed it, outcome busy', () => {
    const over = ok(markBusy(direct(), T0));
    expect(over).toMatchObject({ status: 'finished', busy: true, stoppedAt: T0 });
    expect(states(over)).toEqual({ alice: 'left', bob: 'missed' });
    expect(outcomeOf(over)).toBe('busy');
  });

  it('ending it (the server stops): finished, whoever was in it left, whoever rang missed it', () => {
    const over = ok(endCall(direct(), T0 + 5));
    expect(over.status).toBe('finished');
    expect(states(over)).toEqual({ alice: 'left', bob: 'missed' });
  });

  it('refuses: accepting twice, accepting by the caller or a stranger, and a full 1:1 is impossible', () => {
    const talking = ok(acceptCall(direct(), 'bob', T0));
    expect(refusal(acceptCall(talking, 'bob', T0))).toBe('you are already in this call');
    expect(refusal(acceptCall(direct(), 'alice', T0))).toBe('you are already in this call');
    expect(refusal(acceptCall(direct(), 'mallory', T0))).toBe('only the person called can answer a 1:1 call');
  });

  it('refuses declining or missing by someone joined, someone not called, or twice', () => {
    const talking = ok(acceptCall(direct(), 'bob', T0));
    expect(refusal(declineCall(talking, 'bob', T0))).toBe('you are in this call: hang up instead');
    expect(refusal(declineCall(direct(), 'alice', T0))).toBe('you are in this call: hang up instead');
    expect(refusal(declineCall(direct(), 'mallory', T0))).toBe('you were not called in this call');
    expect(refusal(missCall(talking, 'bob', T0, 'timeout'))).toBe('you are in this call: hang up instead');
    expect(refusal(missCall(direct(), 'mallory', T0, 'failed'))).toBe('you were not called in this call');
  });

  it('refuses leaving by someone still ringing or never in the call', () => {
    expect(refusal(leaveCall(direct(), 'bob', T0))).toBe('you have not joined this call: decline it instead');
    expect(refusal(leaveCall(direct(), 'mallory', T0))).toBe('you are not in this call');
  });

  it('refuses busy for an answered call', () => {
    const talking = ok(acceptCall(direct(), 'bob', T0));
    expect(refusal(markBusy(talking, T0))).toBe('the call was already answered');
  });

  it('refuses every change once the call is over', () => {
    for (const over of [ok(declineCall(direct(), 'bob', T0)), ok(ringOut(direct(), T0)), ok(markBusy(direct(), T0))]) {
      expect(refusal(acceptCall(over, 'bob', T0))).toBe('the call is over');
      expect(refusal(declineCall(over, 'bob', T0))).toBe('the call is over');
      expect(refusal(missCall(over, 'bob', T0, 'timeout'))).toBe('the call is over');
      expect(refusal(leaveCall(over, 'alice', T0))).toBe('the call is over');
      expect(refusal(ringOut(over, T0))).toBe('the call is over');
      expect(refusal(markBusy(over, T0))).toBe('the call is over');
      expect(refusal(endCall(over, T0))).toBe('the call is over');
      expect(inCall(over, 'alice')).toBe(false);
    }
  });
});

describe('a group call', () => {
  it('goes on while two are in it; a leaver does not end it; the last-but-one leaving does', () => {
    let call = ok(acceptCall(group(), 'bob', T0 + 1000));
    call = ok(acceptCall(call, 'carol', T0 + 2000));
    expect(call.acceptedAt).toBe(T0 + 1000);
    call = ok(leaveCall(call, 'alice', T0 + 3000)); // the caller leaves: bob and carol go on (dave still rings)
    expect(call.status).toBe('ongoing');
    expect(states(call)).toEqual({ alice: 'left', bob: 'joined', carol: 'joined', dave: 'invited' });
    call = ok(ringOut(call, T0 + 30_000));
    expect(call.status).toBe('ongoing');
    expect(stateOf(call, 'dave')).toBe('missed');
    call = ok(leaveCall(call, 'bob', T0 + 60_000));
    expect(call).toMatchObject({ status: 'finished', stoppedAt: T0 + 60_000 });
    expect(states(call)).toEqual({ alice: 'left', bob: 'left', carol: 'left', dave: 'missed' });
    expect(outcomeOf(call)).toBe('ended');
    expect(durationOf(call)).toBe(59_000);
  });

  it('one joined with others still ringing goes on; when nobody is left to ring, it ends', () => {
    let call = ok(declineCall(group(), 'bob', T0));
    expect(call.status).toBe('ongoing');
    call = ok(declineCall(call, 'carol', T0));
    expect(call.status).toBe('ongoing');
    call = ok(declineCall(call, 'dave', T0));
    expect(call.status).toBe('finished');
    expect(outcomeOf(call)).toBe('declined');
  });

  it('some declining and the rest missing it at the ring time: a timeout, missed', () => {
    const call = ok(ringOut(ok(declineCall(group(), 'bob', T0)), T0 + 30_000));
    expect(call.status).toBe('timeout');
    expect(states(call)).toEqual({ alice: 'left', bob: 'declined', carol: 'missed', dave: 'missed' });
    expect(outcomeOf(call)).toBe('missed');
  });

  it('someone joined and left before the ring time: at the ring time it is finished, not a timeout', () => {
    let call = ok(acceptCall(group(), 'bob', T0 + 1));
    call = ok(leaveCall(call, 'bob', T0 + 2));
    expect(call.status).toBe('ongoing'); // the caller, with carol and dave still ringing
    call = ok(ringOut(call, T0 + 30_000));
    expect(call.status).toBe('finished');
    expect(outcomeOf(call)).toBe('ended');
  });

  it('late joining: a member who declined, missed, or left joins while the call goes on; so does one never rung', () => {
    let call = ok(declineCall(group(), 'bob', T0));
    call = ok(acceptCall(call, 'carol', T0 + 1));
    call = ok(ringOut(call, T0 + 30_000)); // dave missed it
    call = ok(acceptCall(call, 'bob', T0 + 31_000)); // declined → joined
    call = ok(acceptCall(call, 'dave', T0 + 32_000)); // missed → joined
    expect(joinedUins(call)).toEqual(['alice', 'bob', 'carol', 'dave']);
    call = ok(leaveCall(call, 'dave', T0 + 33_000));
    call = ok(acceptCall(call, 'dave', T0 + 34_000)); // left → joined again
    call = ok(leaveCall(call, 'carol', T0 + 35_000));
    call = ok(acceptCall(call, 'erin', T0 + 36_000)); // a member added after the call started
    expect(states(call)).toMatchObject({ erin: 'joined', carol: 'left' });
    expect(everyone(call)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
  });

  it(`refuses a fifth: at most ${MAX_JOINED} are joined at once`, () => {
    let call = group(['bob', 'carol', 'dave', 'erin']);
    for (const uin of ['bob', 'carol', 'dave']) call = ok(acceptCall(call, uin, T0));
    expect(refusal(acceptCall(call, 'erin', T0))).toBe(`the call is full: at most ${MAX_JOINED} people can be in a call`);
    call = ok(leaveCall(call, 'carol', T0));
    expect(stateOf(ok(acceptCall(call, 'erin', T0)), 'erin')).toBe('joined');
  });

  it('is never busy', () => {
    expect(refusal(markBusy(group(), T0))).toBe('a group call is never busy');
  });

  it('a busy reason on a group decline is only a decline', () => {
    const call = ok(declineCall(group(), 'bob', T0, { busy: true }));
    expect(call.busy).toBe(false);
    expect(stateOf(call, 'bob')).toBe('declined');
  });

  it('the caller cancelling before anyone joined ends it for everyone ringing', () => {
    const over = ok(leaveCall(group(), 'alice', T0));
    expect(over.status).toBe('finished');
    expect(states(over)).toEqual({ alice: 'left', bob: 'missed', carol: 'missed', dave: 'missed' });
  });

  it('refuses declining after leaving, and leaving twice', () => {
    let call = ok(acceptCall(group(), 'bob', T0));
    call = ok(acceptCall(call, 'carol', T0));
    call = ok(leaveCall(call, 'bob', T0));
    expect(refusal(declineCall(call, 'bob', T0))).toBe('the call is not ringing for you: you left it');
    expect(refusal(leaveCall(call, 'bob', T0))).toBe('you are no longer in this call');
    const declined = ok(declineCall(call, 'dave', T0));
    expect(refusal(declineCall(declined, 'dave', T0))).toBe('the call is not ringing for you: you declined it');
    expect(refusal(missCall(declined, 'dave', T0, 'timeout'))).toBe('the call is not ringing for you: you declined it');
    const rungOut = ok(ringOut(ok(acceptCall(group(), 'bob', T0)), T0 + 30_000));
    expect(refusal(declineCall(rungOut, 'carol', T0))).toBe('the call is not ringing for you: you missed it');
    expect(refusal(missCall(rungOut, 'carol', T0, 'failed'))).toBe('the call is not ringing for you: you missed it');
  });
});
