// Changing a group (server/PROTOCOL.md): update_group, by its owner (name, picture, owner,
// type, members added and removed), and leave_group, by any member. A 1:1 conversation is
// never changed: it is the pair's, whoever created it. Each kind of change leaves one system
// line in the timeline (system-messages.ts).

import type { Handler, RequestContext } from './context';
import type { GroupRecord } from './group-store';
import { groupOfMember, messageContext, pushGroupViews, pushToUsers, reload } from './membership';
import type { MessageRecord } from './message-store';
import { startsAccepted } from './requests';
import { forbidden, invalidRequest, notFound } from './results';
import { postSystemMessage, type SystemEvent } from './system-messages';
import { GroupType, groupIdRequest, LIMITS, parseRequest, updateGroupRequest } from './validate';
import { messageToWire } from './wire-objects';

export const OWNER_ONLY_REASON = "only the group's owner can change it";
const DIRECT_UNCHANGEABLE_REASON = 'a direct conversation cannot be changed';

/** The group, the caller a member, not a 1:1 conversation. */
function changeableGroup(ctx: RequestContext, groupId: string, directReason: string): GroupRecord {
  const group = groupOfMember(ctx, groupId);
  if (group.direct) throw forbidden(directReason);
  return group;
}

/** Only community and public groups change into each other: a private group stays private. */
function checkTypeChange(from: number, to: number | undefined): void {
  if (to === undefined || to === from) return;
  const open: number[] = [GroupType.community, GroupType.public];
  if (!open.includes(from) || !open.includes(to)) {
    throw invalidRequest('type: only a community (2) and a public (3) group can change into each other');
  }
}

/** Stores the system lines of a change and queues their pushes to `members`; in order. */
function postLines(ctx: RequestContext, groupId: string, events: SystemEvent[]): MessageRecord[] {
  return events.map((event) => postSystemMessage(ctx, groupId, event));
}

function pushLines(ctx: RequestContext, lines: MessageRecord[], group: GroupRecord): void {
  const context = messageContext(ctx, group);
  for (const line of lines) pushToUsers(ctx, group.occupants, 'message', messageToWire(line, context));
}

const updateGroup: Handler = (ctx, payload) => {
  const req = parseRequest(updateGroupRequest, payload);
  const { transaction, groups, members, users, clock, views } = ctx.services;

  return transaction(() => {
    const group = changeableGroup(ctx, req.group_id, DIRECT_UNCHANGEABLE_REASON);
    if (group.ownerUin !== ctx.uin) throw forbidden(OWNER_ONLY_REASON);
    checkTypeChange(group.type, req.type);

    const pulled = new Set(req.pull_all);
    if (req.push_all.some((uin) => pulled.has(uin))) throw invalidRequest('push_all, pull_all: a user cannot be both added and removed');
    const added = req.push_all.filter((uin) => !group.occupants.includes(uin));
    const removed = group.occupants.filter((uin) => pulled.has(uin));
    const missing = users.missing(added);
    if (missing.length > 0) throw notFound(`push_all: no user ${missing.slice(0, 5).join(', ')}`);
    const membersAfter = [...group.occupants.filter((uin) => !pulled.has(uin)), ...added];
    if (membersAfter.length > LIMITS.members) throw invalidRequest(`push_all: a group has at most ${LIMITS.members} members`);

    const owner = req.owner_uin ?? group.ownerUin;
    if (removed.includes(group.ownerUin) && owner === group.ownerUin) {
      throw invalidRequest('pull_all: the owner cannot be removed unless owner_uin names a new owner');
    }
    if (!membersAfter.includes(owner)) throw invalidRequest('owner_uin: the owner must be a member after the change');
    if (owner !== group.ownerUin && members.isBlocked(group.groupId, owner)) {
      throw invalidRequest('owner_uin: a member blocked in this group cannot own it');
    }

    const renamed = req.name !== undefined && req.name !== group.name;
    const newAvatar = req.avatar_url !== undefined && req.avatar_url !== group.avatarUrl;
    const newOwner = owner !== group.ownerUin;
    const newType = req.type !== undefined && req.type !== group.type;
    if (!renamed && !newAvatar && !newOwner && !newType && added.length === 0 && removed.length === 0) {
      return { group: views.view(group, ctx.uin) }; // nothing to change: nothing to announce
    }

    // Whether a newcomer starts accepted depends on their history with the caller, before this change.
    const newcomers = added.map((uin) => ({ uin, accepted: startsAccepted(ctx, uin, ctx.uin) }));
    groups.updateFields(group.groupId, {
      ...(renamed ? { name: req.name } : {}),
      ...(newAvatar ? { avatarUrl: req.avatar_url } : {}),
      ...(newOwner ? { ownerUin: owner } : {}),
      ...(newType ? { type: req.type } : {}),
      updatedAt: Math.floor(clock() / 1000),
    });
    if (newcomers.length > 0) groups.addMembers(group.groupId, newcomers);
    if (removed.length > 0) groups.removeMembers(group.groupId, removed);

    const events: SystemEvent[] = [];
    if (renamed) events.push({ action: 'renamed', actor: ctx.uin, name: req.name ?? '' });
    if (newAvatar) events.push({ action: 'avatar', actor: ctx.uin });
    if (added.length > 0) events.push({ action: 'added', actor: ctx.uin, uins: added });
    if (removed.length > 0) events.push({ action: 'removed', actor: ctx.uin, uins: removed });
    if (newOwner) events.push({ action: 'owner', actor: ctx.uin, uins: [owner] });
    const lines = postLines(ctx, group.groupId, events);

    const after = reload(ctx, group.groupId);
    const stayed = after.occupants.filter((uin) => !added.includes(uin));
    // The new state first, then the lines that tell of it.
    pushGroupViews(ctx, 'group', after, added);
    pushGroupViews(ctx, 'update_group', after, stayed, { exceptSocketId: ctx.socketId });
    pushToUsers(ctx, removed, 'delete_group', { group_id: group.groupId }, { exceptSocketId: ctx.socketId });
    pushLines(ctx, lines, after);
    return { group: views.view(after, ctx.uin) };
  });
};

