// The state of one call, and every change to it, as pure functions (server/PROTOCOL.md, Calls).
// Nothing here knows about sockets, timers or the database: the registry (call-registry.ts)
// keeps the current state of each call, asks these functions for the next one, and turns
// the difference into pushes and a history line. Each function returns either the new state
// or a refusal with a reason a person can read; a refused change leaves the call as it was.
//
// Call: ongoing → timeout (nobody but the caller ever joined within the ring time)
//               → finished (everything else that ends it).
// Participant: invited → joined | declined | missed; joined → left. In a group call a member
// who declined, missed or left may join later, while the call goes on and has room.

export type CallStatus = 'ongoing' | 'timeout' | 'finished';
export type ParticipantState = 'invited' | 'joined' | 'declined' | 'missed' | 'left';
export type CallOutcome = 'ended' | 'declined' | 'missed' | 'busy';

/** At most this many people are joined at once (the caller included). */
export const MAX_JOINED = 4;

export const MediaType = { audio: 1, video: 2 } as const;
export type MediaTypeCode = (typeof MediaType)[keyof typeof MediaType];

export interface Participant {
  uin: string;
  state: ParticipantState;
}

export interface CallState {
  callId: string;
  groupId: string;
  media: MediaTypeCode;
  /** A 1:1 conversation: either side stopping ends it, and a callee in another call is busy. */
  direct: boolean;
  callerUin: string;
  /** Who was rung when the call was created. */
  calleeUins: readonly string[];
  /** The caller, the callees, then late joiners, each once, in that order. */
  participants: readonly Participant[];
  status: CallStatus;
  /** ms; 0 when not yet. accepted: the first time someone other than the caller joined. */
  startedAt: number;
  acceptedAt: number;
  stoppedAt: number;
  /** The callee was in another call (the busy answer). */
  busy: boolean;
}

export type Step = { ok: true; call: CallState } | { ok: false; reason: string };

const refuse = (reason: string): Step => ({ ok: false, reason });

export interface NewCall {
  callId: string;
  groupId: string;
  media: MediaTypeCode;
  direct: boolean;
  callerUin: string;
  calleeUins: readonly string[];
  now: number;
}

/** A new ongoing call: the caller joined, every callee invited (ringing). */
export function startCall(input: NewCall): Step {
  const callees = [...new Set(input.calleeUins)];
  if (callees.length === 0) return refuse('there is nobody to call in this conversation');
  if (callees.includes(input.callerUin)) return refuse('the caller cannot also be a callee');
  if (input.direct && callees.length !== 1) return refuse('a 1:1 call has exactly one callee');
  return {
    ok: true,
    call: {
      callId: input.callId,
      groupId: input.groupId,
      media: input.media,
      direct: input.direct,
      callerUin: input.callerUin,
      calleeUins: callees,
      participants: [{ uin: input.callerUin, state: 'joined' }, ...callees.map((uin) => ({ uin, state: 'invited' as const }))],
      status: 'ongoing',
      startedAt: input.now,
      acceptedAt: 0,
      stoppedAt: 0,
      busy: false,
    },
  };
}

// ---- questions about a call ----

export function stateOf(call: CallState, uin: string): ParticipantState | undefined {
  return call.participants.find((p) => p.uin === uin)?.state;
}

export function uinsIn(call: CallState, state: ParticipantState): string[] {
  return call.participants.filter((p) => p.state === state).map((p) => p.uin);
}

/** Who is in the call now. */
export function joinedUins(call: CallState): string[] {
  return uinsIn(call, 'joined');
}

/** Everyone the call ever concerned: the caller, every callee, every late joiner. */
export function everyone(call: CallState): string[] {
  return call.participants.map((p) => p.uin);
}

/** May `uin` send or receive signalling (SDP, ICE, call events) in this call? Joined, or still ringing. */
export function inCall(call: CallState, uin: string): boolean {
  if (call.status !== 'ongoing') return false;
  const state = stateOf(call, uin);
  return state === 'joined' || state === 'invited';
}

/** What the history line says about the call (only meaningful once it has ended). */
export function outcomeOf(call: CallState): CallOutcome {
  if (call.busy) return 'busy';
  if (call.acceptedAt > 0) return 'ended';
  const allDeclined = call.calleeUins.every((uin) => stateOf(call, uin) === 'declined');
  return allDeclined ? 'declined' : 'missed';
}

/** ms from the first accept to the end; 0 for a call nobody answered. */
export function durationOf(call: CallState): number {
  return call.acceptedAt > 0 && call.stoppedAt >= call.acceptedAt ? call.stoppedAt - call.acceptedAt : 0;
}

// ---- changes ----

function withState(call: CallState, uin: string, state: ParticipantState): CallState {
  const present = call.participants.some((p) => p.uin === uin);
  const participants = present ? call.participants.map((p) => (p.uin === uin ? { uin, state } : p)) : [...call.participants, { uin, state }];
  return { ...call, participants };
}

