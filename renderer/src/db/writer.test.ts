import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Message } from '../contract';
import { ALICE, ALICE_TALKER, BOB_ID, conversation, freshDbName, incoming } from '../testing/harness';
import { ParleyDb } from './database';
import { PUT_BUDGET_MS } from './paced-puts';
import { sliceRecorder } from '../testing/slice-recorder';
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
  it('writes a burst with puts placed over several tasks, one transaction, every row and the newest preview', async () => {
    const db = await fresh();
    const recorder = sliceRecorder('threadMessages');
    // A clock that runs a millisecond per reading: each slice places a budget's worth, not the whole burst.
    let clock = 0;
    const now = performance.now;
    performance.now = () => ++clock;
    const count = 207;
    try {
      const ops: DataOp[] = Array.from({ length: count }, (_, i) => ({ op: 'message', message: incoming('c1', String(1000 + i), `burst ${i}`, 1000 + i) }));
      await write(db, ops);
    } finally {
      recorder.restore();
      performance.now = now;
    }
    expect(recorder.slices.reduce((a, b) => a + b, 0)).toBe(count);
    expect(Math.max(...recorder.slices)).toBeLessThanOrEqual(PUT_BUDGET_MS);
    expect(recorder.slices.length).toBeGreaterThanOrEqual(Math.ceil(count / PUT_BUDGET_MS));
    expect(await db.threadMessages.count()).toBe(count);
    expect((await db.conversations.get([ALICE.id, 'c1']))?.lastMessage?.text).toBe(`burst ${count - 1}`);
  });

  it('asks for the commit as soon as its last write is placed, not after the page has handled every answer', async () => {
    const db = await fresh();
    let placed = 0;
    let answered = 0;
    let atCommit: { placed: number; answered: number } | undefined;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const request = put.apply(this, args);
      if (this.name === 'threadMessages') {
        placed++;
        request.addEventListener('success', () => answered++);
      }
      return request;
    };
    const commit = IDBTransaction.prototype.commit;
    IDBTransaction.prototype.commit = function (this: IDBTransaction) {
      atCommit ??= { placed, answered };
      commit.call(this);
    };
    let clock = 0;
    const now = performance.now;
    performance.now = () => (clock += 3);
    const count = 31;
    try {
      await write(db, Array.from({ length: count }, (_, i): DataOp => ({ op: 'message', message: incoming('c1', String(2000 + i), `early ${i}`, 2000 + i) })));
    } finally {
      IDBObjectStore.prototype.put = put;
      IDBTransaction.prototype.commit = commit;
      performance.now = now;
    }
    // Several slices (earlier answers were handled), and the commit asked for with the last put, before its answer.
    expect(atCommit?.placed).toBe(count);
    expect(atCommit!.answered).toBeGreaterThan(0);
    expect(atCommit!.answered).toBeLessThan(count);
    expect(await db.threadMessages.count()).toBe(count);
    expect((await db.conversations.get([ALICE.id, 'c1']))?.lastMessage?.text).toBe(`early ${count - 1}`);
  });

  it('finds the rows holding a server ID without walking a cursor (a round trip per step), and still collapses the echo', async () => {
    const db = await fresh();
    await write(db, [{ op: 'message', message: own() }]);
    await write(db, [{ op: 'message', message: { ...own({ status: 'delivered' }), nonce: undefined, id: '77' } }]);
    let cursors = 0;
    const openCursor = IDBIndex.prototype.openCursor;
    IDBIndex.prototype.openCursor = function (this: IDBIndex, ...args: Parameters<IDBIndex['openCursor']>) {
      cursors++;
      return openCursor.apply(this, args);
    };
    try {
      await write(db, [
        { op: 'message', message: own({ id: '77', status: 'sent' }) },
        { op: 'message', message: incoming('c1', '78', 'new', 200) },
      ]);
    } finally {
      IDBIndex.prototype.openCursor = openCursor;
    }
    expect(cursors).toBe(0);
    const rows = await db.threadMessages.toArray();
    expect(rows.map((r) => r.id).sort()).toEqual(['77', '78']);
    expect(rows.find((r) => r.id === '77')).toMatchObject({ key: `n:${ALICE.userId}:nonce-0001`, status: 'delivered' });
  });

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

