// Receipts: update_message {group_id, message_id, status, message: ""} (what real clients
// send) moves the caller's own received (status 2) or seen (status 3) mark in the group up to
// that message, never down; seen implies received. Other statuses change nothing.
// Everyone then learns it through the group object (group-view.ts): the other members see
// received_list / seen_list move, the caller's other sessions see unread_cnt drop. A member
// whose request is pending tells only their own sessions: their marks are not shown to others.

import type { RequestContext } from './context';
import type { MessageRecord } from './message-store';
import { pushGroupViews, reload } from './membership';

export const ReceiptStatus = { received: 2, seen: 3 } as const;

/** Call inside the request's transaction, the message checked to be in a group of the caller's. */
export function recordReceipt(ctx: RequestContext, message: MessageRecord, status: number | undefined): void {
  const kind = status === ReceiptStatus.received ? 'received' : status === ReceiptStatus.seen ? 'seen' : undefined;
  if (!kind) return;
  const { members } = ctx.services;
  if (!members.raiseMark(message.groupId, ctx.uin, kind, message.messageId)) return;
  const group = reload(ctx, message.groupId);
  const accepted = members.state(message.groupId, ctx.uin)?.accepted ?? false;
  const audience = accepted ? group.occupants : [ctx.uin];
  pushGroupViews(ctx, 'update_group', group, audience, { exceptSocketId: ctx.socketId });
}
