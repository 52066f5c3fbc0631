// The device cache: what this device has seen, plus the outbox (the only copy of messages
// the server has not acknowledged yet). See renderer/README.md for who owns which data.

import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { Conversation, Message } from '../contract';

/** A message as cached: the contract's message plus its stable key and a write counter. */
export interface StoredMessage extends Message {
  /** `messageKey(message)`: the same before and after the server's ack. */
  key: string;
  /**
   * Bumped on every write to this row. The store keeps the highest `rev` it has seen, so
   * two async writers finishing out of order can never leave the view older than Dexie.
   */
  rev: number;
}

/** One message waiting to be handed to the server. The text lives on the message only. */
export interface OutboxEntry {
  /** Auto-incremented: the send order. */
  seq?: number;
  accountId: string;
  key: string;
  conversationId: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export const DB_NAME = 'parley';

export class ParleyDb extends Dexie {
  // `declare`: Dexie defines these in `stores()`; a class field would overwrite them with undefined.
  declare conversations: Table<Conversation, [string, string]>;
  declare messages: Table<StoredMessage, [string, string]>;
  declare outbox: Table<OutboxEntry, number>;
  declare meta: Table<MetaRow, string>;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    // Index only what is queried. Every row is scoped by account: two accounts on one
    // device never see each other's cache.
    // A new version adds a `this.version(2).stores(...)` line (plus `.upgrade()` when rows
    // must change); never edit version 1 once shipped.
    this.version(1).stores({
      // the sidebar: newest first, per account
      conversations: '[accountId+id], [accountId+lastActivityAt]',
      // a thread's newest page; dedup of a server copy that arrives without our nonce
      messages: '[accountId+key], [accountId+conversationId+sentAt], [accountId+id]',
      // send order per account; is-this-message-queued lookups
      outbox: '++seq, accountId, [accountId+key]',
      meta: 'key',
    });
  }
}
