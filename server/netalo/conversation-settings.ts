// A member's own handling of a conversation (server/PROTOCOL.md): delete_conversation (clear
// my copy of the history; I stay a member), mute / unmute, pin / unpin, and accept_group
// (accept a message request). Each is the caller's business only: the caller's other
// sessions are told, nobody else (except accept_group, which the others see too).

import type { Handler } from './context';
import type { MemberFlag } from './member-store';
import { groupOfMember, pushGroupViews, pushToUsers } from './membership';
import { acceptConversation } from './requests';
import { groupIdRequest, parseRequest } from './validate';

const deleteConversation: Handler = (ctx, payload) => {
  const req = parseRequest(groupIdRequest, payload);
  const { transaction, members } = ctx.services;
  return transaction(() => {
    const group = groupOfMember(ctx, req.group_id);
    // The mark is the latest message now ("0" when there is none): everything up to it is
    // gone for the caller (history, change feed, unread) and the group leaves the caller's
    // list until something newer arrives.
    members.clear(group.groupId, ctx.uin, group.lastMessageId ?? '0');
    pushToUsers(ctx, [ctx.uin], 'delete_conversation', { group_id: group.groupId }, { exceptSocketId: ctx.socketId });
    return {};
  });
};

/** mute_group / unmute_group / pin_group / unpin_group: one flag of the caller's, and the same event to their other sessions. */
function flagHandler(event: string, flag: MemberFlag, on: boolean): Handler {
  return (ctx, payload) => {
    const req = parseRequest(groupIdRequest, payload);
    const { transaction, members } = ctx.services;
    return transaction(() => {
      const group = groupOfMember(ctx, req.group_id);
      if (members.setFlagTo(group.groupId, ctx.uin, flag, on)) {
        pushToUsers(ctx, [ctx.uin], event, { group_id: group.groupId }, { exceptSocketId: ctx.socketId });
      }
      return {};
    });
  };
}

const acceptGroup: Handler = (ctx, payload) => {
  const req = parseRequest(groupIdRequest, payload);
  const { transaction, views } = ctx.services;
  return transaction(() => {
    const group = groupOfMember(ctx, req.group_id);
    // Accepting twice is not an error: the outcome is the same, and nothing is announced.
    if (acceptConversation(ctx, group.groupId, ctx.uin)) {
      pushGroupViews(ctx, 'update_group', group, group.occupants, { exceptSocketId: ctx.socketId });
    }
    return { group: views.view(group, ctx.uin) };
  });
};

export const conversationSettingsHandlers: Readonly<Record<string, Handler>> = {
  delete_conversation: deleteConversation,
  mute_group: flagHandler('mute_group', 'muted', true),
  unmute_group: flagHandler('unmute_group', 'muted', false),
  pin_group: flagHandler('pin_group', 'pinned', true),
  unpin_group: flagHandler('unpin_group', 'pinned', false),
  accept_group: acceptGroup,
};