/**
 * Who inherits a group its owner leaves: the earliest remaining member who has accepted it
 * and is not blocked in it (a stranger's pending request, or a blocked member, should not
 * suddenly own it), else simply the earliest remaining member.
 */
function heirOf(ctx: RequestContext, groupId: string, remaining: string[]): string | undefined {
  const { members } = ctx.services;
  const states = new Map(members.states(groupId).map((s) => [s.uin, s]));
  const fit = remaining.find((uin) => states.get(uin)?.accepted && !members.isBlocked(groupId, uin));
  return fit ?? remaining[0];
}

const leaveGroup: Handler = (ctx, payload) => {
  const req = parseRequest(groupIdRequest, payload);
  const { transaction, groups, clock } = ctx.services;

  return transaction(() => {
    const group = changeableGroup(ctx, req.group_id, 'a direct conversation cannot be left: delete it instead (delete_conversation)');
    const remaining = group.occupants.filter((uin) => uin !== ctx.uin);
    const heir = group.ownerUin === ctx.uin ? heirOf(ctx, group.groupId, remaining) : undefined;
    groups.updateFields(group.groupId, { ...(heir ? { ownerUin: heir } : {}), updatedAt: Math.floor(clock() / 1000) });
    groups.removeMembers(group.groupId, [ctx.uin]);

    // The caller's other devices drop it; this socket has the ack.
    pushToUsers(ctx, [ctx.uin], 'delete_group', { group_id: group.groupId }, { exceptSocketId: ctx.socketId });
    if (remaining.length === 0) return {}; // the last one out: no one left to tell
    const events: SystemEvent[] = [{ action: 'left', actor: ctx.uin }];
    if (heir) events.push({ action: 'owner', actor: ctx.uin, uins: [heir] });
    const lines = postLines(ctx, group.groupId, events);
    const after = reload(ctx, group.groupId);
    pushGroupViews(ctx, 'update_group', after, after.occupants);
    pushLines(ctx, lines, after);
    return {};
  });
};

export const groupAdminHandlers: Readonly<Record<string, Handler>> = {
  update_group: updateGroup,
  leave_group: leaveGroup,
};