const ref = (accountId: string, conversationId: string) => `${accountId}#${conversationId}`;
const rowsOf = async (db: ParleyDb) => (await db.threadMessages.toArray()).sort((a, b) => a.sentAt - b.sentAt || (a.key < b.key ? -1 : 1));
const statusById = async (db: ParleyDb, accountId = ALICE.id) => Object.fromEntries((await db.threadMessages.toArray()).filter((r) => r.accountId === accountId).map((r) => [r.id ?? r.nonce, r.status]));
const receipt = (kind: 'delivered' | 'read', over: { messageIds?: string[]; upToMessageId?: string; userId?: string; accountId?: string; conversationId?: string }): DataOp => ({
  op: 'receipt',
  receipt: { accountId: ALICE.id, conversationId: 'c1', userId: BOB_ID, kind, ...over },
});

describe('the cache writer: one message, one row', () => {
  it('collapses the echo and our ack arriving in one batch, keeping the further status', async () => {
    const db = await fresh();
    await write(db, [{ op: 'message', message: own({ status: 'sending' }) }]);
    const result = await write(db, [
      { op: 'message', message: { ...own({ status: 'delivered' }), nonce: undefined, id: '77' } },
      { op: 'message', message: own({ id: '77', status: 'sent' }) },
    ]);
    const rows = await rowsOf(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: `n:${ALICE.userId}:nonce-0001`, id: '77', nonce: 'nonce-0001', status: 'delivered' });
    expect(result.messages.map((r) => r.key)).toEqual([`n:${ALICE.userId}:nonce-0001`]);
  });

  it('collapses an i:<id> row into the nonce row when our copy was never cached here (another window sent it)', async () => {
    const db = await fresh();
    await write(db, [{ op: 'message', message: { ...own({ status: 'read' }), nonce: undefined, id: '77' } }]);
    await write(db, [{ op: 'message', message: own({ id: '77', status: 'sent' }) }]);
    const rows = await rowsOf(db);
    expect(rows.map((r) => [r.key, r.id, r.status])).toEqual([[`n:${ALICE.userId}:nonce-0001`, '77', 'read']]);
  });

  it('writes a server copy without our nonce onto the row that holds its ID, and never moves its status back', async () => {
    const db = await fresh();
    await write(db, [{ op: 'message', message: own({ id: '77', status: 'sent' }) }]);
    await write(db, [receipt('read', { messageIds: ['77'] })]);
    // A history page: the server's copy, without our nonce, an older status, edited text.
    const page = { ...own({ status: 'sent', text: 'mine (edited)', editedAt: 500 }), nonce: undefined, id: '77' };
    const result = await write(db, [{ op: 'message', message: page }]);
    const rows = await rowsOf(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: `n:${ALICE.userId}:nonce-0001`, nonce: 'nonce-0001', id: '77', status: 'read', text: 'mine (edited)', editedAt: 500 });
    expect(await db.threadMessages.get([ALICE.id, 'c1', 'i:77'])).toBeUndefined();
    expect(result.removedMessages).toEqual([]);
  });

  it('does not match a server copy to a row holding the same ID in another conversation or account', async () => {
    const db = await fresh();
    await write(db, [
      { op: 'message', message: own({ id: '77', status: 'sent' }) },
      { op: 'message', message: own({ accountId: ALICE_TALKER.id, senderId: ALICE_TALKER.userId, id: '77', status: 'sent' }) },
    ]);
    await write(db, [
      { op: 'message', message: incoming('c2', '77', 'other chat', 200) },
      { op: 'message', message: incoming('c1', '77', 'talker copy', 200, ALICE_TALKER.id) },
    ]);
    // The talker copy has no nonce: it lands on talker's own nonce row (same conversation id "c1", other account).
    const rows = (await db.threadMessages.toArray()).map((r) => [r.accountId, r.conversationId, r.key, r.text]);
    expect(rows.sort()).toEqual(
      [
        [ALICE.id, 'c1', `n:${ALICE.userId}:nonce-0001`, 'mine'],
        [ALICE_TALKER.id, 'c1', `n:${ALICE_TALKER.userId}:nonce-0001`, 'talker copy'],
        [ALICE.id, 'c2', 'i:77', 'other chat'],
      ].sort(),
    );
  });
});