/** Ends the call: whoever is still in it has left, whoever still rings has missed it. */
function ended(call: CallState, status: Exclude<CallStatus, 'ongoing'>, now: number): CallState {
  return {
    ...call,
    status,
    stoppedAt: now,
    participants: call.participants.map((p) => (p.state === 'joined' ? { ...p, state: 'left' } : p.state === 'invited' ? { ...p, state: 'missed' } : p)),
  };
}

/**
 * After someone's state changed: the call goes on while two are joined, or one is joined
 * and someone still rings; otherwise it is over. `timedOut`: the change was the ring time
 * running out (or a callee's own ring timer): nobody but the caller ever joining then
 * makes it a timeout rather than a finished call.
 */
function settle(call: CallState, now: number, timedOut = false): CallState {
  const joined = joinedUins(call).length;
  const ringing = uinsIn(call, 'invited').length;
  if (joined >= 2 || (joined === 1 && ringing > 0)) return call;
  return ended(call, timedOut && call.acceptedAt === 0 ? 'timeout' : 'finished', now);
}

function checkOngoing(call: CallState): string | null {
  return call.status === 'ongoing' ? null : 'the call is over';
}

/** `uin` accepts: joins the call (late, in a group call, after declining, missing or leaving it). */
export function acceptCall(call: CallState, uin: string, now: number): Step {
  const over = checkOngoing(call);
  if (over) return refuse(over);
  const state = stateOf(call, uin);
  if (state === 'joined') return refuse('you are already in this call');
  if (call.direct && state !== 'invited') return refuse('only the person called can answer a 1:1 call');
  if (joinedUins(call).length >= MAX_JOINED) return refuse(`the call is full: at most ${MAX_JOINED} people can be in a call`);
  const next = withState(call, uin, 'joined');
  const acceptedAt = call.acceptedAt === 0 && uin !== call.callerUin ? now : call.acceptedAt;
  return { ok: true, call: { ...next, acceptedAt } };
}

/** `uin` declines while it rings; `busy`: their device answered for them, in another call (a 1:1 then ends busy). */
export function declineCall(call: CallState, uin: string, now: number, opts: { busy?: boolean } = {}): Step {
  const over = checkOngoing(call);
  if (over) return refuse(over);
  const state = stateOf(call, uin);
  if (state !== 'invited') return refuse(notRinging(state));
  const next = withState(call, uin, 'declined');
  return { ok: true, call: settle({ ...next, busy: call.busy || (call.direct && opts.busy === true) }, now) };
}

/** `uin`'s device stopped ringing without an answer (its own ring timer, or it failed to ring). */
export function missCall(call: CallState, uin: string, now: number, cause: 'timeout' | 'failed'): Step {
  const over = checkOngoing(call);
  if (over) return refuse(over);
  const state = stateOf(call, uin);
  if (state !== 'invited') return refuse(notRinging(state));
  return { ok: true, call: settle(withState(call, uin, 'missed'), now, cause === 'timeout') };
}

function notRinging(state: ParticipantState | undefined): string {
  switch (state) {
    case undefined:
      return 'you were not called in this call';
    case 'joined':
      return 'you are in this call: hang up instead';
    default:
      return `the call is not ringing for you: you ${state === 'left' ? 'left' : state} it`;
  }
}

/**
 * `uin` leaves (hangs up, quits, vanished). The caller leaving before anyone joined cancels
 * the call; in a 1:1 call either side leaving ends it; in a group call it goes on while
 * two are still in it (or one, with others still ringing).
 */
export function leaveCall(call: CallState, uin: string, now: number): Step {
  const over = checkOngoing(call);
  if (over) return refuse(over);
  const state = stateOf(call, uin);
  if (state === 'invited') return refuse('you have not joined this call: decline it instead');
  if (state !== 'joined') return refuse(state === undefined ? 'you are not in this call' : 'you are no longer in this call');
  return { ok: true, call: settle(withState(call, uin, 'left'), now) };
}

/** The ring time ran out: whoever still rings missed the call; without anyone to talk to, it ends. */
export function ringOut(call: CallState, now: number): Step {
  const over = checkOngoing(call);
  if (over) return refuse(over);
  let next = call;
  for (const uin of uinsIn(call, 'invited')) next = withState(next, uin, 'missed');
  return { ok: true, call: settle(next, now, true) };
}

/** create_call found the 1:1 callee in another call: the call is over at once, as busy. */
export function markBusy(call: CallState, now: number): Step {
  const over = checkOngoing(call);
  if (over) return refuse(over);
  if (!call.direct) return refuse('a group call is never busy');
  if (call.acceptedAt > 0) return refuse('the call was already answered');
  return { ok: true, call: { ...ended({ ...call, busy: true }, 'finished', now) } };
}

/** The server stops (or the call must end for another reason of its own): finished for everyone. */
export function endCall(call: CallState, now: number): Step {
  const over = checkOngoing(call);
  if (over) return refuse(over);
  return { ok: true, call: ended(call, 'finished', now) };
}
