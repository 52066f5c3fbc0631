// Netalo requests about groups: list_group, check_group, create_group (server/PROTOCOL.md).

import type { Handler } from './context';
import { groupToWire } from './wire-objects';
import { forbidden, invalidRequest, notFound } from './results';
import { checkGroupRequest, createGroupRequest, GroupType, LIMITS, listGroupRequest, parseRequest, SortBy } from './validate';

/** The caller first, then the others as given, each once: the caller is always a member. */
function withCaller(caller: string, others: string[]): string[] {
  return [caller, ...others.filter((uin) => uin !== caller)];
}

const listGroup: Handler = (ctx, payload) => {
  const req = parseRequest(listGroupRequest, payload);
  if (req.uin !== undefined && req.uin !== ctx.uin) throw forbidden('uin: you can only list your own groups');
  const groups = ctx.services.groups.listForUser(ctx.uin, {
    order: req.sort_by === SortBy.creation ? 'creation' : 'activity',
    offset: req.pindex * req.psize,
    limit: req.psize,
  });
  return { groups: groups.map(groupToWire) };
};

const checkGroup: Handler = (ctx, payload) => {
  const req = parseRequest(checkGroupRequest, payload);
  const group = ctx.services.groups.findByMembers(req.type, withCaller(ctx.uin, req.occupants_uins), ctx.uin);
  if (!group) throw notFound('no group of that type with exactly those members');
  return { group: groupToWire(group) };
};

const createGroup: Handler = (ctx, payload) => {
  const req = parseRequest(createGroupRequest, payload);
  const { users, groups, ids, clock, transaction } = ctx.services;
  const occupants = withCaller(ctx.uin, req.occupants_uins);
  if (occupants.length > LIMITS.members) throw invalidRequest(`occupants_uins: a group has at most ${LIMITS.members} members`);
  const owner = req.owner_uin ?? ctx.uin;
  if (!occupants.includes(owner)) throw invalidRequest('owner_uin: the owner must be one of the members');
  // Creating a group in someone else's name would act as them: the creator owns it.
  if (owner !== ctx.uin) throw forbidden('owner_uin: you can only create groups you own');

  const { group, created } = transaction(() => {
    const missing = users.missing(occupants);
    if (missing.length > 0) throw notFound(`occupants_uins: no user ${missing.slice(0, 5).join(', ')}`);
    // A private group of two is the 1:1 conversation: there is only ever one per pair.
    if (req.type === GroupType.private && occupants.length === 2) {
      const existing = groups.findByMembers(GroupType.private, occupants, ctx.uin);
      if (existing) return { group: existing, created: false };
    }
    const record = groups.create({
      groupId: ids.next(),
      type: req.type,
      name: req.name,
      avatarUrl: req.avatar_url,
      ownerUin: owner,
      creatorUin: ctx.uin,
      occupants,
      createdAt: Math.floor(clock() / 1000),
    });
    return { group: record, created: true };
  });

  const wire = groupToWire(group);
  if (created) {
    // Everyone else, and the caller's other devices; this socket has it in the ack.
    ctx.afterAck(() => ctx.services.push.toUsers(group.occupants, 'group', wire, { exceptSocketId: ctx.socketId }));
  }
  return { group: wire };
};

export const groupHandlers: Readonly<Record<string, Handler>> = {
  list_group: listGroup,
  check_group: checkGroup,
  create_group: createGroup,
};
