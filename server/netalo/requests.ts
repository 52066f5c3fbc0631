// Message requests (server/PROTOCOL.md): a conversation from someone you have never talked
// to waits for you to accept it. Until then no presence passes between you through it, your
// typing is not relayed and your receipts are not shown to the others.

import type { RequestContext } from './context';
import type { MemberState } from './member-store';

/**
 * Whether a new member starts accepted: only if they "have talked before" with the user who
 * created the conversation or added them (both accepted in some group). The creator always is.
 */
export function startsAccepted(ctx: RequestContext, newcomer: string, inviter: string): boolean {
  return newcomer === inviter || ctx.services.groups.shareAcceptedConversation(newcomer, inviter);
}

/**
 * Accepts the conversation for `uin` if it is a request; true when it was. Call inside the
 * request's transaction. Users who thereby become presence peers are told, after the ack,
 * whether the other is online (as the on-connect snapshot would have).
 */
export function acceptConversation(ctx: RequestContext, groupId: string, uin: string, known?: MemberState): boolean {
  const { groups, members, presence } = ctx.services;
  // `known`: the caller read this member's state in this transaction already (one read less per message).
  const state = known ?? members.state(groupId, uin);
  if (!state || state.accepted) return false;
  const before = new Set(groups.presencePeers(uin));
  members.setAccepted(groupId, uin);
  const newPeers = groups.presencePeers(uin).filter((peer) => !before.has(peer));
  if (newPeers.length > 0) ctx.afterAck(() => newPeers.forEach((peer) => presence.introduce(uin, peer)));
  return true;
}
