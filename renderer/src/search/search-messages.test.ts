// The search index as the app writes it (the cache writer) and as search reads it, on
// fake-indexeddb: new rows, edits and deletions keep their words in step, and a cache of
// 100,000 messages answers a word, a word's start and several words, reading at most the limit.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { conversationRef } from '../contract';
import { ParleyDb, withWords, type StoredMessage } from '../db/database';
import { writeChanges } from '../db/writer';
import { ALICE, ALICE_TALKER, BOB_ID, conversation, freshDbName, incoming } from '../testing/harness';
import { groupByConversation, searchConversationNames, searchMessages } from './search-messages';

const me = { [ALICE.id]: ALICE.userId, [ALICE_TALKER.id]: ALICE_TALKER.userId };

describe('the cache writer keeps the search words', () => {
  it('for new rows, edits and deletions', async () => {
    const db = new ParleyDb(freshDbName());
    await db.conversations.put(conversation('c1', 10));
    await writeChanges(db, [{ op: 'message', message: incoming('c1', '1', 'Crème brûlée tonight?', 100) }], { myUserIds: me });
    const pk: [string, string, string] = [ALICE.id, 'c1', 'i:1'];
    expect((await db.threadMessages.get(pk))!.words).toEqual(['creme', 'brulee', 'tonight']);
    expect(await searchMessages(db, 'brul')).toHaveLength(1);

    // A status change keeps them; an edit replaces them.
    await writeChanges(db, [{ op: 'message', message: { ...incoming('c1', '1', 'Crème brûlée tonight?', 100), status: 'read' } }], { myUserIds: me });
    expect((await db.threadMessages.get(pk))!.words).toEqual(['creme', 'brulee', 'tonight']);
    await writeChanges(db, [{ op: 'message', message: { ...incoming('c1', '1', 'Pizza tomorrow', 100), editedAt: 200 } }], { myUserIds: me });
    expect((await db.threadMessages.get(pk))!.words).toEqual(['pizza', 'tomorrow']);
    expect(await searchMessages(db, 'brulee')).toEqual([]);
    expect((await searchMessages(db, 'pizza')).map((m) => m.text)).toEqual(['Pizza tomorrow']);

    // A deleted message is found no more.
    await writeChanges(db, [{ op: 'message-removed', accountId: ALICE.id, conversationId: 'c1', messageId: '1' }], { myUserIds: me });
    expect((await db.threadMessages.get(pk))!.words).toEqual([]);
    expect(await searchMessages(db, 'pizza')).toEqual([]);
    db.close();
  });
});

