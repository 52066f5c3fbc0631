// The one way data is written to the cache: a list of changes in order, applied in ONE
// Dexie transaction. A burst of 2,000 messages is one transaction with a handful of
// requests (key-range reads of the rows it touches, range-reads.ts; the rows put a time
// budget's worth per task, paced-puts.ts, so that no single task freezes the page), not 2,000
// transactions.
//
// Inside the transaction the changes are applied to an overlay in memory (rows read up
// front, then changed in order), so that two changes to one row in one batch see each
// other, and everything is written at the end. Applying is synchronous on purpose: Dexie
// keeps its transaction across only a few awaits of non-Dexie promises, so every row the
// changes can touch is read in `prefetch` (a few bulk requests) and nothing is awaited
// between the reads and the final write but a read of its own between slices of a big step
// (APPLY_SLICE), which keeps the transaction open while the page paints.

import Dexie, { mergeRanges, RangeSet, type IntervalTree, type Transaction } from 'dexie';
import {
  conversationRef,
  messageKey,
  parseConversationRef,
  type Conversation,
  type ConversationChanges,
  type Message,
  type Receipt,
} from '../contract';
import { messagePk, withWords, type ParleyDb, type StoredMessage } from './database';
import { PAGE_SIZE } from './messages';
import { putPaced } from './paced-puts';
import { rowsByPrimaryKey, rowsByServerId } from './range-reads';
import { lastSyncKey } from './meta';
import {
  ackedRank,
  furtherStatus,
  isAcked,
  isLocalStatus,
  mergeConversation,
  mergeMessage,
  withChanges,
  withLatestMessage,
  withReceipt,
  type WriteMode,
} from './merge';

/** Enough for an instant list; older conversations come back through the server's pages. */
export const CACHED_CONVERSATIONS_LIMIT = 500;

export type DataOp =
  | { op: 'message'; message: Message; mode?: WriteMode }
  | { op: 'message-removed'; accountId: string; conversationId: string; messageId: string }
  | { op: 'conversation'; conversation: Conversation }
  | { op: 'conversation-updated'; accountId: string; conversationId: string; changes: ConversationChanges }
  | { op: 'conversation-removed'; accountId: string; conversationId: string }
  | { op: 'receipt'; receipt: Receipt }
  /** The account synced with its server: remembered per device (`meta`). */
  | { op: 'synced'; accountId: string; at: number }
  /** A version-1 outbox entry main now holds. */
  | { op: 'legacy-handed-over'; seq: number }
  /** The user signed the account out: main discarded its unsent messages, so does the view. */
  | { op: 'discard-unsent'; accountId: string };

export interface WriteOptions {
  /** Accounts whose cache the view does not hold yet: their conversations and last sync are read in the same transaction. */
  load?: readonly string[];
  /** Our own user per account: receipts move only our own messages. */
  myUserIds?: Readonly<Record<string, string>>;
  /**
   * Called once the changes are worked out and their writes are issued, before the
   * transaction commits, with what the write will leave (the same as the final result): the
   * view can paint them while the browser stores them. Runs outside the transaction (a Dexie
   * call made from it starts its own). The write still completes (or fails) as without it.
   * It must not throw: a throw here would abort the write.
   */
  onApplied?: (result: WriteResult) => void;
}

export interface WriteResult {
  /** Conversations written, or found already up to date (another tab wrote them first), as now stored. */
  conversations: Conversation[];
  /** The `load` accounts' cached conversations (newest first), as now stored. */
  loadedConversations: Conversation[];
  /** Per account: for the `load` accounts and the ones that synced. */
  lastSyncedAt: Record<string, number>;
  removedConversations: string[];
  /** Messages written, or found already as the changes would leave them (another tab wrote them first), as now stored. */
  messages: StoredMessage[];
  /** Rows that were merged into another one (an echo that arrived before its ack matched). */
  removedMessages: Array<{ ref: string; key: string }>;
  /** Conversations a message or an update is for that the cache does not know (refs). */
  unknownConversations: string[];
  /** Accounts that synced with their server in this write. */
  synced: string[];
}