describe('the cache writer: receipts', () => {
  async function seeded(): Promise<ParleyDb> {
    const db = await fresh();
    await write(db, [
      { op: 'message', message: own({ nonce: 'a-000001', id: '1', sentAt: 1, status: 'sent' }) },
      { op: 'message', message: incoming('c1', '2', 'theirs', 2) },
      { op: 'message', message: own({ nonce: 'a-000003', id: '3', sentAt: 3, status: 'sent' }) },
      { op: 'message', message: own({ nonce: 'a-000004', sentAt: 4, status: 'failed' }) },
      { op: 'message', message: own({ nonce: 'a-000005', id: '5', sentAt: 5, status: 'sent' }) },
      { op: 'message', message: own({ nonce: 'a-000006', id: '6', sentAt: 6, status: 'sent' }) },
      // the same conversation id and message ids under the other account
      { op: 'message', message: own({ accountId: ALICE_TALKER.id, senderId: ALICE_TALKER.userId, nonce: 't-000003', id: '3', sentAt: 3, status: 'sent' }) },
    ]);
    return db;
  }

  it('moves exactly the listed messages that are ours and acknowledged', async () => {
    const db = await seeded();
    await write(db, [receipt('delivered', { messageIds: ['2', '3', '99'] })]);
    expect(await statusById(db)).toMatchObject({ '1': 'sent', '2': 'sent', '3': 'delivered', 'a-000004': 'failed', '5': 'sent', '6': 'sent' });
    expect((await db.threadMessages.get([ALICE_TALKER.id, 'c1', `n:${ALICE_TALKER.userId}:t-000003`]))!.status).toBe('sent');
  });

  it('moves our acknowledged messages up to the anchor, not after it, not others’, not unsent ones, never back', async () => {
    const db = await seeded();
    await write(db, [receipt('read', { messageIds: ['6'] })]);
    await write(db, [receipt('read', { upToMessageId: '5' })]);
    expect(await statusById(db)).toMatchObject({ '1': 'read', '2': 'sent', '3': 'read', 'a-000004': 'failed', '5': 'read', '6': 'read' });
    await write(db, [receipt('delivered', { upToMessageId: '6' }), receipt('delivered', { messageIds: ['1', '3'] })]);
    expect(await statusById(db)).toMatchObject({ '1': 'read', '3': 'read', '5': 'read', '6': 'read' });
    expect((await db.threadMessages.get([ALICE_TALKER.id, 'c1', `n:${ALICE_TALKER.userId}:t-000003`]))!.status).toBe('sent');
  });

  it('ignores our own receipts (another device of ours) and receipts of an account it does not know', async () => {
    const db = await seeded();
    await write(db, [receipt('read', { upToMessageId: '6', userId: ALICE.userId }), receipt('read', { messageIds: ['1'], userId: ALICE.userId })]);
    await writeChanges(db, [receipt('read', { upToMessageId: '6' })], { myUserIds: {} });
    expect(await statusById(db)).toMatchObject({ '1': 'sent', '3': 'sent', '5': 'sent', '6': 'sent' });
  });

  it('a receipt another tab applied first still reports every row it covers (for this tab’s view), and only those', async () => {
    const db = await seeded();
    await write(db, [receipt('read', { upToMessageId: '5' })]);
    const again = await write(db, [receipt('read', { upToMessageId: '5' })]);
    expect(again.messages.map((r) => [r.id, r.status]).sort()).toEqual([['1', 'read'], ['3', 'read'], ['5', 'read']]);
    for (const r of again.messages) expect(await db.threadMessages.get([r.accountId, r.conversationId, r.key])).toEqual(r);
  });

  it('reads back past a page of their messages to reach ours', async () => {
    const db = await seeded();
    await write(db, Array.from({ length: 60 }, (_, i): DataOp => ({ op: 'message', message: incoming('c1', String(100 + i), 'theirs', 10 + i) })));
    await write(db, [receipt('read', { upToMessageId: '159' })]);
    expect(await statusById(db)).toMatchObject({ '1': 'read', '3': 'read', '5': 'read', '6': 'read' });
  });

  // The anchor gets its ID in the same batch (our ack, or Bob's new message, followed by his
  // receipt): the range of older rows must be read for it all the same.
  it('a receipt up to a message that arrives in the same batch covers our older messages too', async () => {
    const db = await seeded();
    await write(db, [{ op: 'message', message: own({ nonce: 'a-000007', sentAt: 7, status: 'sending' }) }]);
    // One batch (e.g. after a reconnect): our message 7 is acknowledged, and Bob has read up to it.
    await write(db, [{ op: 'message', message: own({ nonce: 'a-000007', id: '7', sentAt: 7, status: 'sent' }) }, receipt('delivered', { upToMessageId: '7' })]);
    expect(await statusById(db)).toMatchObject({ '1': 'delivered', '3': 'delivered', '5': 'delivered', '6': 'delivered', '7': 'delivered' });
    // Bob's own new message and his read mark up to it, in one batch.
    await write(db, [{ op: 'message', message: incoming('c1', '8', 'read them all', 8) }, receipt('read', { upToMessageId: '8' })]);
    expect(await statusById(db)).toMatchObject({ '1': 'read', '3': 'read', '5': 'read', '6': 'read', '7': 'read', '8': 'sent' });
  });
});

