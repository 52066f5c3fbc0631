// Netalo objects (already validated by schemas.ts) → Parley's domain model. Pure functions:
// name lookups happen in the adapter, which passes what it knows in.

import { compareIds, type GroupType, type Id, type MemberReceipt, type MessagePreview, type User } from '../../../contract/domain';
import type { ConversationData, MessageData } from '../../core/adapter';
import type { NetaloGroup, NetaloMessage, NetaloUser } from './schemas';
import { MESSAGE_SYSTEM, systemEventOf } from './system-messages';
import { MESSAGE_FILE, MESSAGE_IMAGE, attachmentsOf } from './files';
import { MESSAGE_CALL, callRecordOf } from './call-lines';

/** Netalo group types (document: Create Group). */
export const GROUP_PRIVATE = 1;
export const GROUP_COMMUNITY = 2;
export const GROUP_PUBLIC = 3;

const GROUP_TYPES: Record<number, GroupType> = { [GROUP_PRIVATE]: 'private', [GROUP_COMMUNITY]: 'community', [GROUP_PUBLIC]: 'public' };
/** Netalo message type for plain text (document: Create Message example). */
export const MESSAGE_TEXT = 1;

/**
 * Any Netalo timestamp → ms since epoch. The document leaves units open and real servers
 * mix them (a group's times in seconds, a message's in microseconds), so the magnitude
 * decides: for any date between 1973 and 5138 seconds, ms and µs never overlap.
 */
export function toMs(t: number): number {
  if (t >= 1e14) return Math.floor(t / 1000); // µs
  if (t >= 1e11) return Math.floor(t); // ms
  return Math.floor(t * 1000); // s
}

export function mapUser(u: NetaloUser): User {
  return { id: u.uin, username: u.username, displayName: u.display_name || u.username };
}

export function mapMessage(m: NetaloMessage): MessageData {
  // Images and files (server/PROTOCOL.md, Files): the caption is the text, the files the attachments.
  const files = m.type === MESSAGE_IMAGE || m.type === MESSAGE_FILE ? attachmentsOf(m.attachments || m.attactments) : [];
  const isText = m.type === MESSAGE_TEXT || files.length > 0;
  if (m.type === MESSAGE_SYSTEM) {
    return {
      conversationId: m.group_id,
      id: m.message_id,
      senderId: m.sender_uin,
      kind: 'system',
      text: m.message,
      sentAt: toMs(m.created_at),
      status: 'sent',
      system: systemEventOf(m),
    };
  }
  if (m.type === MESSAGE_CALL) {
    const call = callRecordOf(m);
    return {
      conversationId: m.group_id,
      id: m.message_id,
      senderId: m.sender_uin,
      // Unreadable: still a line in the timeline, in the server's words.
      ...(call ? { kind: 'call', call } : { kind: 'system', system: { action: 'other', actorId: m.sender_uin } }),
      text: m.message,
      sentAt: toMs(m.created_at),
      status: 'sent',
    };
  }
  return {
    conversationId: m.group_id,
    id: m.message_id,
    ...(m.nonce ? { nonce: m.nonce } : {}),
    senderId: m.sender_uin,
    // Other types (attachments, stickers, ...) are not rendered yet: say so rather than
    // show an empty bubble or drop the message.
    kind: isText ? 'text' : 'system',
    text: m.deleted ? '' : isText ? m.message : `Unsupported message (type ${m.type})`,
    sentAt: toMs(m.created_at),
    status: 'sent',
    ...(m.edited_at ? { editedAt: toMs(m.edited_at) } : {}),
    ...(m.deleted ? { deleted: true } : {}),
    ...(files.length > 0 && !m.deleted ? { attachments: files } : {}),
  };
}

/** Where this version of the message stands in its conversation's change feed (server/PROTOCOL.md). */
export function changePosition(m: NetaloMessage): string {
  return m.change_id ?? m.message_id;
}

function preview(m: NetaloMessage): MessagePreview {
  const mapped = mapMessage(m);
  return {
    messageId: m.message_id,
    senderId: m.sender_uin,
    text: mapped.text,
    sentAt: mapped.sentAt,
    ...(mapped.system ? { system: mapped.system } : {}),
    ...(mapped.call ? { call: mapped.call } : {}),
  };
}

/** The other member when `g` is a 1:1 conversation (private, exactly two occupants incl. me). */
export function directPeer(g: NetaloGroup, me: Id): Id | undefined {
  if (g.type !== GROUP_PRIVATE || g.occupants_uins.length !== 2) return undefined;
  const [a, b] = g.occupants_uins as [Id, Id];
  if (a === me && b !== me) return b;
  if (b === me && a !== me) return a;
  return undefined;
}

/**
 * @param displayName the peer's display name from the users lookup, when it succeeded.
 */
export function mapGroup(g: NetaloGroup, me: Id, displayName: (id: Id) => string | undefined): ConversationData {
  const peerId = directPeer(g, me);
  const createdAt = toMs(g.created_at);
  const last = g.last_message ?? undefined;
  return {
    id: g.group_id,
    kind: peerId ? 'direct' : 'group',
    title: peerId ? peerTitle(g, peerId, displayName) : g.name || 'Unnamed group',
    memberIds: [...g.occupants_uins],
    ...(peerId ? { peerId } : {}),
    ...(g.avatar_url ? { avatarUrl: g.avatar_url } : {}),
    createdAt,
    lastActivityAt: last ? toMs(last.created_at) : g.updated_at ? toMs(g.updated_at) : createdAt,
    ...(last ? { lastMessage: preview(last) } : {}),
    unreadCount: g.unread_cnt ?? 0,
    muted: g.muted_uins?.includes(me) ?? false,
    pinned: g.pinned_uins?.includes(me) ?? false,
    ...(g.owner_uin ? { ownerId: g.owner_uin } : {}),
    ...(!peerId && GROUP_TYPES[g.type] ? { groupType: GROUP_TYPES[g.type] } : {}),
    // A server that does not know `accepted` has no requests: everything is accepted.
    ...(g.accepted === false ? { request: true } : {}),
    blockedUserIds: [...(g.blocked_uins ?? [])],
    memberReceipts: memberReceipts(g, me),
  };
}

/**
 * received_list and seen_list merged per member, me left out (my own marks are my unread
 * count). Seen implies received, so a member's delivered mark is never behind their seen one.
 */
export function memberReceipts(g: NetaloGroup, me: Id): MemberReceipt[] {
  const byUser = new Map<Id, MemberReceipt>();
  const entry = (uin: Id) => {
    let r = byUser.get(uin);
    if (!r) byUser.set(uin, (r = { userId: uin }));
    return r;
  };
  for (const { uin, message_id } of g.received_list ?? []) {
    if (uin !== me) entry(uin).deliveredUpTo = newer(entry(uin).deliveredUpTo, message_id);
  }
  for (const { uin, message_id } of g.seen_list ?? []) {
    if (uin === me) continue;
    const r = entry(uin);
    r.readUpTo = newer(r.readUpTo, message_id);
    r.deliveredUpTo = newer(r.deliveredUpTo, message_id);
  }
  return [...byUser.values()];
}

function newer(a: Id | undefined, b: Id): Id {
  return a === undefined || compareIds(b, a) > 0 ? b : a;
}

function peerTitle(g: NetaloGroup, peerId: Id, displayName: (id: Id) => string | undefined): string {
  const known = displayName(peerId);
  if (known) return known;
  // Lookup failed: the name the peer last sent under is the best we have.
  const last = g.last_message;
  if (last && last.sender_uin === peerId && last.sender_name) return last.sender_name;
  return 'Unknown user';
}
