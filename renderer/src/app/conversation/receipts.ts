// My messages' delivered / seen state, from the per-member marks a protocol reports
// (Conversation.memberReceipts: Netalo's received_list / seen_list). Computed, never stored
// per message: one mark per member moves, and every message up to it changes with it.
//
// Cheap for big groups: the marks are sorted once per change of the conversation, and each
// message then asks with a binary search (log of the member count), not a scan of every
// member. IDs are compared with compareIds (decimal strings by value, never as numbers:
// Netalo's message IDs are above 2^53).

import { compareIds, type Conversation, type Id, type MessageStatus } from '../../contract';

export interface MessageReceipt {
  /** sent, delivered (every other member received it) or read (every other member saw it). */
  status: 'sent' | 'delivered' | 'read';
  /** Groups: the other members who saw it, oldest mark first. */
  seenBy: readonly Id[];
}

export interface ReceiptIndex {
  kind: Conversation['kind'];
  of(messageId: Id): MessageReceipt;
}

interface Marks {
  /** Ascending by message ID. */
  ids: Id[];
  users: Id[];
}

function sortedMarks(entries: ReadonlyArray<{ userId: Id; upTo: Id | undefined }>): Marks {
  const present = entries.filter((e): e is { userId: Id; upTo: Id } => e.upTo !== undefined);
  present.sort((a, b) => compareIds(a.upTo, b.upTo));
  return { ids: present.map((e) => e.upTo), users: present.map((e) => e.userId) };
}

/** The first index whose mark is at or after `id`: every mark from there on covers it. */
function firstCovering(ids: readonly Id[], id: Id): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareIds(ids[mid]!, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The index for one conversation as `myUserId` sees it, or null where the protocol reports
 * no member marks (then each message's own status, e.g. talker's receipts, is what counts).
 */
export function receiptIndex(c: Pick<Conversation, 'kind' | 'memberIds' | 'peerId' | 'memberReceipts'>, myUserId: Id | undefined): ReceiptIndex | null {
  if (!c.memberReceipts || myUserId === undefined) return null;
  // The members who count: everyone but me (a direct conversation: the peer).
  const others = new Set(c.kind === 'direct' && c.peerId ? [c.peerId] : c.memberIds.filter((id) => id !== myUserId));
  const receipts = c.memberReceipts.filter((r) => others.has(r.userId));
  const seen = sortedMarks(receipts.map((r) => ({ userId: r.userId, upTo: r.readUpTo })));
  // Seen implies received, whether or not the protocol raised the received mark with it.
  const received = sortedMarks(
    receipts.map((r) => ({
      userId: r.userId,
      upTo: r.deliveredUpTo && r.readUpTo ? (compareIds(r.deliveredUpTo, r.readUpTo) >= 0 ? r.deliveredUpTo : r.readUpTo) : (r.deliveredUpTo ?? r.readUpTo),
    })),
  );
  const everyone = others.size;
  return {
    kind: c.kind,
    of(messageId) {
      const seenFrom = firstCovering(seen.ids, messageId);
      const seenBy = seen.users.slice(seenFrom);
      const receivedCount = received.ids.length - firstCovering(received.ids, messageId);
      const status = everyone > 0 && seenBy.length >= everyone ? 'read' : everyone > 0 && receivedCount >= everyone ? 'delivered' : 'sent';
      return { status, seenBy };
    },
  };
}

const RANK: Record<MessageStatus, number> = { failed: -1, queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 };

/** The status to show: the message's own, raised by the member marks (never lowered, never for unsent ones). */
export function shownStatus(own: MessageStatus, computed: MessageReceipt | undefined): MessageStatus {
  if (!computed || RANK[own] < RANK.sent) return own;
  return RANK[computed.status] > RANK[own] ? computed.status : own;
}
