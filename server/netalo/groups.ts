// Netalo requests about groups: list_group, check_group, create_group (server/PROTOCOL.md).
// Changing a group is group-admin.ts's; a member's own settings are conversation-settings.ts's.

import type { Handler } from './context';
import { messageContext, pushGroupViews, pushToUsers, reload } from './membership';
import { forbidden, invalidRequest, notFound } from './results';
import { startsAccepted } from './requests';
import { postSystemMessage } from './system-messages';
import { checkGroupRequest, createGroupRequest, GroupType, LIMITS, listGroupRequest, parseRequest, SortBy } from './validate';
import { messageToWire } from './wire-objects';

/** The caller first, then the others as given, each once: the caller is always a member. */
function withCaller(caller: string, others: string[]): string[] {
  return [caller, ...others.filter((uin) => uin !== caller)];
}

const listGroup: Handler = (ctx, payload) => {
  const req = parseRequest(listGroupRequest, payload);
  if (req.uin !== undefined && req.uin !== ctx.uin) throw forbidden('uin: you can only list your own groups');
  // Only the groups the caller may see: someone else's before its first message, and one the
  // caller cleared with nothing newer, are left out (group-store.ts).
  const groups = ctx.services.groups.listForUser(ctx.uin, {
    order: req.sort_by === SortBy.creation ? 'creation' : 'activity',
    offset: req.pindex * req.psize,
    limit: req.psize,
  });
  return { groups: groups.map((g) => ctx.services.views.view(g, ctx.uin)) };
};

const checkGroup: Handler = (ctx, payload) => {
  const req = parseRequest(checkGroupRequest, payload);
  const occupants = withCaller(ctx.uin, req.occupants_uins);
  const { groups } = ctx.services;
  const group =
    req.type === GroupType.private && occupants.length === 2
      ? groups.findDirect([occupants[0] as string, occupants[1] as string])
      : groups.findByMembers(req.type, occupants, ctx.uin);
  if (!group) throw notFound('no group of that type with exactly those members');
  return { group: ctx.services.views.view(group, ctx.uin) };
};

const createGroup: Handler = (ctx, payload) => {
  const req = parseRequest(createGroupRequest, payload);
  const { users, groups, groupIds, clock, transaction, views } = ctx.services;
  const occupants = withCaller(ctx.uin, req.occupants_uins);
  if (occupants.length > LIMITS.members) throw invalidRequest(`occupants_uins: a group has at most ${LIMITS.members} members`);
  const owner = req.owner_uin ?? ctx.uin;
  if (!occupants.includes(owner)) throw invalidRequest('owner_uin: the owner must be one of the members');
  // Creating a group in someone else's name would act as them: the creator owns it.
  if (owner !== ctx.uin) throw forbidden('owner_uin: you can only create groups you own');
  // A private group of two is the 1:1 conversation: there is only ever one per pair.
  const direct = req.type === GroupType.private && occupants.length === 2;

  return transaction(() => {
    const missing = users.missing(occupants);
    if (missing.length > 0) throw notFound(`occupants_uins: no user ${missing.slice(0, 5).join(', ')}`);
    if (direct) {
      const existing = groups.findDirect([occupants[0] as string, occupants[1] as string]);
      if (existing) return { group: views.view(existing, ctx.uin) };
    }
    const created = groups.create({
      groupId: groupIds.next(),
      type: req.type,
      name: req.name,
      avatarUrl: req.avatar_url,
      ownerUin: owner,
      creatorUin: ctx.uin,
      direct,
      // Someone the caller has never talked to gets it as a message request (requests.ts).
      members: occupants.map((uin) => ({ uin, accepted: startsAccepted(ctx, uin, ctx.uin) })),
      createdAt: Math.floor(clock() / 1000),
    });
    if (direct) {
      // No system line: the peer first hears of it with its first message (messages.ts).
      // The caller's other devices learn of it now; this socket has it in the ack.
      pushGroupViews(ctx, 'group', created, [ctx.uin], { exceptSocketId: ctx.socketId });
      return { group: views.view(created, ctx.uin) };
    }
    // A group shows at once, with its first line: "X created the group".
    const line = postSystemMessage(ctx, created.groupId, { action: 'created', actor: ctx.uin, name: req.name });
    const group = reload(ctx, created.groupId);
    pushGroupViews(ctx, 'group', group, group.occupants, { exceptSocketId: ctx.socketId });
    // System lines reach every member socket, the caller's too, as any message does.
    pushToUsers(ctx, group.occupants, 'message', messageToWire(line, messageContext(ctx, group)));
    return { group: views.view(group, ctx.uin) };
  });
};

export const groupHandlers: Readonly<Record<string, Handler>> = {
  list_group: listGroup,
  check_group: checkGroup,
  create_group: createGroup,
};
