// What follows a change to a call, whoever made it (a request, the ring timer, the vanished-
// participant watch): the pushes that tell the people in the call, and, when the change
// ended the call, its history line. The order is the order clients see: the change itself,
// then (if the call is over) the final `stop_call`, then the line's `message`.

import type { NetaloServices } from '../context';
import { everyone, type CallState } from './call-machine';
import { writeCallLine, type Later } from './call-lines';
import type { CallRegistry, LiveCall } from './call-registry';
import { callToWire, CallStatusCode } from './call-wire';

/** Where a change's pushes go: after the request's ack (or the timer's transaction), never to the socket that asked. */
export interface CallOut {
  services: NetaloServices;
  later: Later;
  exceptSocketId?: string;
}

/** Queues `event` to every socket of `uins` (each user once), except the asking socket. */
export function pushTo(out: CallOut, uins: readonly string[], event: string, data: unknown): void {
  const targets = [...new Set(uins)];
  if (targets.length === 0) return;
  const opts = out.exceptSocketId ? { exceptSocketId: out.exceptSocketId } : {};
  out.later(() => out.services.push.toUsers(targets, event, data, opts));
}

/** `answer_call` {call_id, group_id, uin, callee_uin, answer, reason?, call} to everyone the call concerns. */
export function announceAnswer(out: CallOut, live: LiveCall, call: CallState, uin: string, answer: number, reason?: string): void {
  pushTo(out, [...everyone(call), uin], 'answer_call', {
    call_id: call.callId,
    group_id: call.groupId,
    uin,
    callee_uin: uin,
    answer,
    ...(reason ? { reason } : {}),
    call: callToWire(call, live.labels),
  });
}

/**
 * `stop_call` {call_id, group_id, uin, call_status, reason?, call} to everyone the call
 * concerns (those who declined or missed a group call too: it may still be going, and they
 * may join). call_status 1: `uin` left and the call goes on; 2 / 3: it is over.
 */
export function announceStop(out: CallOut, live: LiveCall, call: CallState, uin: string, reason?: string): void {
  pushTo(out, [...everyone(call), uin], 'stop_call', {
    call_id: call.callId,
    group_id: call.groupId,
    uin,
    call_status: CallStatusCode[call.status],
    ...(reason ? { reason } : {}),
    call: callToWire(call, live.labels),
  });
}

/**
 * Makes `next` the call's state: writes the line if it just ended (first, so a failed write
 * leaves the call as it was), then records it. Call inside the change's transaction, after
 * queuing the change's own pushes.
 */
export function settleChange(out: CallOut, registry: CallRegistry, live: LiveCall, next: CallState): void {
  if (live.state.status === 'ongoing' && next.status !== 'ongoing') writeCallLine(out.services, next, out.later);
  registry.put(live, next);
}

/** The change ended the call and was not itself a stop: tell everyone with the final stop_call. */
export function announceEndIfOver(out: CallOut, live: LiveCall, next: CallState, uin: string, reason?: string): void {
  if (live.state.status === 'ongoing' && next.status !== 'ongoing') announceStop(out, live, next, uin, reason);
}
