// One account's unread counts and read marks, kept in main so that the badge and the tray
// are right with no window open. Where the protocol has server-side counts (Netalo's
// unread_cnt) a fresh server copy of a conversation resets the count to the server's; in
// between, and on protocols without counts (talker), Parley counts incoming messages itself
// and remembers how far the user has read, across restarts.
//
// Muted conversations keep their count (the row still shows it) but stay out of the
// badge total: a badge that counts what the user muted is the complaint we set out to fix.
// So do message requests (a stranger's conversation not accepted yet: it must not nag).
//
// Server counts win, but a server copy can be older than what already arrived (a list
// answer overtaken by a push): a copy covers the messages up to its last message, and
// anything counted here after that is added on top, so nothing is counted twice or lost.

import { compareIds, type Id } from '../../contract/domain';
import type { ConversationData, MessageData } from './adapter';
import { LazyJsonFile } from './lazy-json-file';
import type { Logger } from './logger';

interface ConversationUnread {
  count: number;
  muted: boolean;
  /** A message request: counted on its row, left out of the total. */
  request: boolean;
  /** Server counts: the last message the latest server copy's count covers. */
  serverUpTo?: Id;
  /** Server counts: a read mark not yet confirmed by the server (sent again after a reconnect). */
  unsentRead?: Id;
  /** The newest message the user has read: later incoming messages count. */
  readUpTo?: { id?: Id; sentAt: number };
  /** Recently counted message IDs: an edit or a re-delivered push is not a new unread message. */
  counted: Id[];
}

const COUNTED_MEMORY = 50;

export interface UnreadLedgerOptions {
  path: string;
  myUserId: Id;
  /** The protocol's conversations carry the server's count. */
  serverCounts: boolean;
  log: Logger;
  /** A conversation's count changed. */
  onChange: (conversationId: Id, count: number) => void;
}

export class UnreadLedger {
  private readonly byConversation = new Map<Id, ConversationUnread>();
  private readonly file: LazyJsonFile;

  private constructor(private readonly opts: UnreadLedgerOptions) {
    this.file = new LazyJsonFile(opts.path, 'unread counts', opts.log, () => ({
      version: 1,
      conversations: Object.fromEntries(this.byConversation),
    }));
  }

  static async open(opts: UnreadLedgerOptions): Promise<UnreadLedger> {
    const ledger = new UnreadLedger(opts);
    await ledger.load();
    return ledger;
  }

  /** The unread count main vouches for, given a server copy of the conversation. */
  onConversation(c: ConversationData): number {
    const entry = this.entry(c.id);
    const request = c.request === true;
    if (entry.muted !== c.muted || entry.request !== request) {
      entry.muted = c.muted;
      entry.request = request;
      this.file.changed();
    }
    if (this.opts.serverCounts) this.takeServerCount(c.id, entry, c.unreadCount, c.lastMessage?.messageId);
    return entry.count;
  }

  onConversationChanged(conversationId: Id, changes: { muted?: boolean; request?: boolean; unreadCount?: number }): void {
    const entry = this.entry(conversationId);
    let flipped = false;
    if (changes.muted !== undefined && changes.muted !== entry.muted) {
      entry.muted = changes.muted;
      flipped = true;
    }
    if (changes.request !== undefined && changes.request !== entry.request) {
      entry.request = changes.request;
      flipped = true;
    }
    if (flipped) this.changed(conversationId, entry);
    if (this.opts.serverCounts && changes.unreadCount !== undefined) this.setCount(conversationId, entry, changes.unreadCount);
  }

  /**
   * The server's count for the messages up to `upTo`, plus what arrived here after it. A copy
   * that ends at or before my own read mark predates that mark reaching the server: 0.
   */
  private takeServerCount(conversationId: Id, entry: ConversationUnread, serverCount: number, upTo: Id | undefined): void {
    entry.serverUpTo = upTo;
    if (upTo !== undefined) entry.counted = entry.counted.filter((id) => isAfter(id, upTo));
    const read = entry.readUpTo?.id;
    const covered = upTo !== undefined && read !== undefined && !isAfter(upTo, read) ? 0 : serverCount;
    this.setCount(conversationId, entry, covered + (upTo === undefined ? 0 : entry.counted.length));
    this.file.changed();
  }

  /**
   * An incoming message: one more unread unless it is ours, old, deleted or already counted.
   * A call line counts only when it was missed or busy (the server's unread_cnt agrees); its
   * sender is the caller, so the caller's own line never counts.
   */
  onMessage(m: MessageData): void {
    if (m.senderId === this.opts.myUserId || m.kind === 'system' || !m.id) return;
    if (m.kind === 'call' && !(m.call?.outcome === 'missed' || m.call?.outcome === 'busy')) return;
    if (m.deleted) return this.onDeleted(m.conversationId, m.id);
    const entry = this.entry(m.conversationId);
    if (entry.counted.includes(m.id)) return;
    if (entry.readUpTo && (m.sentAt <= entry.readUpTo.sentAt || m.id === entry.readUpTo.id)) return;
    // Already in the server's count.
    if (this.opts.serverCounts && entry.serverUpTo !== undefined && !isAfter(m.id, entry.serverUpTo)) return;
    entry.counted.push(m.id);
    if (entry.counted.length > COUNTED_MEMORY) entry.counted.splice(0, entry.counted.length - COUNTED_MEMORY);
    this.setCount(m.conversationId, entry, entry.count + 1);
  }

