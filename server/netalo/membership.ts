// What most handlers start or end with: the group, checked to exist and to have the caller
// as a member; and pushing a group object to several members, each seeing their own view.

import type { RequestContext } from './context';
import type { GroupHead, GroupRecord } from './group-store';
import { forbidden, notFound } from './results';
import type { MessageGroupContext } from './wire-objects';

/** The group, if it exists (else result 3) and the caller is a member (else result 4). */
export function groupOfMember(ctx: RequestContext, groupId: string): GroupRecord {
  const group = ctx.services.groups.get(groupId);
  if (!group) throw notFound(`group_id: no group ${groupId}`);
  if (!group.occupants.includes(ctx.uin)) throw forbidden('you are not a member of this group');
  return group;
}

/** groupOfMember without the group's last message (one read less). */
export function groupHeadOfMember(ctx: RequestContext, groupId: string): GroupHead {
  const group = ctx.services.groups.getHead(groupId);
  if (!group) throw notFound(`group_id: no group ${groupId}`);
  if (!group.occupants.includes(ctx.uin)) throw forbidden('you are not a member of this group');
  return group;
}

/** The group as it is now (after this request's writes); it exists: the request checked. */
export function reload(ctx: RequestContext, groupId: string): GroupRecord {
  const group = ctx.services.groups.get(groupId);
  if (!group) throw new Error(`group ${groupId} vanished inside its own transaction`);
  return group;
}

/**
 * Queues, for after the ack, `event` with the group as each of `uins` sees it. Call inside
 * the request's transaction, after its writes: the views are built now, from what commits;
 * if the transaction fails, the dispatcher drops the queued push with it.
 */
export function pushGroupViews(
  ctx: RequestContext,
  event: 'group' | 'update_group',
  group: GroupRecord,
  uins: readonly string[],
  opts: { exceptSocketId?: string } = {},
): void {
  if (uins.length === 0) return;
  const views = ctx.services.views.viewsFor(group, uins);
  ctx.afterAck(() => {
    for (const { uin, group: view } of views) ctx.services.push.toUsers([uin], event, view, opts);
  });
}

/** Queues `event` with the same data to every socket of `uins` (except one socket, if given). */
export function pushToUsers(ctx: RequestContext, uins: readonly string[], event: string, data: unknown, opts: { exceptSocketId?: string } = {}): void {
  if (uins.length === 0) return;
  const targets = [...uins];
  ctx.afterAck(() => ctx.services.push.toUsers(targets, event, data, opts));
}

/**
 * What a message object tells about its group (wire-objects.ts): the group now, and its
 * members' marks (`marks`: the caller read them already, and nothing changed them since).
 */
export function messageContext(
  ctx: RequestContext,
  group: Pick<GroupRecord, 'groupId' | 'type' | 'occupants' | 'name' | 'avatarUrl'>,
  marks: MessageGroupContext['marks'] = ctx.services.members.states(group.groupId),
): MessageGroupContext {
  return { type: group.type, occupants: group.occupants, name: group.name, avatarUrl: group.avatarUrl, marks };
}