describe('searching 100,000 cached messages', () => {
  it('finds a word, a word’s start and several words, newest first, grouped by conversation, reading at most the limit', async () => {
    const db = new ParleyDb(freshDbName());
    const vocabulary = ['hello', 'world', 'meeting', 'lunch', 'project', 'deadline', 'coffee', 'review', 'weekend', 'update', 'report', 'budget'];
    const rows: StoredMessage[] = [];
    for (let i = 0; i < 100_000; i++) {
      const text = `${vocabulary[i % 12]} ${vocabulary[(i * 7) % 12]} ${vocabulary[(i * 5 + 3) % 12]} number ${i}`;
      rows.push(withWords({ ...incoming(`c${i % 50}`, String(i), text, 1_000 + i), key: `i:${i}`, rev: 1 }));
    }
    // The needles: three messages in two conversations, one in an account that is signed out.
    const needle = (conversationId: string, id: string, text: string, sentAt: number, accountId = ALICE.id): StoredMessage =>
      withWords({ ...incoming(conversationId, id, text, sentAt, accountId), key: `i:${id}`, rev: 1 });
    rows.push(
      needle('c7', 'n1', 'The Pineapple Express leaves at noon', 500_000),
      needle('c7', 'n2', 'pineapple pizza?', 400_000),
      needle('c31', 'n3', 'I brought pineapples for the meeting', 300_000),
      needle('c7', 'n4', 'pineapple from another account', 600_000, ALICE_TALKER.id),
      { ...needle('c9', 'n5', 'pineapple, deleted', 700_000), deleted: true, text: '', words: [] },
    );
    for (let i = 0; i < rows.length; i += 10_000) await db.threadMessages.bulkPut(rows.slice(i, i + 10_000));
    expect(await db.threadMessages.count()).toBe(100_005);

    const signedIn = { accountIds: [ALICE.id] };
    const found = await searchMessages(db, 'pinea', signedIn);
    expect(found.map((m) => m.id)).toEqual(['n1', 'n2', 'n3']);
    const groups = groupByConversation(found);
    expect(groups.map((g) => [g.ref, g.messages.map((m) => m.id)])).toEqual([
      [conversationRef(ALICE.id, 'c7'), ['n1', 'n2']],
      [conversationRef(ALICE.id, 'c31'), ['n3']],
    ]);
    expect((await searchMessages(db, 'PINEAPPLE meet', signedIn)).map((m) => m.id)).toEqual(['n3']);
    expect((await searchMessages(db, 'pineapple')).map((m) => m.id)).toEqual(['n4', 'n1', 'n2', 'n3']);
    // A common word with a rare one: led by the rare one's range.
    expect((await searchMessages(db, 'number 4242', signedIn)).map((m) => m.id).sort()).toEqual(['4242', ...Array.from({ length: 10 }, (_, i) => `4242${i}`)].sort());
    // Two common words (together in a sixth of the messages): every answer holds both.
    const both = await searchMessages(db, 'hello lunc', { ...signedIn, limit: 50 });
    expect(both).toHaveLength(50);
    for (const m of both) expect(m.text).toMatch(/^(?=.*\bhello\b)(?=.*\blunch\b)/);
    expect(await searchMessages(db, 'zebra', signedIn)).toEqual([]);
    expect(await searchMessages(db, '  ', signedIn)).toEqual([]);

    // A word in every message: at most the limit is read and answered, newest first.
    const common = await searchMessages(db, 'n', { ...signedIn, limit: 200 });
    expect(common).toHaveLength(200);
    for (let i = 1; i < common.length; i++) expect(common[i - 1]!.sentAt).toBeGreaterThanOrEqual(common[i]!.sentAt);
    db.close();
  }, 120_000);
});

describe('the scan limit', () => {
  it('bounds the rows looked at when common words are rarely together', async () => {
    const db = new ParleyDb(freshDbName());
    const rows: StoredMessage[] = [];
    for (let i = 0; i < 1_100; i++) rows.push(withWords({ ...incoming('c1', String(i), `hello lunch ${i}`, i), key: `i:${String(i).padStart(4, '0')}`, rev: 1 }));
    for (let i = 0; i < 1_100; i++) rows.push(withWords({ ...incoming('c2', `m${i}`, `meeting notes ${i}`, i), key: `i:m${i}`, rev: 1 }));
    // Each word in more messages than the rarest-word probe reads (1,000). The one message with both, last in the index's order (conversation c3).
    rows.push(withWords({ ...incoming('c3', 'both', 'hello meeting', 1_000), key: 'i:both', rev: 1 }));
    await db.threadMessages.bulkPut(rows);
    expect((await searchMessages(db, 'hello meeting')).map((m) => m.id)).toEqual(['both']);
    expect(await searchMessages(db, 'hello meeting', { scanLimit: 100 })).toEqual([]);
    db.close();
  });
});

describe('searching conversation names', () => {
  it('matches the start of a word of the name, folded, every query word', () => {
    const list = [conversation('1', 1, { title: 'Weekend hike' }), conversation('2', 2, { title: 'Zoë Müller' }), conversation('3', 3, { title: 'Bob', peerId: BOB_ID })];
    expect(searchConversationNames(list, 'hik').map((c) => c.id)).toEqual(['1']);
    expect(searchConversationNames(list, 'zoe mul').map((c) => c.id)).toEqual(['2']);
    expect(searchConversationNames(list, 'ike')).toEqual([]);
    expect(searchConversationNames(list, '')).toEqual([]);
  });
});
