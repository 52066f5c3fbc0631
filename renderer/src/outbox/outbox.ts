// Durable sending. A message and its outbox entry are written in one Dexie transaction
// before anything goes to the network, so a message the user saw "queued" survives a
// crash, a restart or a dead connection. The outbox is the only copy of an unsent
// message; once the server acknowledges it, the server's copy is the truth.
//
// Sending is strictly in order, one message in flight: the lowest `seq` goes first and
// nothing overtakes it. A resend is always safe because the server deduplicates on the
// nonce (and so does Dexie: the nonce makes the key).

import { isTransient, messageKey, type ErrorCode, type Message, type ParleyErrorData } from '../contract';
import { putLatestMessages, showWritten, type DataDeps } from '../data/writeThrough';
import type { OutboxEntry, StoredMessage } from '../db/database';
import { isAcked, withLocalStatus } from '../db/merge';
import { putServerMessages } from '../db/messages';
import { coalesce } from '../lib/coalesce';
import { newNonce } from '../lib/nonce';
import type { Tasks } from '../lib/tasks';

export interface OutboxDeps extends DataDeps {
  tasks: Tasks;
  now?: () => number;
  newNonce?: () => string;
}

/**
 * Errors after which the message waits for the next 'online' instead of failing: the
 * request never reached a verdict, or the session is being re-established.
 */
export function isWorthWaitingFor(code: ErrorCode): boolean {
  return isTransient(code) || code === 'not-signed-in' || code === 'session-expired' || code === 'conflict';
}

export class Outbox {
  /** Sends queued messages in order while online. Single-flight; safe to call any time. */
  readonly flush: () => Promise<void>;

  constructor(private readonly deps: OutboxDeps) {
    this.flush = coalesce(() => this.drain());
  }

  /** Queues a new message: durable before this resolves, then sent in the background. */
  async send(conversationId: string, text: string): Promise<StoredMessage> {
    const { db, store } = this.deps;
    const account = store.getState().account;
    if (!account) throw new Error('cannot send while signed out');
    const message: Message = {
      accountId: account.id,
      conversationId,
      nonce: (this.deps.newNonce ?? newNonce)(),
      senderId: account.userId,
      kind: 'text',
      text,
      sentAt: (this.deps.now ?? Date.now)(),
      status: 'queued',
    };
    const row: StoredMessage = { ...message, key: messageKey(message), rev: 1 };
    const { bumped } = await db.transaction('rw', db.messages, db.outbox, db.conversations, async () => {
      await db.messages.add(row);
      await db.outbox.add({ accountId: account.id, key: row.key, conversationId });
      return putLatestMessages(db, [row]);
    });
    showWritten(store, [row], bumped);
    this.kick();
    return row;
  }

  /** Puts a failed message back in the queue with the same nonce. */
  async retry(key: string): Promise<void> {
    const { db, store } = this.deps;
    const account = store.getState().account;
    if (!account) return;
    const next = await db.transaction('rw', db.messages, db.outbox, async () => {
      const row = await db.messages.get([account.id, key]);
      if (!row || row.status !== 'failed') return null;
      const queued = withLocalStatus(row, 'queued');
      if (!queued) return null;
      const entry = await db.outbox.where('[accountId+key]').equals([account.id, key]).first();
      if (!entry) await db.outbox.add({ accountId: account.id, key, conversationId: row.conversationId });
      await db.messages.put(queued);
      return queued;
    });
    if (next) showWritten(store, [next], []);
    this.kick();
  }

  /**
   * After a start or sign-in: a message that was 'sending' when the app stopped is
   * 'queued' again (its fate is unknown; resending is safe), and the queue is flushed.
   */
  async restore(): Promise<void> {
    const { db, store } = this.deps;
    const account = store.getState().account;
    if (!account) return;
    const rows = await db.transaction('rw', db.messages, db.outbox, async () => {
      const entries = await db.outbox.where('accountId').equals(account.id).toArray();
      const changed: StoredMessage[] = [];
      for (const entry of entries) {
        const row = await db.messages.get([account.id, entry.key]);
        const queued = row?.status === 'sending' ? withLocalStatus(row, 'queued') : null;
        if (queued) {
          await db.messages.put(queued);
          changed.push(queued);
        }
      }
      return changed;
    });
    showWritten(store, rows, []);
    this.kick();
  }

  private kick(): void {
    this.deps.tasks.run(this.flush);
  }

  private async drain(): Promise<void> {
    const { db, store } = this.deps;
    for (;;) {
      const { connection, account, api } = store.getState();
      if (connection !== 'online' || !account) return;
      // The `accountId` index orders ties by primary key: the lowest seq comes first.
      const entry = await db.outbox.where('accountId').equals(account.id).first();
      if (!entry) return;
      const row = await db.messages.get([account.id, entry.key]);
      if (!row || !row.nonce || row.id || isAcked(row.status)) {
        // Gone, or already acknowledged by an echo: nothing left to send.
        await db.outbox.delete(entry.seq!);
        continue;
      }
      await this.writeStatus(row.key, 'sending');
      let error: ParleyErrorData;
      try {
        const result = await api.messages.send({
          accountId: account.id,
          conversationId: row.conversationId,
          text: row.text,
          nonce: row.nonce,
        });
        if (result.ok) {
          await this.acknowledge(entry, row, result.value);
          continue;
        }
        error = result.error;
      } catch (thrown) {
        // The contract resolves errors; a rejection means the bridge itself broke. Wait for it.
        error = { code: 'unreachable', message: String(thrown) };
      }
      if (isWorthWaitingFor(error.code)) {
        await this.writeStatus(row.key, 'queued');
        return;
      }
      await this.fail(entry, error.message);
    }
  }

  private async acknowledge(entry: OutboxEntry, sent: StoredMessage, ack: Message): Promise<void> {
    const { db, store } = this.deps;
    // Our nonce names the message even if a protocol's ack leaves it out.
    const acked: Message = { ...ack, nonce: ack.nonce ?? sent.nonce, senderId: sent.senderId };
    const { rows, bumped } = await db.transaction('rw', db.outbox, db.messages, db.conversations, async () => {
      await db.outbox.delete(entry.seq!);
      const rows = await putServerMessages(db, [acked]);
      return { rows, ...(await putLatestMessages(db, rows)) };
    });
    showWritten(store, rows, bumped);
  }

  private async fail(entry: OutboxEntry, reason: string): Promise<void> {
    const { db, store } = this.deps;
    const failed = await db.transaction('rw', db.outbox, db.messages, async () => {
      await db.outbox.delete(entry.seq!);
      const row = await db.messages.get([entry.accountId, entry.key]);
      const next = row ? withLocalStatus(row, 'failed', reason) : null;
      if (next) await db.messages.put(next);
      return next;
    });
    if (failed) showWritten(store, [failed], []);
  }

  private async writeStatus(key: string, status: 'queued' | 'sending'): Promise<void> {
    const { db, store } = this.deps;
    const account = store.getState().account;
    if (!account) return;
    const next = await db.transaction('rw', db.messages, async () => {
      const row = await db.messages.get([account.id, key]);
      const updated = row ? withLocalStatus(row, status) : null;
      if (updated) await db.messages.put(updated);
      return updated;
    });
    if (next) showWritten(store, [next], []);
  }
}
