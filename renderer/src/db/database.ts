// The device cache: what this device has seen, for every account, so that the unified
// list and any thread show at once, before (or without) the network. Unsent messages are
// main's (its durable outbox); the rows here are a view of them. See renderer/README.md.

import Dexie, { type DexieOptions, type Table, type Transaction } from 'dexie';
import type { Conversation, Message } from '../contract';
import { wordsOf } from '../search/words';

/** A message as cached: the contract's message plus its stable key and a write counter. */
export interface StoredMessage extends Message {
  /** `messageKey(message)`: the same before and after the server's ack. Unique within its conversation. */
  key: string;
  /**
   * Bumped on every write to this row. The store keeps the highest `rev` it has seen, so
   * a cache read finishing after a newer write can never leave the view older than Dexie.
   */
  rev: number;
  /**
   * The text's words for search (search/words.ts: lower-case, diacritics folded, each once),
   * behind the multiEntry index `*words` (version 3). Kept in step with `text` by the writer.
   */
  words?: string[];
}

/**
 * Version 1's renderer outbox: a message the renderer had not handed to the server yet,
 * its only copy. Since version 2 main owns sending; each entry left over from version 1 is
 * handed to main (`messages.send`, same nonce) at start and only then deleted.
 */
export interface LegacyOutboxEntry {
  seq?: number;
  accountId: string;
  /** The message's `key` (its row is in `threadMessages` under [accountId, conversationId, key]). */
  key: string;
  conversationId: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export const DB_NAME = 'parley';

/** Rows per chunk in the version-2 and version-3 upgrades: bounded memory however large the cache. */
const UPGRADE_CHUNK = 500;

export class ParleyDb extends Dexie {
  // `declare`: Dexie defines these in `stores()`; a class field would overwrite them with undefined.
  declare conversations: Table<Conversation, [string, string]>;
  declare threadMessages: Table<StoredMessage, [string, string, string]>;
  declare outbox: Table<LegacyOutboxEntry, number>;
  declare meta: Table<MetaRow, string>;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    // Index only what is queried. Never edit a version once shipped: add the next one.

    // Version 1 (Parley 0.1): one account, messages keyed without their conversation, and
    // the renderer's own outbox.
    this.version(1).stores({
      conversations: '[accountId+id], [accountId+lastActivityAt]',
      messages: '[accountId+key], [accountId+conversationId+sentAt], [accountId+id]',
      outbox: '++seq, accountId, [accountId+key]',
      meta: 'key',
    });

    // Version 2: many accounts, sending owned by main. Every key starts with the account,
    // and a message's identity includes its conversation (server IDs are unique only per
    // conversation on some protocols). IndexedDB cannot change a primary key in place, so
    // the messages move to a new table: Dexie keeps the deleted `messages` table readable
    // inside this version's upgrade and drops it after. The outbox stays until its entries
    // have been handed to main (that needs main, so it happens at start, not here).
    this.version(2)
      .stores({
        // the unified list: newest first across accounts; per account for a refresh
        conversations: '[accountId+id], [accountId+lastActivityAt], lastActivityAt',
        messages: null,
        // a thread's newest page; a server copy matched by its ID within the conversation
        threadMessages: '[accountId+conversationId+key], [accountId+conversationId+sentAt], [accountId+conversationId+id]',
        outbox: '++seq, accountId, [accountId+key]',
        meta: 'key',
      })
      .upgrade(copyMessagesToVersion2);

    // Version 3: search. Every message row carries its words (`words`, written by the
    // writer) behind a multiEntry index, so that a word, or the start of one, finds its
    // messages without reading the others. The upgrade adds the words to the rows already
    // cached, a chunk at a time.
    this.version(3)
      .stores({
        threadMessages: '[accountId+conversationId+key], [accountId+conversationId+sentAt], [accountId+conversationId+id], *words',
      })
      .upgrade(addWordsToVersion3);
  }
}

/** A row with its `words` for the search index, from its text as it is now. */
export function withWords<T extends StoredMessage>(row: T): T {
  const words = row.deleted || !row.text ? [] : wordsOf(row.text);
  return { ...row, words };
}

/** Version 2's rows gain their words, `UPGRADE_CHUNK` rows per step in primary-key order. */
async function addWordsToVersion3(tx: Transaction): Promise<void> {
  const table = tx.table<StoredMessage, [string, string, string]>('threadMessages');
  let after: [string, string, string] | null = null;
  for (;;) {
    const chunk: StoredMessage[] = await (after ? table.where(':id').above(after) : table.toCollection()).limit(UPGRADE_CHUNK).toArray();
    if (chunk.length === 0) return;
    await table.bulkPut(chunk.map(withWords));
    const last = chunk[chunk.length - 1]!;
    after = messagePk(last);
  }
}

/** Version 1's `messages` into version 2's `threadMessages`, rows unchanged (their keys already hold everything). */
async function copyMessagesToVersion2(tx: Transaction): Promise<void> {
  const from = tx.table<StoredMessage, [string, string]>('messages');
  const to = tx.table<StoredMessage, [string, string, string]>('threadMessages');
  let after: [string, string] | null = null;
  for (;;) {
    const chunk: StoredMessage[] = await (after ? from.where(':id').above(after) : from.toCollection()).limit(UPGRADE_CHUNK).toArray();
    if (chunk.length === 0) return;
    await to.bulkPut(chunk.filter((row) => typeof row.conversationId === 'string' && typeof row.key === 'string'));
    const last = chunk[chunk.length - 1]!;
    after = [last.accountId, last.key];
  }
}

/** The primary key of a message row. */
export function messagePk(m: Pick<StoredMessage, 'accountId' | 'conversationId' | 'key'>): [string, string, string] {
  return [m.accountId, m.conversationId, m.key];
}