export const emptyWriteResult = (): WriteResult => ({
  conversations: [],
  loadedConversations: [],
  lastSyncedAt: {},
  removedConversations: [],
  messages: [],
  removedMessages: [],
  unknownConversations: [],
  synced: [],
});

/**
 * Keys per read request when a step reads many rows by key, and rows per bulk write where
 * the writer has no IndexedDB transaction of its own to pace its puts on (paced-puts.ts):
 * each chunk in a task of its own (the previous chunk's completion), still one transaction.
 */
export const PUT_CHUNK = 100;

/** `lastIssued` is called as soon as the last chunk's request is placed (at once when there are no rows). */
async function putInChunks<T>(rows: readonly T[], put: (chunk: T[]) => Promise<unknown>, lastIssued: () => void = () => undefined): Promise<void> {
  if (rows.length === 0) return lastIssued();
  for (let i = 0; i < rows.length; i += PUT_CHUNK) {
    const done = put(rows.slice(i, i + PUT_CHUNK));
    if (i + PUT_CHUNK >= rows.length) lastIssued();
    await done;
  }
}

/** Reads by many keys the same way: a chunk of requests per task, the answers in the keys' order. */
async function readInChunks<K, R>(keys: readonly K[], read: (chunk: K[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < keys.length; i += PUT_CHUNK) out.push(...(await read(keys.slice(i, i + PUT_CHUNK))));
  return out;
}

type Pk = [string, string, string];

/**
 * The rows holding these (account, conversation, server ID) keys: one index lookup per key,
 * all placed at once, so that they are answered in one round trip. (Dexie's `anyOf` walks a
 * cursor instead, a round trip per step: two for a single ID, one more per row found.)
 */
function rowsWithIds(db: ParleyDb, keys: readonly Pk[]): Promise<StoredMessage[]> {
  // Inside the write's transaction, straight on its IndexedDB index: a Dexie query per key
  // (a WhereClause, a key range and a Collection each) made the lookups of a burst's
  // 100-key chunks one of the main thread's long tasks (bench B5). Answers in the keys' order.
  const idb = currentIdbTransaction();
  if (!idb || keys.length === 0) {
    const index = db.threadMessages.where(ID_INDEX);
    return Promise.all(keys.map((key) => index.equals(key).toArray())).then((found) => found.flat());
  }
  const index = idb.objectStore(db.threadMessages.name).index(ID_INDEX);
  // A Dexie promise: awaiting it keeps the transaction's zone (a native one may lose it).
  return new Dexie.Promise<StoredMessage[]>((resolve, reject) => {
    const found: StoredMessage[] = [];
    let left = keys.length;
    for (const key of keys) {
      const request = index.getAll(key as unknown as IDBValidKey) as IDBRequest<StoredMessage[]>;
      request.onsuccess = () => {
        for (const row of request.result) found.push(row);
        if (--left === 0) resolve(found);
      };
      request.onerror = () => reject(request.error);
    }
  });
}

/** The write's own IndexedDB transaction (Dexie's), to read by key ranges on it; none outside one. */
function currentIdbTransaction(): IDBTransaction | undefined {
  return Dexie.currentTransaction?.idbtrans as IDBTransaction | undefined;
}

/** The rows under these primary keys, in their order: by key ranges where the keys sit together (range-reads.ts). */
function readRows(db: ParleyDb, keys: readonly Pk[]): Promise<Array<StoredMessage | undefined>> {
  const perKey = (chunk: Pk[]) => readInChunks(chunk, (c) => db.threadMessages.bulkGet(c));
  const idb = currentIdbTransaction();
  return idb ? rowsByPrimaryKey(idb.objectStore(db.threadMessages.name), keys, perKey) : perKey([...keys]);
}

/** The rows holding these server IDs: by key ranges on the ID index where the IDs sit together. */
function readRowsWithIds(db: ParleyDb, keys: readonly Pk[]): Promise<StoredMessage[]> {
  const perKey = (chunk: Pk[]) => readInChunks(chunk, (c) => rowsWithIds(db, c));
  const idb = currentIdbTransaction();
  return idb ? rowsByServerId(idb.objectStore(db.threadMessages.name).index(ID_INDEX), keys, perKey) : perKey([...keys]);
}

/** The index of rows by (account, conversation, server ID). */
const ID_INDEX = '[accountId+conversationId+id]';

const SEP = '\u0000';
const pkString = (accountId: string, conversationId: string, key: string) => accountId + SEP + conversationId + SEP + key;
const idString = pkString;

/**
 * Changes applied per task. A burst's step holds up to a thousand (sync.ts STEP_MAX_EVENTS),
 * and applying them all at once was one task of 40 ms and more on a busy page (bench B5's long
 * tasks); between slices the page can paint and handle input. At 500 a slice, the task that
 * applied one and placed the first puts still took 36–91 ms in B5's longest runs (Chromium's
 * long-animation-frame attribution); at 200, at most 41 ms.
 */
export const APPLY_SLICE = 200;

/** Meta key that is never written: reading it is a request that keeps the transaction open. */
const NEVER_WRITTEN = 'parley:writer-pause';

/**
 * Resumes in a task of its own with the write's transaction still open: a read of its own
 * is pending meanwhile (a transaction with nothing pending would commit), and its answer,
 * a task of the browser's, resumes the write. Only other tasks of the page run in between:
 * every other write of the cache waits behind this transaction.
 */
function nextTaskInTransaction(db: ParleyDb): Promise<unknown> {
  return db.meta.get(NEVER_WRITTEN);
}

export function writeChanges(db: ParleyDb, ops: readonly DataOp[], options: WriteOptions = {}): Promise<WriteResult> {
  return db.transaction('rw', [db.conversations, db.threadMessages, db.meta, db.outbox], async (tx) => {
    const overlay = new Overlay(db, options.myUserIds ?? {});
    await overlay.prefetch(ops, options.load ?? []);
    for (let i = 0; i < ops.length; i++) {
      if (i > 0 && i % APPLY_SLICE === 0) await nextTaskInTransaction(db);
      overlay.apply(ops[i]!);
    }
    // Once its last request is placed, the transaction is told to commit: the browser then
    // commits as soon as the writes are done, instead of waiting for this page to handle each
    // write's success first (the page is busy painting what it shows meanwhile, and every
    // reader of the cache waits for the commit). Nothing is asked of it after that point.
    const flushed = overlay.flush(() => commitWhenDone(tx));
    const { onApplied } = options;
    if (onApplied) {
      const result = overlay.result();
      Dexie.ignoreTransaction(() => onApplied(result));
    }
    await flushed;
    return overlay.result();
  });
}

class Overlay {
  /** Rows by primary key: a row, or null for "known not to exist". */
  private readonly messages = new Map<string, StoredMessage | null>();
  /** Rows carrying a server ID, by (account, conversation, id); complete for the IDs in `idsRead`. */
  private readonly byId = new Map<string, Set<string>>();
  private readonly idsRead = new Set<string>();
  private readonly dirtyMessages = new Set<string>();
  /** Rows the changes found already done: the store is told them all the same. */
  private readonly upToDateMessages = new Set<string>();
  private readonly deletedMessages = new Map<string, Pk>();
  private readonly removedMessages: WriteResult['removedMessages'] = [];

  private readonly conversations = new Map<string, Conversation | null>();
  private readonly dirtyConversations = new Set<string>();
  private readonly upToDateConversations = new Set<string>();
  private readonly deletedConversations = new Map<string, [string, string]>();
  private readonly removedConversations = new Set<string>();
  private readonly unknown = new Set<string>();
  private loadedRefs: string[] = [];

  private readonly lastSyncedAt: Record<string, number> = {};
  private readonly metaWrites: Array<{ key: string; value: number }> = [];
  private readonly legacyDone: number[] = [];
  private readonly synced = new Set<string>();
  /** Accounts whose version-1 outbox entries go with their unsent messages. */
  private readonly discardLegacy: string[] = [];

  constructor(
    private readonly db: ParleyDb,
    private readonly myUserIds: Readonly<Record<string, string>>,
  ) {}

  /** Reads every row the changes touch, in a few bulk requests. */
  async prefetch(ops: readonly DataOp[], load: readonly string[]): Promise<void> {
    const pks = new Map<string, Pk>();
    const ids = new Map<string, Pk>();
    const refs = new Map<string, [string, string]>();
    const wantId = (accountId: string, conversationId: string, id: string | undefined) => {
      if (id) ids.set(idString(accountId, conversationId, id), [accountId, conversationId, id]);
    };
    const wantConversation = (accountId: string, conversationId: string) =>
      refs.set(conversationRef(accountId, conversationId), [accountId, conversationId]);
    for (const op of ops) {
      switch (op.op) {
        case 'message': {
          const m = op.message;
          const key = keyOf(m);
          if (key === null) break;
          pks.set(pkString(m.accountId, m.conversationId, key), [m.accountId, m.conversationId, key]);
          wantId(m.accountId, m.conversationId, m.id);
          wantConversation(m.accountId, m.conversationId);
          break;
        }
        case 'message-removed':
          wantId(op.accountId, op.conversationId, op.messageId);
          wantConversation(op.accountId, op.conversationId);
          break;
        case 'receipt':
          for (const id of op.receipt.messageIds ?? []) wantId(op.receipt.accountId, op.receipt.conversationId, id);
          wantId(op.receipt.accountId, op.receipt.conversationId, op.receipt.upToMessageId);
          break;
        case 'conversation':
          wantConversation(op.conversation.accountId, op.conversation.id);
          break;
        case 'conversation-updated':
        case 'conversation-removed':
          wantConversation(op.accountId, op.conversationId);
          break;
        default:
          break;
      }
    }
    const { db } = this;
    const pkList = [...pks.values()];
    const [rows, withIds, conversations] = await Promise.all([
      readRows(db, pkList),
      readRowsWithIds(db, [...ids.values()]),
      refs.size ? db.conversations.bulkGet([...refs.values()]) : Promise.resolve([]),
    ]);
    pkList.forEach((pk, i) => this.remember(pk, rows[i]));
    for (const row of withIds) this.remember(messagePk(row), row);
    for (const id of ids.keys()) this.idsRead.add(id);
    [...refs.keys()].forEach((ref, i) => {
      if (!this.conversations.has(ref)) this.conversations.set(ref, conversations[i] ?? null);
    });

    // Second round: what the first round's rows point at. A row found by its key may carry
    // a server ID the change did not (an echo to collapse); a receipt "up to" a message
    // covers the older ones; discarding an account's unsent messages needs all of them.
    const moreIds = new Map<string, Pk>();
    for (const row of rows) {
      if (row?.id && !this.idsRead.has(idString(row.accountId, row.conversationId, row.id))) {
        moreIds.set(idString(row.accountId, row.conversationId, row.id), [row.accountId, row.conversationId, row.id]);
      }
    }
    // A receipt's anchor may get its ID in this very batch (our ack, or the peer's new message).
    const sentAtInBatch = new Map<string, number>();
    for (const op of ops) {
      if (op.op !== 'message' || !op.message.id) continue;
      const id = idString(op.message.accountId, op.message.conversationId, op.message.id);
      sentAtInBatch.set(id, Math.max(op.message.sentAt, sentAtInBatch.get(id) ?? -Infinity));
    }
    const ranges: Array<Promise<StoredMessage[]>> = [];
    for (const op of ops) {
      if (op.op === 'receipt' && op.receipt.upToMessageId) {
        const { accountId, conversationId, upToMessageId } = op.receipt;
        const times = this.rowsWithId(accountId, conversationId, upToMessageId).map((r) => r.sentAt);
        const inBatch = sentAtInBatch.get(idString(accountId, conversationId, upToMessageId));
        if (inBatch !== undefined) times.push(inBatch);
        const me = this.myUserIds[accountId];
        const target = ackedRank(op.receipt.kind);
        if (times.length > 0 && me) {
          // Newest first, stopping at our first message already that far: everything older is
          // too. When our newest was already that far (another tab applied this receipt
          // first), read a page back anyway so that this tab's view learns what that write moved.
          let needed = false;
          let alreadyDone = false;
          let read = 0;
          ranges.push(
            db.threadMessages
              .where('[accountId+conversationId+sentAt]')
              .between([accountId, conversationId, Dexie.minKey], [accountId, conversationId, Math.max(...times)], true, true)
              .reverse()
              .until((r) => {
                read += 1;
                if (r.senderId === me && isAcked(r.status)) {
                  if (ackedRank(r.status) < target) needed = true;
                  else if (needed) return true;
                  else alreadyDone = true;
                }
                return alreadyDone && !needed && read >= PAGE_SIZE;
              }, true)
              .toArray(),
          );
        }
      } else if (op.op === 'discard-unsent') {
        // Every key of the account: [account] sorts before all of them, [account, []] after
        // (in IndexedDB's order a shorter array comes first, and an array after any string).
        ranges.push(
          db.threadMessages
            .where('[accountId+conversationId+sentAt]')
            .between([op.accountId], [op.accountId, []])
            .filter((r) => isLocalStatus(r.status))
            .toArray(),
        );
      }
    }
    const [more, ...inRanges] = await Promise.all([
      readRowsWithIds(db, [...moreIds.values()]),
      ...ranges,
    ]);
    for (const row of more) this.remember(messagePk(row), row);
    for (const id of moreIds.keys()) this.idsRead.add(id);
    for (const row of inRanges.flat()) this.remember(messagePk(row), row);
    if (load.length > 0) await this.load(load);
  }

  private async load(accountIds: readonly string[]): Promise<void> {
    const wanted = new Set(accountIds);
    // One getAll, the newest picked here, and the sync times read beside it: stepping a
    // cursor through the index row by row (a Dexie filter) took 35-60 ms of every cached
    // start before the list could paint (bench B1, 200 conversations).
    const [rows, synced] = await Promise.all([this.db.conversations.toArray(), this.db.meta.bulkGet(accountIds.map(lastSyncKey))]);
    const cached = rows
      .filter((c) => wanted.has(c.accountId))
      // newest first; equal times as the index's reverse order has them (primary key, descending)
      .sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.accountId === b.accountId ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.accountId < b.accountId ? 1 : -1))
      .slice(0, CACHED_CONVERSATIONS_LIMIT);
    for (const c of cached) {
      const ref = conversationRef(c.accountId, c.id);
      if (!this.conversations.has(ref)) this.conversations.set(ref, c);
      this.loadedRefs.push(ref);
    }
    accountIds.forEach((id, i) => {
      const value = synced[i]?.value;
      if (typeof value === 'number') this.lastSyncedAt[id] = value;
    });
  }

  apply(op: DataOp): void {
    switch (op.op) {
      case 'message':
        return this.writeMessage(op.message, op.mode ?? 'server');
      case 'message-removed':
        return this.removeMessage(op.accountId, op.conversationId, op.messageId);
      case 'conversation': {
        const c = op.conversation;
        const ref = conversationRef(c.accountId, c.id);
        this.putConversation(ref, mergeConversation(this.conversation(ref) ?? undefined, c));
        return;
      }
      case 'conversation-updated': {
        const ref = conversationRef(op.accountId, op.conversationId);
        const existing = this.conversation(ref);
        if (existing) this.putConversation(ref, withChanges(existing, op.changes));
        else if (!this.removedConversations.has(ref)) this.unknown.add(ref);
        return;
      }
      case 'conversation-removed': {
        const ref = conversationRef(op.accountId, op.conversationId);
        this.conversations.set(ref, null);
        this.dirtyConversations.delete(ref);
        this.deletedConversations.set(ref, [op.accountId, op.conversationId]);
        this.removedConversations.add(ref);
        this.unknown.delete(ref);
        // Its cached messages go with it (left, removed, or history cleared): a later
        // message brings the conversation back with only what the server still shows.
        const prefix = pkString(op.accountId, op.conversationId, '');
        for (const pk of this.dirtyMessages) if (pk.startsWith(prefix)) this.dirtyMessages.delete(pk);
        return;
      }
      case 'receipt':
        return this.applyReceipt(op.receipt);
      case 'synced':
        this.lastSyncedAt[op.accountId] = op.at;
        this.synced.add(op.accountId);
        this.metaWrites.push({ key: lastSyncKey(op.accountId), value: op.at });
        return;
      case 'legacy-handed-over':
        this.legacyDone.push(op.seq);
        return;
      case 'discard-unsent':
        return this.discardUnsent(op.accountId);
    }
  }

  private writeMessage(m: Message, mode: WriteMode): void {
    const key = keyOf(m);
    if (key === null) return; // neither nonce nor id: nothing could ever match it again
    let existing = this.message([m.accountId, m.conversationId, key]);
    if (!existing && m.id && !m.nonce) {
      // A server copy without our nonce: the row that already holds its ID, if any.
      const rows = this.rowsWithId(m.accountId, m.conversationId, m.id);
      existing = rows.find((r) => r.key.startsWith('n:')) ?? rows[0] ?? null;
    }
    const merged = mergeMessage(existing ?? undefined, m, existing?.key ?? key, mode);
    if (merged) this.putMessage(merged);
    else if (existing) this.reportMessage(existing);
    let row = merged ?? existing;
    if (!row) return;
    if (row.nonce && row.id) {
      // Our ack, but our row already held its ID: an earlier write (another tab's) collapsed
      // the echo, and this tab's view may still show it.
      const echoKey = `i:${row.id}`;
      if (m.nonce && existing?.id === row.id && !this.rowsWithId(row.accountId, row.conversationId, row.id).some((r) => r.key === echoKey)) {
        this.removedMessages.push({ ref: conversationRef(row.accountId, row.conversationId), key: echoKey });
      }
      row = this.collapseEcho(row);
    }
    this.bump(row, merged !== null);
  }

  /**
   * The server's copy carries our nonce and its ID, and a row keyed by that ID exists too:
   * the echo got here before the ack was matched to our message. One message, one row.
   */
  private collapseEcho(row: StoredMessage): StoredMessage {
    let kept = row;
    for (const other of this.rowsWithId(row.accountId, row.conversationId, row.id!)) {
      if (other.key === kept.key || !other.key.startsWith('i:')) continue;
      this.deleteMessage(other);
      const status = isAcked(kept.status) ? furtherStatus(kept.status, other.status) : kept.status;
      if (status !== kept.status) {
        kept = { ...kept, status, rev: kept.rev + 1 };
        this.putMessage(kept);
      }
    }
    return kept;
  }

  private removeMessage(accountId: string, conversationId: string, messageId: string): void {
    for (const row of this.rowsWithId(accountId, conversationId, messageId)) {
      if (row.deleted) {
        this.reportMessage(row);
        continue;
      }
      const tombstone: StoredMessage = { ...row, deleted: true, text: '', rev: row.rev + 1 };
      delete tombstone.attachments;
      this.putMessage(tombstone);
    }
    const ref = conversationRef(accountId, conversationId);
    const conversation = this.conversation(ref);
    if (conversation?.lastMessage?.messageId === messageId) {
      if (conversation.lastMessage.text !== '') this.putConversation(ref, { ...conversation, lastMessage: { ...conversation.lastMessage, text: '' } });
      else this.reportConversation(ref);
    }
  }

  /** Delivered / read marks move our own acknowledged messages forward, never back. */
  private applyReceipt(receipt: Receipt): void {
    const { accountId, conversationId } = receipt;
    const me = this.myUserIds[accountId];
    if (!me || receipt.userId === me) return;
    const mark = (row: StoredMessage) => {
      if (row.senderId !== me) return;
      const next = withReceipt(row, receipt.kind);
      if (next) this.putMessage(next);
      else if (isAcked(row.status)) this.reportMessage(row);
    };
    for (const id of receipt.messageIds ?? []) this.rowsWithId(accountId, conversationId, id).forEach(mark);
    if (!receipt.upToMessageId) return;
    const anchor = this.rowsWithId(accountId, conversationId, receipt.upToMessageId)[0];
    if (!anchor) return; // not on this device: nothing it covers can be placed in time
    // The rows it can move were read in `prefetch` (back to our first one already that far).
    for (const r of this.messages.values()) {
      if (r && r.accountId === accountId && r.conversationId === conversationId && r.sentAt <= anchor.sentAt) mark(r);
    }
  }

  private discardUnsent(accountId: string): void {
    // Every unsent row of the account was read in `prefetch`.
    for (const r of [...this.messages.values()]) {
      if (r && r.accountId === accountId && isLocalStatus(r.status)) this.deleteMessage(r);
    }
    this.discardLegacy.push(accountId);
  }

  /** The conversation's preview and place after `row`; `written`: the row changed in this write. */
  private bump(row: StoredMessage, written = true): void {
    const ref = conversationRef(row.accountId, row.conversationId);
    const conversation = this.conversation(ref);
    if (!conversation) {
      if (written && !this.removedConversations.has(ref)) this.unknown.add(ref);
      return;
    }
    const next = withLatestMessage(conversation, row);
    if (next) this.putConversation(ref, next);
    // Already its preview (another tab's write got there first): this tab's view still needs it.
    else if (!row.deleted && row.sentAt >= conversation.lastActivityAt) this.reportConversation(ref);
  }

  // --- the overlay --------------------------------------------------------------------

  private remember(pk: Pk, row: StoredMessage | undefined): void {
    const key = pkString(...pk);
    if (this.messages.has(key)) return;
    this.messages.set(key, row ?? null);
    if (row?.id) this.indexId(key, row);
  }

  private indexId(pk: string, row: StoredMessage): void {
    const id = idString(row.accountId, row.conversationId, row.id!);
    let set = this.byId.get(id);
    if (!set) this.byId.set(id, (set = new Set()));
    set.add(pk);
  }

  /** A row read in `prefetch` (or written since); null when there is none. */
  private message(pk: Pk): StoredMessage | null {
    return this.messages.get(pkString(...pk)) ?? null;
  }

  /** The rows holding a server ID, as read in `prefetch` and changed since. */
  private rowsWithId(accountId: string, conversationId: string, id: string): StoredMessage[] {
    const rows: StoredMessage[] = [];
    for (const pk of this.byId.get(idString(accountId, conversationId, id)) ?? []) {
      const row = this.messages.get(pk);
      if (row && row.id === id) rows.push(row);
    }
    return rows;
  }

  private putMessage(changed: StoredMessage): void {
    const pk = pkString(changed.accountId, changed.conversationId, changed.key);
    // The search index's words follow the text: recomputed when it changed (or was never indexed).
    const before = this.messages.get(pk);
    const row = changed.words && before && before.text === changed.text && before.deleted === changed.deleted ? changed : withWords(changed);
    this.messages.set(pk, row);
    this.dirtyMessages.add(pk);
    this.deletedMessages.delete(pk);
    if (row.id) this.indexId(pk, row);
  }

  private deleteMessage(row: StoredMessage): void {
    const pk = pkString(row.accountId, row.conversationId, row.key);
    this.messages.set(pk, null);
    this.dirtyMessages.delete(pk);
    this.deletedMessages.set(pk, messagePk(row));
    this.removedMessages.push({ ref: conversationRef(row.accountId, row.conversationId), key: row.key });
  }

  /** A row found as the changes would leave it: reported, not written. */
  private reportMessage(row: StoredMessage): void {
    this.upToDateMessages.add(pkString(row.accountId, row.conversationId, row.key));
  }

  private reportConversation(ref: string): void {
    this.upToDateConversations.add(ref);
  }

  private conversation(ref: string): Conversation | null {
    return this.conversations.get(ref) ?? null;
  }

  private putConversation(ref: string, conversation: Conversation): void {
    this.conversations.set(ref, conversation);
    this.dirtyConversations.add(ref);
    this.deletedConversations.delete(ref);
    this.removedConversations.delete(ref);
    this.unknown.delete(ref);
  }

  /** Places every write; `lastIssued` is called once the last request is placed (none follows it). */
  async flush(lastIssued: () => void = () => undefined): Promise<void> {
    const { db } = this;
    const messages = [...this.dirtyMessages].map((pk) => this.messages.get(pk)!);
    const conversations = [...this.dirtyConversations].map((ref) => this.conversations.get(ref)!);
    // First, so that messages this step wrote after a removal (a cleared conversation's next message) stay.
    for (const [accountId, conversationId] of this.deletedConversations.values()) {
      await db.threadMessages
        .where('[accountId+conversationId+sentAt]')
        .between([accountId, conversationId, Dexie.minKey], [accountId, conversationId, Dexie.maxKey])
        .delete();
    }
    // Every other write is placed first: the message chunks come last, so that placing their
    // last chunk is placing the transaction's last request.
    const others = [
      this.deletedMessages.size ? db.threadMessages.bulkDelete([...this.deletedMessages.values()]) : null,
      conversations.length ? db.conversations.bulkPut(conversations) : null,
      this.deletedConversations.size ? db.conversations.bulkDelete([...this.deletedConversations.values()]) : null,
      this.metaWrites.length ? db.meta.bulkPut(this.metaWrites) : null,
      this.legacyDone.length ? db.outbox.bulkDelete(this.legacyDone) : null,
      ...this.discardLegacy.map((accountId) => db.outbox.where('accountId').equals(accountId).delete()),
    ];
    // A delete by index reads its keys before it deletes (more requests, later, under Dexie's
    // write lock): then the transaction commits on its own, as it always did.
    const endsHere = this.discardLegacy.length === 0 ? lastIssued : undefined;
    // Straight on the transaction's object store, a time budget's worth per task (paced-puts.ts).
    const idb = currentIdbTransaction();
    if (idb) announcePuts(db, idb, messages);
    const puts = idb
      ? putPaced(idb.objectStore(db.threadMessages.name), messages, endsHere)
      : putInChunks(messages, (chunk) => db.threadMessages.bulkPut(chunk), endsHere);
    await Promise.all([...others, puts]);
  }

  result(): WriteResult {
    const loaded: Conversation[] = [];
    for (const ref of this.loadedRefs) {
      const c = this.conversations.get(ref);
      if (c) loaded.push(c);
    }
    const reported = <T>(dirty: Set<string>, upToDate: Set<string>, rows: Map<string, T | null>): T[] => {
      const out: T[] = [];
      for (const k of new Set([...dirty, ...upToDate])) {
        const row = rows.get(k);
        if (row) out.push(row);
      }
      return out;
    };
    return {
      conversations: reported(this.dirtyConversations, this.upToDateConversations, this.conversations),
      loadedConversations: loaded,
      lastSyncedAt: this.lastSyncedAt,
      removedConversations: [...this.removedConversations],
      messages: reported(this.dirtyMessages, this.upToDateMessages, this.messages),
      removedMessages: this.removedMessages.filter((r) => {
        const { accountId, conversationId } = parseConversationRef(r.ref);
        return !this.dirtyMessages.has(pkString(accountId, conversationId, r.key));
      }),
      unknownConversations: [...this.unknown],
      synced: [...this.synced],
    };
  }
}

