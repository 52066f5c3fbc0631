// The client-side call state machine: one pure function from a Call and what happened to the
// next Call, or a refusal. No timers, no I/O: the registry (call-registry.ts) feeds it the
// adapter's signals and the user's commands and does what the answer implies.
//
// Phases (contract/domain.ts, CallPhase): outgoing calling → ringing → in-call → ended;
// incoming incoming → in-call | ended. `ended` is final, except that a group call still
// running for the others (`ongoing`) can be joined late (ended → in-call) until the server
// says it is over (ongoing → false).

import type { Call, CallEndReason, CallIceServer, CallMedia, CallParticipant, Id } from '../../../contract/domain';

/** Why a participant left, as the wire says (Netalo stop_call `reason`). */
export type WireStopReason = 'hung-up' | 'failed' | 'quit' | 'signed-out';
/** How I leave a call: the user (hung-up), the window's media (failed), quitting or signing out. */
export type LocalEndReason = 'hung-up' | 'failed' | 'quit' | 'signed-out';

export type CallInput =
  /** A callee's device rings (event 3). */
  | { type: 'received'; userId: Id }
  /** A participant joined (answer accept). */
  | { type: 'accepted'; userId: Id }
  /** A callee declined; `busy`: they are in another call. */
  | { type: 'declined'; userId: Id; busy?: boolean }
  /** A callee never answered (answer timeout), or their device could not take it (answer failed). */
  | { type: 'missed'; userId: Id }
  /** A participant left while the call goes on for the server (stop_call, call_status 1). */
  | { type: 'left'; userId: Id; reason?: WireStopReason }
  /** The server ended the whole call (stop_call with call_status 2 / 3, or call_status). */
  | { type: 'over'; status: 'timeout' | 'finished'; reason?: WireStopReason }
  /** The caller cancelled before an answer (event 1). */
  | { type: 'cancelled'; userId: Id }
  /** I accepted or declined on another device. */
  | { type: 'answered-elsewhere' }
  /** I accepted here (the server took it); `joinedIds`: who is in the call now, me left out. */
  | { type: 'accept'; joinedIds: readonly Id[]; videoOn: boolean }
  /** I declined here. */
  | { type: 'decline' }
  /** I leave: hang up, cancel, or (incoming) refuse, for this reason. */
  | { type: 'hang-up'; reason: LocalEndReason }
  /** Nobody answered within the ring time (main's own timer, or the server's answer timeout for me). */
  | { type: 'ring-timeout' }
  /** The server refused my call or my accept. */
  | { type: 'refused'; reason: 'full' | 'unavailable' | 'busy' }
  /** A participant's microphone / camera (events 5 / 6). */
  | { type: 'remote-media'; userId: Id; audioMuted?: boolean; videoOn: boolean }
  /** A participant asks to turn the call into video (event 4). */
  | { type: 'video-request'; userId: Id }
  /** My microphone / camera, as I tell the others. */
  | { type: 'local-media'; audioMuted?: boolean; videoOn?: boolean };

export type Transition = { ok: true; call: Call } | { ok: false; refused: string };

const refuse = (call: Call, input: CallInput): Transition => ({ ok: false, refused: `${input.type} in phase ${call.phase}` });

/** Active: placed or ringing or talking. `incoming` is not: a ringing call does not make me busy. */
export function isActive(call: Call): boolean {
  return call.phase === 'calling' || call.phase === 'ringing' || call.phase === 'in-call';
}

export function outgoingCall(p: {
  accountId: string;
  callId: Id;
  conversationId: Id;
  group: boolean;
  me: Id;
  media: CallMedia;
  calleeIds: readonly Id[];
  startedAt: number;
} & CallSetup): Call {
  return {
    accountId: p.accountId,
    callId: p.callId,
    conversationId: p.conversationId,
    group: p.group,
    direction: 'outgoing',
    callerId: p.me,
    media: p.media,
    phase: 'calling',
    local: { audioMuted: false, videoOn: p.media === 'video' },
    participants: unique(p.calleeIds.filter((id) => id !== p.me)).map((userId) => participant(userId, 'invited', p.media)),
    startedAt: p.startedAt,
    ...setupOf(p),
  };
}

/** How the protocol sets a call's media up (Call.callerOffers, Call.iceServers): copied onto the Call. */
export interface CallSetup {
  callerOffers?: boolean;
  iceServers?: CallIceServer[];
}

function setupOf(p: CallSetup): CallSetup {
  return { ...(p.callerOffers ? { callerOffers: true } : {}), ...(p.iceServers && p.iceServers.length > 0 ? { iceServers: p.iceServers } : {}) };
}

