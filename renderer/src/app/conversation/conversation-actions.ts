// What the user may do with a conversation, from the account's capabilities and their place
// in it. The UI shows only these: a member sees no admin controls (the server would refuse
// them anyway), a protocol without mute shows no Mute.

import type { Capabilities, Conversation, Message } from '../../contract';

export interface ConversationActions {
  /** A group: the member panel can open. */
  members: boolean;
  /** The owner: rename, change the photo, add and remove people, hand ownership on. */
  manage: boolean;
  leave: boolean;
  /** "Delete conversation": clears this user's copy. */
  clearHistory: boolean;
  mute: boolean;
  pin: boolean;
  /** A direct conversation: block or unblock its peer. */
  block: { userId: string; blocked: boolean } | null;
  /** Shake the other side's window (Mingdao): not in a request, nor where I cannot write. */
  nudge: boolean;
}

export function conversationActions(
  c: Pick<Conversation, 'kind' | 'ownerId' | 'peerId' | 'blockedUserIds' | 'request' | 'permissions'>,
  can: Capabilities,
  myUserId: string | undefined,
): ConversationActions {
  const group = c.kind === 'group';
  return {
    members: group,
    manage: group && can.groupAdmin && myUserId !== undefined && c.ownerId === myUserId && !c.request,
    leave: group && can.groups,
    clearHistory: can.clearHistory,
    mute: can.mute,
    pin: can.pin,
    block: can.block && !group && c.peerId ? { userId: c.peerId, blocked: (c.blockedUserIds ?? []).includes(c.peerId) } : null,
    nudge: can.nudge && !c.request && c.permissions?.send !== false && blockedPeer(c) === null,
  };
}

/** I blocked the peer of this direct conversation: the view says so and the composer closes. */
export function blockedPeer(c: Pick<Conversation, 'kind' | 'peerId' | 'blockedUserIds'>): string | null {
  return c.kind === 'direct' && c.peerId && (c.blockedUserIds ?? []).includes(c.peerId) ? c.peerId : null;
}

/**
 * Who a message request is from: the peer of a direct conversation; in a group, whoever
 * added me (the newest "added" line naming me), else its creator, else its owner.
 */
export function requestFrom(
  c: Pick<Conversation, 'kind' | 'peerId' | 'ownerId'>,
  messages: ReadonlyArray<Pick<Message, 'senderId' | 'system'>>,
  myUserId: string | undefined,
): string | undefined {
  if (c.kind === 'direct') return c.peerId;
  for (let i = messages.length - 1; i >= 0; i--) {
    const e = messages[i]!.system;
    if (e?.action === 'members-added' && myUserId !== undefined && e.userIds?.includes(myUserId)) return e.actorId;
  }
  const created = messages.find((m) => m.system?.action === 'created');
  if (created) return created.system!.actorId;
  return c.ownerId ?? messages.find((m) => m.senderId !== myUserId)?.senderId;
}
