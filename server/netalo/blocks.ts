// block_user / unblock_user (server/PROTOCOL.md). In a 1:1 conversation either member may
// block the other (and only the one who blocked can unblock); in a group, only its owner.
// A blocked member stays a member and keeps reading, but their messages are refused
// (messages.ts) and their typing is not relayed (typing.ts). Every member learns of it
// through blocked_uins in the group object: the blocked user is told why sends fail anyway.

import type { Handler, RequestContext } from './context';
import type { GroupRecord } from './group-store';
import { groupOfMember, pushGroupViews } from './membership';
import { forbidden, invalidRequest, notFound } from './results';
import { blockUserRequest, parseRequest, unblockUserRequest } from './validate';

/** The group and the member to (un)block, after every check of who may do it. */
function checkBlock(ctx: RequestContext, groupId: string, target: string, field: string): GroupRecord {
  const group = groupOfMember(ctx, groupId);
  if (target === ctx.uin) throw invalidRequest(`${field}: you cannot block or unblock yourself`);
  if (!group.occupants.includes(target)) throw notFound(`${field}: no member ${target} in this group`);
  if (!group.direct && group.ownerUin !== ctx.uin) throw forbidden("only the group's owner can block or unblock its members");
  return group;
}

const blockUser: Handler = (ctx, payload) => {
  const req = parseRequest(blockUserRequest, payload);
  const { transaction, members } = ctx.services;
  return transaction(() => {
    const group = checkBlock(ctx, req.group_id, req.blocked_uin, 'blocked_uin');
    if (members.block(group.groupId, req.blocked_uin, ctx.uin)) pushGroupViews(ctx, 'update_group', group, group.occupants);
    return {};
  });
};

const unblockUser: Handler = (ctx, payload) => {
  const req = parseRequest(unblockUserRequest, payload);
  const { transaction, members } = ctx.services;
  return transaction(() => {
    const group = checkBlock(ctx, req.group_id, req.unblocked_uin, 'unblocked_uin');
    if (members.unblock(group.groupId, req.unblocked_uin)) pushGroupViews(ctx, 'update_group', group, group.occupants);
    return {};
  });
};

export const blockHandlers: Readonly<Record<string, Handler>> = {
  block_user: blockUser,
  unblock_user: unblockUser,
};
