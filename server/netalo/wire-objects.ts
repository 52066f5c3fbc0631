// Stored records → the group and message objects on the wire (server/PROTOCOL.md, Objects).
// IDs go out as decimal strings, everywhere, arrays included.

import type { GroupRecord } from './group-store';
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
}

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
  received_list: Array<{ uin: string; message_id: string }>;
  seen_list: Array<{ uin: string; message_id: string }>;
}

export function messageToWire(m: MessageRecord): WireMessage {
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
  };
}

export function groupToWire(g: GroupRecord): WireGroup {
  return {
    group_id: g.groupId,
    type: g.type,
    name: g.name,
    avatar_url: g.avatarUrl,
    owner_uin: g.ownerUin,
    creator_uin: g.creatorUin,
    occupants_uins: [...g.occupants],
    created_at: g.createdAt,
    updated_at: g.updatedAt,
    last_message_id: g.lastMessageId,
    last_message: g.lastMessage && messageToWire(g.lastMessage),
    // Read state, mute, pin and block are not implemented yet: empty, as a real group without them.
    unread_cnt: 0,
    muted_uins: [],
    pinned_uins: [],
    blocked_uins: [],
    received_list: [],
    seen_list: [],
  };
}
