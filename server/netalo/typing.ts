// `event` requests (server/PROTOCOL.md): types 8 (start typing) and 9 (stop typing) are
// relayed to the other members of the group as `event {type, group_id, sender_uin, data: ""}`.
// Not from a member whose request is pending (a stranger learns nothing from someone who has
// not accepted) nor from a blocked one; those are acknowledged and dropped, as typing is
// best effort. Every other type is acknowledged and ignored (1-7 belong to calls).

import type { Handler } from './context';
import { groupOfMember, pushToUsers } from './membership';
import { eventTypeRequest, parseRequest, typingEventRequest } from './validate';

export const EventType = { startTyping: 8, stopTyping: 9 } as const;

const relayEvent: Handler = (ctx, payload) => {
  const { type } = parseRequest(eventTypeRequest, payload);
  if (type !== EventType.startTyping && type !== EventType.stopTyping) return {};
  const req = parseRequest(typingEventRequest, payload);
  const group = groupOfMember(ctx, req.group_id);
  const { members } = ctx.services;
  const state = members.state(group.groupId, ctx.uin);
  if (!state?.accepted || members.isBlocked(group.groupId, ctx.uin)) return {};
  const others = group.occupants.filter((uin) => uin !== ctx.uin);
  pushToUsers(ctx, others, 'event', { type, group_id: group.groupId, sender_uin: ctx.uin, data: '' });
  return {};
};

export const typingHandlers: Readonly<Record<string, Handler>> = {
  event: relayEvent,
};