  /** A message deleted by its sender: if it was counted as unread, it no longer is. */
  onDeleted(conversationId: Id, messageId: Id): void {
    const entry = this.byConversation.get(conversationId);
    const at = entry?.counted.indexOf(messageId) ?? -1;
    if (!entry || at < 0) return;
    entry.counted.splice(at, 1);
    this.setCount(conversationId, entry, entry.count - 1);
  }

  /**
   * The user read the conversation up to `upTo` (the newest shown message), or all of it.
   * What was counted after `upTo` stays unread: the window marks what it has painted, and
   * newer messages can reach main before that mark does. Zeroing the count then lost them:
   * the window, seeing no unread message, never marked them, the server kept counting them,
   * and the badge grew by them at the next start (an end-to-end test caught it once, 4 → 5).
   */
  markRead(conversationId: Id, upTo: { id?: Id; sentAt: number }): void {
    const entry = this.entry(conversationId);
    if (!entry.readUpTo || upTo.sentAt >= entry.readUpTo.sentAt) entry.readUpTo = upTo;
    const upToId = upTo.id;
    if (this.opts.serverCounts && upToId !== undefined && (entry.unsentRead === undefined || isAfter(upToId, entry.unsentRead))) entry.unsentRead = upToId;
    // Nothing counted up to the mark is unread any more; readUpTo keeps it from being counted again.
    entry.counted = upToId === undefined ? [] : entry.counted.filter((id) => isAfter(id, upToId));
    this.setCount(conversationId, entry, entry.counted.length);
    this.file.changed();
  }

  count(conversationId: Id): number {
    return this.byConversation.get(conversationId)?.count ?? 0;
  }

  /**
   * The badge: unread messages in conversations that are not message requests and, unless
   * the user asked to include them, not muted.
   */
  total(opts: { includeMuted?: boolean } = {}): number {
    let total = 0;
    for (const entry of this.byConversation.values()) {
      if (entry.request || (entry.muted && !opts.includeMuted)) continue;
      total += entry.count;
    }
    return total;
  }

  /** Read marks the server has not confirmed yet, per conversation (server counts only). */
  unsentReads(): Array<{ conversationId: Id; upToMessageId: Id }> {
    const reads: Array<{ conversationId: Id; upToMessageId: Id }> = [];
    for (const [conversationId, entry] of this.byConversation) {
      if (entry.unsentRead !== undefined) reads.push({ conversationId, upToMessageId: entry.unsentRead });
    }
    return reads;
  }

  /** The server took the read mark: no need to send it again. */
  readDelivered(conversationId: Id, upToMessageId: Id): void {
    const entry = this.byConversation.get(conversationId);
    if (entry?.unsentRead !== upToMessageId) return;
    delete entry.unsentRead;
    this.file.changed();
  }

  forget(conversationId: Id): void {
    if (this.byConversation.delete(conversationId)) this.file.changed();
  }

  close(): Promise<void> {
    return this.file.close();
  }

  private entry(conversationId: Id): ConversationUnread {
    let entry = this.byConversation.get(conversationId);
    if (!entry) {
      entry = { count: 0, muted: false, request: false, counted: [] };
      this.byConversation.set(conversationId, entry);
    }
    return entry;
  }

  private setCount(conversationId: Id, entry: ConversationUnread, count: number): void {
    const next = Math.max(0, Math.floor(count));
    if (next === entry.count) return;
    entry.count = next;
    this.changed(conversationId, entry);
  }

  private changed(conversationId: Id, entry: ConversationUnread): void {
    this.opts.onChange(conversationId, entry.count);
    this.file.changed();
  }

  private async load(): Promise<void> {
    try {
      const file = (await this.file.read()) as { version?: unknown; conversations?: Record<string, unknown> } | undefined;
      if (file === undefined) return; // none yet
      if (file.version !== 1 || typeof file.conversations !== 'object' || file.conversations === null) throw new Error('unknown format');
      for (const [id, raw] of Object.entries(file.conversations)) {
        const entry = parseEntry(raw);
        if (entry) this.byConversation.set(id, entry);
      }
    } catch (e) {
      this.opts.log.warn('unread counts unreadable; starting from zero', { reason: e instanceof Error ? e.message : 'unknown' });
    }
  }
}

function parseEntry(raw: unknown): ConversationUnread | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const v = raw as Record<string, unknown>;
  if (typeof v.count !== 'number' || !Number.isFinite(v.count) || v.count < 0) return null;
  const entry: ConversationUnread = {
    count: Math.floor(v.count),
    muted: v.muted === true,
    request: v.request === true,
    ...(typeof v.serverUpTo === 'string' ? { serverUpTo: v.serverUpTo } : {}),
    ...(typeof v.unsentRead === 'string' ? { unsentRead: v.unsentRead } : {}),
    counted: Array.isArray(v.counted) ? v.counted.filter((x): x is string => typeof x === 'string').slice(-COUNTED_MEMORY) : [],
  };
  const r = v.readUpTo as Record<string, unknown> | undefined;
  if (r && typeof r.sentAt === 'number') entry.readUpTo = { sentAt: r.sentAt, ...(typeof r.id === 'string' ? { id: r.id } : {}) };
  return entry;
}

/** `id` is newer than `than` (decimal IDs by value; server-count protocols have ordered IDs). */
function isAfter(id: Id, than: Id): boolean {
  return compareIds(id, than) > 0;
}
