// What every call request starts with: the call, found by its ID (and its group, when the
// request names one), and the caller checked to be a member of the call's conversation.

import type { RequestContext } from '../context';
import type { GroupRecord } from '../group-store';
import { groupOfMember } from '../membership';
import { forbidden, notFound } from '../results';
import type { CallOut } from './call-flow';
import type { LiveCall } from './call-registry';

export function callOf(ctx: RequestContext, callId: string, groupId: string | undefined): { live: LiveCall; group: GroupRecord } {
  const live = ctx.services.calls.get(callId);
  if (!live || (groupId !== undefined && groupId !== live.state.groupId)) {
    throw notFound(groupId === undefined ? `call_id: no call ${callId}` : `call_id: no call ${callId} in group ${groupId}`);
  }
  return { live, group: groupOfMember(ctx, live.state.groupId) };
}

/** A request's pushes: after its ack, not to the socket that asked (it has the ack). */
export function outOf(ctx: RequestContext): CallOut {
  return { services: ctx.services, later: ctx.afterAck, exceptSocketId: ctx.socketId };
}

/** A `uin`-like field of a request must name the caller, when it is there at all. */
export function checkSelf(ctx: RequestContext, fields: Record<string, string | undefined>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined && value !== ctx.uin) throw forbidden(`${field}: you can only act as yourself`);
  }
}

export const BLOCKED_CALL_REASON = 'you were blocked in this conversation: you cannot call in it';