export function incomingCall(p: {
  accountId: string;
  callId: Id;
  conversationId: Id;
  group: boolean;
  me: Id;
  callerId: Id;
  media: CallMedia;
  calleeIds: readonly Id[];
  joinedIds?: readonly Id[];
  startedAt: number;
} & CallSetup): Call {
  const joined = new Set([p.callerId, ...(p.joinedIds ?? [])]);
  const everyone = unique([p.callerId, ...p.calleeIds, ...(p.joinedIds ?? [])]).filter((id) => id !== p.me);
  return {
    accountId: p.accountId,
    callId: p.callId,
    conversationId: p.conversationId,
    group: p.group,
    direction: 'incoming',
    callerId: p.callerId,
    media: p.media,
    phase: 'incoming',
    local: { audioMuted: false, videoOn: false },
    // The caller is in the call from the start; the other callees ring like me.
    participants: everyone.map((userId) => participant(userId, joined.has(userId) ? 'joined' : 'invited', p.media)),
    startedAt: p.startedAt,
    ...setupOf(p),
  };
}

/** A call the server answered busy at once: over before it began. */
export function busyCall(p: { accountId: string; callId: Id; conversationId: Id; group: boolean; me: Id; media: CallMedia; calleeIds: readonly Id[]; now: number }): Call {
  const call = outgoingCall({ ...p, startedAt: p.now });
  return ended({ ...call, participants: call.participants.map((x) => ({ ...x, state: 'declined' })) }, 'busy', p.now, false);
}

export function transition(call: Call, input: CallInput, now: number): Transition {
  const { phase } = call;
  const over = phase === 'ended';
  switch (input.type) {
    case 'received':
      if (phase === 'calling') return ok({ ...call, phase: 'ringing' });
      if (phase === 'ringing') return ok(call);
      return refuse(call, input);

    case 'accepted': {
      if (over && !call.ongoing) return refuse(call, input);
      const next = withParticipant(call, input.userId, { state: 'joined' });
      if (phase === 'calling' || phase === 'ringing') return ok({ ...next, phase: 'in-call', joinedAt: now });
      return ok(next);
    }

    case 'declined':
    case 'missed': {
      if (over && !call.ongoing) return refuse(call, input);
      if (!has(call, input.userId)) return refuse(call, input);
      const next = withParticipant(call, input.userId, { state: input.type === 'declined' ? 'declined' : 'missed' });
      if (phase !== 'calling' && phase !== 'ringing') return ok(next);
      // Placed and not answered: over once every callee has said no or rung out.
      if (next.participants.some((p) => p.state === 'invited' || p.state === 'joined')) return ok(next);
      const allDeclined = next.participants.every((p) => p.state === 'declined');
      const busy = input.type === 'declined' && input.busy === true && !next.group;
      return ok(ended(next, busy ? 'busy' : allDeclined ? 'declined' : 'no-answer', now, false));
    }

    case 'left': {
      if (over && !call.ongoing) return refuse(call, input);
      if (!has(call, input.userId)) return refuse(call, input);
      const next = withParticipant(call, input.userId, { state: 'left' });
      if (over) return ok(next);
      const remote: CallEndReason = input.reason === 'failed' ? 'failed' : 'remote-hung-up';
      if (phase === 'incoming') {
        // The caller gave up before I answered (a group call runs on while someone is in it).
        const someoneIn = next.participants.some((p) => p.state === 'joined');
        if (!next.group || !someoneIn) return ok(ended(next, 'cancelled', now, false));
        return ok(next);
      }
      // A 1:1 call ends when either side leaves; a group call when nobody else is left in it.
      if (!next.group) return ok(ended(next, phase === 'in-call' ? remote : 'declined', now, false));
      const othersIn = next.participants.some((p) => p.state === 'joined' || p.state === 'invited');
      return ok(othersIn ? next : ended(next, remote, now, false));
    }

    case 'over': {
      if (over) return call.ongoing ? ok({ ...call, ongoing: false }) : refuse(call, input);
      let reason: CallEndReason;
      if (input.status === 'timeout') reason = 'no-answer';
      else if (phase === 'incoming') reason = 'cancelled';
      else if (input.reason === 'failed') reason = 'failed';
      else if (phase === 'in-call') reason = 'remote-hung-up';
      else reason = call.participants.length > 0 && call.participants.every((p) => p.state === 'declined') ? 'declined' : 'no-answer';
      return ok(ended(call, reason, now, false));
    }

    case 'cancelled':
      if (phase !== 'incoming' || input.userId !== call.callerId) return refuse(call, input);
      return ok(ended(call, 'cancelled', now, false));

    case 'answered-elsewhere':
      if (phase !== 'incoming') return refuse(call, input);
      return ok(ended(call, 'answered-elsewhere', now, false));

    case 'accept': {
      if (phase !== 'incoming' && !(over && call.ongoing)) return refuse(call, input);
      let next: Call = { ...call, phase: 'in-call', joinedAt: now, local: { ...call.local, videoOn: input.videoOn } };
      delete next.endedAt;
      delete next.endReason;
      delete next.ongoing;
      // The server's list is the truth now: anyone I thought joined who is not in it left while
      // I was out of the call (joining a group call late), and gets no peer.
      const joinedNow = new Set(input.joinedIds);
      for (const p of call.participants) {
        if (p.state === 'joined' && !joinedNow.has(p.userId)) next = withParticipant(next, p.userId, { state: 'left' });
      }
      for (const userId of input.joinedIds) next = withParticipant(next, userId, { state: 'joined' });
      return ok(next);
    }

    case 'decline':
      if (phase !== 'incoming') return refuse(call, input);
      return ok(ended(call, 'declined', now, runsWithoutMe(call)));

    case 'hang-up': {
      if (over) return refuse(call, input);
      if (phase === 'incoming') {
        const reason: CallEndReason = input.reason === 'hung-up' ? 'declined' : input.reason;
        return ok(ended(call, reason, now, runsWithoutMe(call)));
      }
      // A caller who leaves before anyone answered ends the call for everyone (a cancel).
      return ok(ended(call, input.reason, now, phase === 'in-call' && runsWithoutMe(call)));
    }

    case 'ring-timeout':
      if (phase !== 'calling' && phase !== 'ringing' && phase !== 'incoming') return refuse(call, input);
      return ok(ended(call, 'no-answer', now, phase === 'incoming' && runsWithoutMe(call)));

    case 'refused':
      if (phase === 'incoming' || (over && call.ongoing)) {
        // A full group call still runs (Join may work later); an unavailable one does not.
        return ok(ended(call, input.reason, now, input.reason === 'full' && call.group));
      }
      if (phase === 'calling' || phase === 'ringing') return ok(ended(call, input.reason, now, false));
      return refuse(call, input);

    case 'remote-media': {
      if (over || !has(call, input.userId)) return refuse(call, input);
      const changes: Partial<CallParticipant> = { videoOn: input.videoOn };
      if (input.audioMuted !== undefined) changes.audioMuted = input.audioMuted;
      const next = withParticipant(call, input.userId, changes);
      // The one who asked for video turned their own camera on: the request is answered.
      return ok(input.videoOn && next.videoRequestFrom === input.userId ? without(next, 'videoRequestFrom') : next);
    }

    case 'video-request':
      if (phase !== 'in-call' || !has(call, input.userId)) return refuse(call, input);
      return ok({ ...call, videoRequestFrom: input.userId });

    case 'local-media': {
      if (over) return refuse(call, input);
      const local = {
        audioMuted: input.audioMuted ?? call.local.audioMuted,
        videoOn: input.videoOn ?? call.local.videoOn,
      };
      const next = { ...call, local };
      // Turning the camera on answers a request for video.
      return ok(input.videoOn === true ? without(next, 'videoRequestFrom') : next);
    }
  }
}