/**
 * Rows put around Dexie are still announced by its change event once the transaction
 * commits (`storagemutated`: live search follows the cache by it, in this tab and others),
 * as Dexie does for its own writes. The transaction's changed parts get one key range per
 * conversation, the whole conversation: a range per key, as Dexie adds them, costs 12–33 ms
 * for a step of 1,000 rows.
 */
function announcePuts(db: ParleyDb, idb: IDBTransaction, rows: readonly StoredMessage[]): void {
  if (rows.length === 0) return;
  const conversations = new Map<string, [string, string]>();
  for (const row of rows) conversations.set(row.accountId + SEP + row.conversationId, [row.accountId, row.conversationId]);
  const changed = new RangeSet();
  for (const [accountId, conversationId] of conversations.values()) {
    changed.add({ from: [accountId, conversationId, Dexie.minKey], to: [accountId, conversationId, Dexie.maxKey] });
  }
  // Dexie keeps the parts its own writes changed as plain range trees: merged into, not replaced.
  const parts = ((idb as IDBTransaction & { mutatedParts?: Record<string, IntervalTree> }).mutatedParts ??= {});
  const part = `idb://${db.name}/${db.threadMessages.name}/`;
  const known = parts[part];
  if (known) mergeRanges(known, changed);
  else parts[part] = changed;
}

/** Asks the browser to commit once the requests already placed are done (`IDBTransaction.commit`, where it exists). */
function commitWhenDone(tx: Transaction): void {
  const idb = tx.idbtrans as IDBTransaction & { commit?: () => void };
  try {
    idb.commit?.();
  } catch {
    // Already committing or aborted: it ends as it would have without the call.
  }
}

function keyOf(m: Message): string | null {
  try {
    return messageKey(m);
  } catch {
    return null;
  }
}
