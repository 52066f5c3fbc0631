// Stored records → the message object on the wire, and the shape of the group object
// (group-view.ts builds it for one viewer) (server/PROTOCOL.md, Objects).
// IDs go out as decimal strings, everywhere, arrays included.

import type { MessageRecord } from './message-store';

export interface WireMessage {
  message_id: string;
  group_id: string;
  type: number;
  message: string;
  attactments: string;
  attachments: string;
  sender_uin: string;
  sender_name: string;
  nonce: string;
  version: number;
  status: number;
  /** µs */
  created_at: number;
  /** µs: the last edit or deletion, else created_at */
  updated_at: number;
  /** µs; 0 = never edited */
  edited_at: number;
  deleted: boolean;
  /** The resync position of this version of the message (server/PROTOCOL.md, list_message). */
  change_id: string;
  deleted_uins: string[];
  /** The group's members other than the sender (as the group is now). */
  recipient_uins: string[];
  /** Recipients whose received (or seen) mark has reached this message. */
  received_uins: string[];
  /** Recipients whose seen mark has reached this message. */
  seen_uins: string[];
  /** The group's type (1 private, 2 community, 3 public); 0 when not known where the object was made. */
  group_type: number;
  /** The document's message members: the group's name and avatar as it is now. */
  group_name: string;
  group_avatar: string;
  /** The sender's avatar: users have none on this server. */
  send_avatar: string;
}

/**
 * What a message object tells about its group (real Netalo message objects carry it). A
 * GroupRecord fits; `marks` are the members' received / seen marks (member-store's
 * MemberState fits): a member whose request is pending (`accepted: false`) is left out of
 * received_uins / seen_uins, as their marks are left out of the group object.
 */
export interface MessageGroupContext {
  type: number;
  occupants: readonly string[];
  name?: string;
  avatarUrl?: string;
  marks?: ReadonlyArray<{ uin: string; receivedId: string | null; seenId: string | null; accepted?: boolean }>;
}

export interface WireMark {
  uin: string;
  message_id: string;
}

export interface WireStatus {
  uin: string;
  /** 1 online, 2 offline */
  online_status: number;
  message_status: string;
  /** s */
  last_seen_at: number;
}

/** A group as one member sees it (group-view.ts): the read state, mute and pin are theirs. */
export interface WireGroup {
  group_id: string;
  type: number;
  name: string;
  avatar_url: string;
  owner_uin: string;
  creator_uin: string;
  occupants_uins: string[];
  /** s */
  created_at: number;
  updated_at: number;
  last_message_id: string | null;
  last_message: WireMessage | null;
  unread_cnt: number;
  muted_uins: string[];
  pinned_uins: string[];
  blocked_uins: string[];
  removed_uins: string[];
  received_list: WireMark[];
  seen_list: WireMark[];
  /** Left out when the viewer may see no member's presence. */
  status_list?: WireStatus[];
  /** Parley's extension: false while the group is a message request for the viewer. */
  accepted: boolean;
}

export function messageToWire(m: MessageRecord, group?: MessageGroupContext): WireMessage {
  const recipients = group ? group.occupants.filter((uin) => uin !== m.senderUin) : [];
  return {
    message_id: m.messageId,
    group_id: m.groupId,
    type: m.type,
    message: m.message,
    attactments: m.attactments,
    // The spelling real clients read; the document's is kept beside it.
    attachments: m.attactments,
    sender_uin: m.senderUin,
    sender_name: m.senderName,
    nonce: m.nonce,
    version: m.version,
    status: m.status,
    created_at: m.createdAt,
    updated_at: Math.max(m.createdAt, m.editedAt, m.deletedAt),
    edited_at: m.editedAt,
    deleted: m.deletedAt > 0,
    change_id: m.changeId,
    // "Deleted for me" is not implemented: a deletion here is for everyone (`deleted`).
    deleted_uins: [],
    recipient_uins: recipients,
    // Seeing implies having received, whichever mark a store raised.
    received_uins: reachedBy(m.messageId, recipients, group?.marks, (mark) => later(mark.receivedId, mark.seenId)),
    seen_uins: reachedBy(m.messageId, recipients, group?.marks, (mark) => mark.seenId),
    group_type: group?.type ?? 0,
    group_name: group?.name ?? '',
    group_avatar: group?.avatarUrl ?? '',
    send_avatar: '',
  };
}

type Mark = NonNullable<MessageGroupContext['marks']>[number];

function later(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b;
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** The recipients whose mark is at or after `messageId` (IDs are time-ordered), in member order. */
function reachedBy(messageId: string, recipients: readonly string[], marks: MessageGroupContext['marks'], markOf: (mark: Mark) => string | null): string[] {
  if (!marks) return [];
  const id = BigInt(messageId);
  const reached = new Set<string>();
  for (const mark of marks) {
    const at = markOf(mark);
    if (mark.accepted !== false && at !== null && BigInt(at) >= id) reached.add(mark.uin);
  }
  return recipients.filter((uin) => reached.has(uin));
}
