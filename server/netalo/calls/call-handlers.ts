// create_call, answer_call, stop_call and call_status (server/PROTOCOL.md, Calls). Each
// checks membership, asks the call machine (call-machine.ts) for the change, and leaves the
// pushes and the history line to call-flow.ts. Repeating a request whose change is already
// made (an accept by someone in the call, a stop by someone who left, anything on a call
// that is over) answers 0 and changes nothing: a resend after a lost ack is not an error.

import type { Handler } from '../context';
import { groupOfMember } from '../membership';
import { forbidden, Result } from '../results';
import { parseRequest } from '../validate';
import { acceptCall, declineCall, leaveCall, markBusy, missCall, startCall, stateOf, type CallState, type Step } from './call-machine';
import { BLOCKED_CALL_REASON, callOf, checkSelf, outOf } from './call-access';
import { announceAnswer, announceEndIfOver, announceStop, pushTo, settleChange } from './call-flow';
import type { LiveCall } from './call-registry';
import { Answer, answerCallRequest, CALL_EVENT_TYPES, callStatusRequest, createCallRequest, stopCallRequest } from './call-requests';
import { callToWire } from './call-wire';

const BUSY_REASON = 'busy: the person you called is in another call';

function refused(step: Step): CallState {
  if (!step.ok) throw forbidden(step.reason);
  return step.call;
}

const createCall: Handler = (ctx, payload) => {
  const req = parseRequest(createCallRequest, payload);
  const { transaction, members, users, ids, clock, calls, presence } = ctx.services;
  return transaction(() => {
    const group = groupOfMember(ctx, req.group_id);
    if (members.isBlocked(group.groupId, ctx.uin)) throw forbidden(BLOCKED_CALL_REASON);
    for (const uin of req.callee_uins) {
      if (uin !== ctx.uin && !group.occupants.includes(uin)) throw forbidden(`callee_uins: ${uin} is not a member of this group`);
    }
    // One call per conversation: a second caller gets the running call, and joins it.
    const running = calls.ongoingIn(group.groupId);
    if (running) return { call: callToWire(running.state, running.labels) };

    // Every other member rings (not those blocked in the conversation), whatever the list said.
    const callees = group.occupants.filter((uin) => uin !== ctx.uin && !members.isBlocked(group.groupId, uin));
    const now = clock();
    const call = refused(
      startCall({ callId: ids.next(), groupId: group.groupId, media: req.media_type as 1 | 2, direct: group.direct, callerUin: ctx.uin, calleeUins: callees, now }),
    );
    const live: LiveCall = {
      state: call,
      labels: {
        groupName: req.group_name ?? group.name,
        groupAvatar: req.group_avatar ?? group.avatarUrl,
        senderName: req.sender_name ?? users.get(ctx.uin)?.displayName ?? '',
        sendAvatar: req.send_avatar ?? '',
      },
    };
    const out = outOf(ctx);

    if (call.direct && calls.isInCall(callees[0]!)) {
      // Busy: over at once, and the line says so (for the callee: a call they missed).
      const busy = refused(markBusy(call, now));
      settleChange(out, calls, live, busy);
      return { result: Result.busy, reason: BUSY_REASON, call: callToWire(busy, live.labels) };
    }

    calls.put(live, call);
    const wire = callToWire(call, live.labels);
    pushTo(out, callees, 'start_call', { call: wire });
    // "Ringing" for the caller, on every socket (the asking one holds the call), for each
    // callee the start_call reached: clients that never send event 3 still show it.
    const toCaller = { services: ctx.services, later: ctx.afterAck };
    for (const callee of callees.filter((uin) => presence.isOnline(uin))) {
      pushTo(toCaller, [ctx.uin], 'event', {
        type: CALL_EVENT_TYPES.received,
        sender_uin: callee,
        receiver_uin: ctx.uin,
        call_id: call.callId,
        group_id: call.groupId,
        data: '',
      });
    }
    return { call: wire };
  });
};

