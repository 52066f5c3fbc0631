import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Message } from '../contract';
import { ALICE, ALICE_TALKER, BOB_ID, conversation, freshDbName, incoming } from '../testing/harness';
import { ParleyDb } from './database';
import { writeChanges, type DataOp } from './writer';

const me = { [ALICE.id]: ALICE.userId, [ALICE_TALKER.id]: ALICE_TALKER.userId };
const write = (db: ParleyDb, ops: DataOp[]) => writeChanges(db, ops, { myUserIds: me });
const own = (over: Partial<Message> = {}): Message => ({
  accountId: ALICE.id,
  conversationId: 'c1',
  nonce: 'nonce-0001',
  senderId: ALICE.userId,
  kind: 'text',
  text: 'mine',
  sentAt: 100,
  status: 'queued',
  ...over,
});

async function fresh(): Promise<ParleyDb> {
  const db = new ParleyDb(freshDbName());
  await db.conversations.put(conversation('c1', 10));
  return db;
}

describe('the cache writer', () => {
  it('collapses an echo that arrived (as i:<id>) before our ack into our row: one message, one row', async () => {
    const db = await fresh();
    await write(db, [{ op: 'message', message: own() }]);
    await write(db, [{ op: 'message', message: { ...own({ status: 'delivered' }), nonce: undefined, id: '77' } }]);
    expect(await db.threadMessages.count()).toBe(2);
    const result = await write(db, [{ op: 'message', message: own({ id: '77', status: 'sent' }) }]);
    const rows = await db.threadMessages.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: `n:${ALICE.userId}:nonce-0001`, id: '77', status: 'delivered' });
    expect(result.removedMessages).toEqual([{ ref: `${ALICE.id}#c1`, key: 'i:77' }]);
  });

  it('moves our own acknowledged messages forward on receipts, never back and never others’', async () => {
    const db = await fresh();
    await write(db, [
      { op: 'message', message: own({ nonce: 'a-000001', id: '1', sentAt: 1, status: 'sent' }) },
      { op: 'message', message: own({ nonce: 'a-000002', id: '2', sentAt: 2, status: 'sent' }) },
      { op: 'message', message: incoming('c1', '3', 'theirs', 3) },
      { op: 'message', message: own({ nonce: 'a-000004', id: '4', sentAt: 4, status: 'read' }) },
      { op: 'message', message: own({ nonce: 'a-000005', sentAt: 5, status: 'queued' }) },
    ]);
    await write(db, [{ op: 'receipt', receipt: { accountId: ALICE.id, conversationId: 'c1', userId: BOB_ID, kind: 'delivered', messageIds: ['1'] } }]);
    await write(db, [{ op: 'receipt', receipt: { accountId: ALICE.id, conversationId: 'c1', userId: BOB_ID, kind: 'read', upToMessageId: '3' } }]);
    await write(db, [{ op: 'receipt', receipt: { accountId: ALICE.id, conversationId: 'c1', userId: BOB_ID, kind: 'delivered', upToMessageId: '4' } }]);
    const byText = Object.fromEntries((await db.threadMessages.toArray()).map((r) => [r.id ?? r.nonce, r.status]));
    expect(byText).toEqual({ '1': 'read', '2': 'read', '3': 'sent', '4': 'read', 'a-000005': 'queued' });
  });

  it('tombstones a removed message and clears the preview it was', async () => {
    const db = await fresh();
    await write(db, [{ op: 'message', message: incoming('c1', '9', 'oops', 50) }]);
    expect((await db.conversations.get([ALICE.id, 'c1']))?.lastMessage?.text).toBe('oops');
    await write(db, [{ op: 'message-removed', accountId: ALICE.id, conversationId: 'c1', messageId: '9' }]);
    expect(await db.threadMessages.get([ALICE.id, 'c1', 'i:9'])).toMatchObject({ deleted: true, text: '' });
    expect((await db.conversations.get([ALICE.id, 'c1']))?.lastMessage?.text).toBe('');
  });

  it('reports conversations it does not know, and keeps two accounts’ conversation "5" apart', async () => {
    const db = await fresh();
    const result = await write(db, [
      { op: 'message', message: incoming('5', '1', 'netalo five', 10) },
      { op: 'conversation', conversation: conversation('5', 5, { accountId: ALICE_TALKER.id }) },
      { op: 'message', message: incoming('5', '1', 'talker five', 20, ALICE_TALKER.id) },
    ]);
    expect(result.unknownConversations).toEqual([`${ALICE.id}#5`]);
    expect(await db.threadMessages.get([ALICE.id, '5', 'i:1'])).toMatchObject({ text: 'netalo five' });
    expect(await db.threadMessages.get([ALICE_TALKER.id, '5', 'i:1'])).toMatchObject({ text: 'talker five' });
    expect((await db.conversations.get([ALICE_TALKER.id, '5']))?.lastMessage?.text).toBe('talker five');
  });

  it('discards one account’s unsent messages (and its version-1 outbox entries) on sign-out, nothing else', async () => {
    const db = await fresh();
    await write(db, [
      { op: 'message', message: own({ nonce: 'q-000001', status: 'queued' }) },
      { op: 'message', message: own({ nonce: 'f-000001', status: 'failed' }) },
      { op: 'message', message: own({ nonce: 's-000001', id: '5', status: 'sent' }) },
      { op: 'message', message: own({ accountId: ALICE_TALKER.id, senderId: ALICE_TALKER.userId, nonce: 't-000001', status: 'queued' }) },
    ]);
    await db.outbox.bulkAdd([{ accountId: ALICE.id, key: 'x', conversationId: 'c1' }, { accountId: ALICE_TALKER.id, key: 'y', conversationId: 'c1' }]);
    await write(db, [{ op: 'discard-unsent', accountId: ALICE.id }]);
    expect((await db.threadMessages.toArray()).map((r) => r.nonce).sort()).toEqual(['s-000001', 't-000001']);
    expect((await db.outbox.toArray()).map((e) => e.accountId)).toEqual([ALICE_TALKER.id]);
  });

  it('never lets main’s late "queued" answer overwrite a row its events already advanced', async () => {
    const db = await fresh();
    await write(db, [{ op: 'message', message: own({ id: '8', status: 'sent' }) }]);
    await write(db, [{ op: 'message', message: own({ status: 'queued' }), mode: 'queued' }]);
    expect((await db.threadMessages.toArray())[0]).toMatchObject({ status: 'sent', id: '8' });
  });
});