/** After I leave: does the group call go on for others? (Two others still in it: the server ends a call with one.) */
function runsWithoutMe(call: Call): boolean {
  if (!call.group) return false;
  const joined = call.participants.filter((p) => p.state === 'joined').length;
  // I was in it: it needs two others. I never joined: it runs while anyone is in it.
  return call.phase === 'in-call' ? joined >= 2 : joined >= 1;
}

function ended(call: Call, reason: CallEndReason, now: number, ongoing: boolean): Call {
  const next: Call = { ...call, phase: 'ended', endReason: reason, endedAt: now };
  delete next.videoRequestFrom;
  if (ongoing) next.ongoing = true;
  else delete next.ongoing;
  return next;
}

function ok(call: Call): Transition {
  return { ok: true, call };
}

function has(call: Call, userId: Id): boolean {
  return call.participants.some((p) => p.userId === userId);
}

/** The call with one participant changed; someone new (a late joiner) is added. */
function withParticipant(call: Call, userId: Id, changes: Partial<CallParticipant>): Call {
  if (!has(call, userId)) return { ...call, participants: [...call.participants, { ...participant(userId, 'invited', call.media), ...changes }] };
  return { ...call, participants: call.participants.map((p) => (p.userId === userId ? { ...p, ...changes } : p)) };
}

/** Until they say otherwise (events 5 / 6), a participant sends what the call was placed as. */
function participant(userId: Id, state: CallParticipant['state'], media: CallMedia): CallParticipant {
  return { userId, state, audioMuted: false, videoOn: media === 'video' };
}

function without<K extends keyof Call>(call: Call, key: K): Call {
  const next = { ...call };
  delete next[key];
  return next;
}

function unique(ids: readonly Id[]): Id[] {
  return [...new Set(ids)];
}