const answerCall: Handler = (ctx, payload) => {
  const req = parseRequest(answerCallRequest, payload);
  checkSelf(ctx, { uin: req.uin, callee_uin: req.callee_uin });
  const { transaction, clock, members } = ctx.services;
  return transaction(() => {
    const { live } = callOf(ctx, req.call_id, req.group_id);
    const call = live.state;
    const mine = stateOf(call, ctx.uin);
    const out = outOf(ctx);
    const now = clock();

    if (req.answer === Answer.accept) {
      if (call.status === 'ongoing' && mine === 'joined') return { call: callToWire(call, live.labels) };
      if (members.isBlocked(call.groupId, ctx.uin)) throw forbidden(BLOCKED_CALL_REASON);
      const next = refused(acceptCall(call, ctx.uin, now));
      announceAnswer(out, live, next, ctx.uin, Answer.accept);
      settleChange(out, ctx.services.calls, live, next);
      return { call: callToWire(next, live.labels) };
    }

    // reject / timeout / failed: nothing left to do on a call that is over, or for someone already out of it.
    if (call.status !== 'ongoing' || mine === 'declined' || mine === 'missed' || mine === 'left') return { call: callToWire(call, live.labels) };
    if (mine === 'joined') {
      // Someone in the call saying no (or failing) leaves it.
      const next = refused(leaveCall(call, ctx.uin, now));
      announceStop(out, live, next, ctx.uin, req.answer === Answer.failed ? 'failed' : 'hung-up');
      settleChange(out, ctx.services.calls, live, next);
      return { call: callToWire(next, live.labels) };
    }
    const busy = req.answer === Answer.reject && req.reason === 'busy';
    const step =
      req.answer === Answer.reject
        ? declineCall(call, ctx.uin, now, { busy })
        : missCall(call, ctx.uin, now, req.answer === Answer.timeout ? 'timeout' : 'failed');
    const next = refused(step);
    announceAnswer(out, live, next, ctx.uin, req.answer, busy ? 'busy' : undefined);
    announceEndIfOver(out, live, next, ctx.uin);
    settleChange(out, ctx.services.calls, live, next);
    return { call: callToWire(next, live.labels) };
  });
};

const stopCall: Handler = (ctx, payload) => {
  const req = parseRequest(stopCallRequest, payload);
  checkSelf(ctx, { uin: req.uin });
  const { transaction, clock } = ctx.services;
  return transaction(() => {
    const { live } = callOf(ctx, req.call_id, req.group_id);
    const call = live.state;
    const mine = stateOf(call, ctx.uin);
    if (call.status === 'ongoing' && mine === undefined) throw forbidden('you are not in this call');
    if (call.status !== 'ongoing' || (mine !== 'joined' && mine !== 'invited')) return { call: callToWire(call, live.labels) };
    const out = outOf(ctx);
    const now = clock();
    if (mine === 'invited') {
      // Stopping a call that still rings for you is declining it.
      const next = refused(declineCall(call, ctx.uin, now));
      announceAnswer(out, live, next, ctx.uin, Answer.reject);
      announceEndIfOver(out, live, next, ctx.uin);
      settleChange(out, ctx.services.calls, live, next);
      return { call: callToWire(next, live.labels) };
    }
    const next = refused(leaveCall(call, ctx.uin, now));
    announceStop(out, live, next, ctx.uin, req.reason);
    settleChange(out, ctx.services.calls, live, next);
    return { call: callToWire(next, live.labels) };
  });
};

const callStatus: Handler = (ctx, payload) => {
  const req = parseRequest(callStatusRequest, payload);
  const { live } = callOf(ctx, req.call_id, req.group_id);
  const wire = callToWire(live.state, live.labels);
  return { call_id: wire.call_id, group_id: wire.group_id, call_status: wire.call_status, call: wire };
};

export const callHandlers: Readonly<Record<string, Handler>> = {
  create_call: createCall,
  answer_call: answerCall,
  stop_call: stopCall,
  call_status: callStatus,
};