describe('the cache writer: removals, updates, sign-out, send answers', () => {
  it('a removed message that was not the newest leaves the preview alone', async () => {
    const db = await fresh();
    await write(db, [
      { op: 'message', message: incoming('c1', '8', 'older', 40, ALICE.id) },
      { op: 'message', message: { ...incoming('c1', '9', 'newest', 50), attachments: [{ id: 'a', kind: 'file', name: 'f.txt', size: 1, mimeType: 'text/plain' }] } },
    ]);
    const result = await write(db, [{ op: 'message-removed', accountId: ALICE.id, conversationId: 'c1', messageId: '8' }]);
    expect(await db.threadMessages.get([ALICE.id, 'c1', 'i:8'])).toMatchObject({ deleted: true, text: '' });
    expect((await db.conversations.get([ALICE.id, 'c1']))!.lastMessage).toMatchObject({ messageId: '9', text: 'newest' });
    for (const c of result.conversations) expect(c.lastMessage).toMatchObject({ messageId: '9', text: 'newest' });
    expect(result.messages.map((r) => r.key)).toEqual(['i:8']);

    const last = await write(db, [{ op: 'message-removed', accountId: ALICE.id, conversationId: 'c1', messageId: '9' }]);
    const tombstone = await db.threadMessages.get([ALICE.id, 'c1', 'i:9']);
    expect(tombstone).toMatchObject({ deleted: true, text: '' });
    expect(tombstone!.attachments).toBeUndefined();
    expect((await db.conversations.get([ALICE.id, 'c1']))!.lastMessage).toMatchObject({ messageId: '9', text: '' });
    expect(last.conversations.map((c) => c.lastMessage?.text)).toEqual(['']);
    // The tombstone stays a tombstone: a later message does not bring the preview back to it.
    await write(db, [{ op: 'message-removed', accountId: ALICE.id, conversationId: 'c1', messageId: '9' }]);
    expect((await db.threadMessages.get([ALICE.id, 'c1', 'i:9']))!.rev).toBe(tombstone!.rev);
  });

  it('tombstones our own message by its server ID', async () => {
    const db = await fresh();
    await write(db, [{ op: 'message', message: own({ id: '70', status: 'sent', sentAt: 60 }) }]);
    await write(db, [{ op: 'message-removed', accountId: ALICE.id, conversationId: 'c1', messageId: '70' }]);
    expect(await rowsOf(db)).toEqual([expect.objectContaining({ key: `n:${ALICE.userId}:nonce-0001`, deleted: true, text: '' })]);
    expect((await db.conversations.get([ALICE.id, 'c1']))!.lastMessage?.text).toBe('');
  });

  it('applies updates to known conversations and reports unknown ones, per account', async () => {
    const db = await fresh();
    const result = await write(db, [
      { op: 'conversation-updated', accountId: ALICE.id, conversationId: 'c1', changes: { title: 'Renamed', unreadCount: 4 } },
      { op: 'conversation-updated', accountId: ALICE_TALKER.id, conversationId: 'c1', changes: { title: 'talker c1' } },
      { op: 'conversation-updated', accountId: ALICE.id, conversationId: 'gone', changes: { title: 'x' } },
      { op: 'conversation-removed', accountId: ALICE.id, conversationId: 'gone' },
    ]);
    expect(result.unknownConversations).toEqual([ref(ALICE_TALKER.id, 'c1')]);
    expect(result.removedConversations).toEqual([ref(ALICE.id, 'gone')]);
    expect(await db.conversations.get([ALICE.id, 'c1'])).toMatchObject({ title: 'Renamed', unreadCount: 4 });
    expect(await db.conversations.get([ALICE_TALKER.id, 'c1'])).toBeUndefined();
  });

  it('discards queued, sending and failed rows of the signed-out account only, with its version-1 entries', async () => {
    const db = await fresh();
    const talker = { accountId: ALICE_TALKER.id, senderId: ALICE_TALKER.userId };
    await write(db, [
      { op: 'message', message: own({ nonce: 'q-000001', status: 'queued', sentAt: 1 }) },
      { op: 'message', message: own({ nonce: 's-000001', status: 'sending', sentAt: 2 }) },
      { op: 'message', message: own({ nonce: 'f-000001', status: 'failed', sentAt: 3, conversationId: 'c2' }) },
      { op: 'message', message: own({ nonce: 'd-000001', id: '4', status: 'delivered', sentAt: 4 }) },
      { op: 'message', message: incoming('c1', '5', 'theirs', 5) },
      { op: 'message', message: own({ ...talker, nonce: 'q-000002', status: 'queued', sentAt: 6 }) },
      { op: 'message', message: own({ ...talker, nonce: 'f-000002', status: 'failed', sentAt: 7 }) },
    ]);
    await db.outbox.bulkAdd([
      { accountId: ALICE.id, key: 'a', conversationId: 'c1' },
      { accountId: ALICE_TALKER.id, key: 'b', conversationId: 'c1' },
      { accountId: ALICE.id, key: 'c', conversationId: 'c2' },
    ]);
    const result = await write(db, [{ op: 'discard-unsent', accountId: ALICE.id }]);
    expect((await rowsOf(db)).map((r) => [r.accountId, r.id ?? r.nonce])).toEqual([
      [ALICE.id, '4'],
      [ALICE.id, '5'],
      [ALICE_TALKER.id, 'q-000002'],
      [ALICE_TALKER.id, 'f-000002'],
    ]);
    expect(result.removedMessages.map((r) => r.key).sort()).toEqual(
      [`n:${ALICE.userId}:f-000001`, `n:${ALICE.userId}:q-000001`, `n:${ALICE.userId}:s-000001`],
    );
    expect((await db.outbox.toArray()).map((e) => e.key)).toEqual(['b']);

    // In a batch that also touches the other account's unsent rows, those stay too.
    await write(db, [
      { op: 'message', message: own({ nonce: 'q-000003', status: 'queued', sentAt: 8 }) },
      { op: 'message', message: own({ ...talker, nonce: 'q-000002', status: 'sending', sentAt: 6 }) },
      { op: 'discard-unsent', accountId: ALICE.id },
    ]);
    expect((await rowsOf(db)).map((r) => [r.accountId, r.id ?? r.nonce, r.status])).toEqual([
      [ALICE.id, '4', 'delivered'],
      [ALICE.id, '5', 'sent'],
      [ALICE_TALKER.id, 'q-000002', 'sending'],
      [ALICE_TALKER.id, 'f-000002', 'failed'],
    ]);
  });

  it('"queued" answers create a row but never overwrite one main’s events advanced (sending, failed, sent)', async () => {
    const db = await fresh();
    const created = await write(db, [{ op: 'message', message: own({ nonce: 'x-000001', status: 'queued' }), mode: 'queued' }]);
    expect(created.messages).toEqual([expect.objectContaining({ status: 'queued', rev: 1 })]);
    await write(db, [
      { op: 'message', message: own({ nonce: 'x-000002', status: 'sending' }) },
      { op: 'message', message: own({ nonce: 'x-000003', status: 'failed', error: 'refused' }) },
    ]);
    const late = await write(db, [
      { op: 'message', message: own({ nonce: 'x-000002', status: 'queued' }), mode: 'queued' },
      { op: 'message', message: own({ nonce: 'x-000003', status: 'queued' }), mode: 'queued' },
    ]);
    expect(await statusById(db)).toEqual({ 'x-000001': 'queued', 'x-000002': 'sending', 'x-000003': 'failed' });
    // Whatever the write reports for the store is the row as stored, never the late answer.
    for (const r of late.messages) expect(await db.threadMessages.get([r.accountId, r.conversationId, r.key])).toEqual(r);
  });

  it('keeps two accounts’ conversation "c1" apart: same nonce key, removals and previews stay in their account', async () => {
    const db = await fresh();
    await write(db, [{ op: 'conversation', conversation: conversation('c1', 10, { accountId: ALICE_TALKER.id, title: 'talker c1' }) }]);
    await write(db, [
      { op: 'message', message: own({ id: '9', status: 'sent', text: 'netalo', sentAt: 100 }) },
      { op: 'message', message: own({ accountId: ALICE_TALKER.id, senderId: ALICE.userId, id: '9', status: 'sent', text: 'talker', sentAt: 200 }) },
    ]);
    expect(await db.threadMessages.count()).toBe(2);
    await write(db, [{ op: 'message-removed', accountId: ALICE_TALKER.id, conversationId: 'c1', messageId: '9' }]);
    expect(await db.threadMessages.get([ALICE.id, 'c1', `n:${ALICE.userId}:nonce-0001`])).toMatchObject({ text: 'netalo' });
    expect(await db.threadMessages.get([ALICE_TALKER.id, 'c1', `n:${ALICE.userId}:nonce-0001`])).toMatchObject({ text: '', deleted: true });
    expect((await db.conversations.get([ALICE.id, 'c1']))!).toMatchObject({ title: 'Chat c1', lastMessage: { text: 'netalo' } });
    expect((await db.conversations.get([ALICE_TALKER.id, 'c1']))!).toMatchObject({ title: 'talker c1', lastMessage: { text: '' } });
  });
});
