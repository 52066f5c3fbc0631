// Version 1 → 2 on a real version-1 database: written by a Dexie that knows only version 1
// (the exact stores Parley 0.1 shipped), then opened by today's ParleyDb.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { freshDbName } from '../testing/harness';
import { wordsOf } from '../search/words';
import { ParleyDb } from './database';

const ACCOUNT = 'netalo|http://127.0.0.1:8080|1001';

async function writeVersion1(name: string, messages: number): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores({
    conversations: '[accountId+id], [accountId+lastActivityAt]',
    messages: '[accountId+key], [accountId+conversationId+sentAt], [accountId+id]',
    outbox: '++seq, accountId, [accountId+key]',
    meta: 'key',
  });
  await v1.table('conversations').bulkPut([
    { accountId: ACCOUNT, id: 'g1', kind: 'direct', title: 'Bob', memberIds: ['1001', '1002'], createdAt: 1, lastActivityAt: 50, unreadCount: 0, muted: false, pinned: false },
    { accountId: ACCOUNT, id: 'g2', kind: 'direct', title: 'Carol', memberIds: ['1001', '1003'], createdAt: 1, lastActivityAt: 90, unreadCount: 0, muted: false, pinned: false },
  ]);
  const rows = Array.from({ length: messages }, (_, i) => ({
    accountId: ACCOUNT,
    conversationId: i % 2 ? 'g1' : 'g2',
    key: `i:${1000 + i}`,
    id: String(1000 + i),
    senderId: '1002',
    kind: 'text',
    text: `message ${i}`,
    sentAt: i,
    status: 'sent',
    rev: 1,
  }));
  rows.push({ accountId: ACCOUNT, conversationId: 'g1', key: 'n:1001:legacy-0001', senderId: '1001', kind: 'text', text: 'unsent', sentAt: 99_999, status: 'queued', rev: 1 } as never);
  await v1.table('messages').bulkPut(rows);
  await v1.table('outbox').add({ accountId: ACCOUNT, key: 'n:1001:legacy-0001', conversationId: 'g1' });
  await v1.table('meta').put({ key: `lastSyncedAt:${ACCOUNT}`, value: 1234 });
  v1.close();
}

describe('cache schema version 2', () => {
  it('upgrades a version-1 database with nothing lost, message keys now including the conversation', async () => {
    const name = freshDbName();
    const count = 1234; // more than two upgrade chunks
    await writeVersion1(name, count);

    const db = new ParleyDb(name);
    await db.open();
    expect(db.verno).toBe(3); // through 2, on to today's version
    expect(db.tables.map((t) => t.name).sort()).toEqual(['conversations', 'meta', 'outbox', 'threadMessages']);
    expect(await db.threadMessages.count()).toBe(count + 1);
    expect(await db.threadMessages.get([ACCOUNT, 'g1', 'i:1001'])).toMatchObject({ text: 'message 1', id: '1001' });
    expect(await db.threadMessages.get([ACCOUNT, 'g1', 'n:1001:legacy-0001'])).toMatchObject({ text: 'unsent', status: 'queued' });
    const g2 = await db.threadMessages.where('[accountId+conversationId+sentAt]').between([ACCOUNT, 'g2', Dexie.minKey], [ACCOUNT, 'g2', Dexie.maxKey]).count();
    expect(g2).toBe(Math.ceil(count / 2));
    expect(await db.threadMessages.where('[accountId+conversationId+id]').equals([ACCOUNT, 'g2', '1000']).count()).toBe(1);
    expect(await db.outbox.toArray()).toEqual([{ seq: 1, accountId: ACCOUNT, key: 'n:1001:legacy-0001', conversationId: 'g1' }]);
    expect(await db.meta.get(`lastSyncedAt:${ACCOUNT}`)).toEqual({ key: `lastSyncedAt:${ACCOUNT}`, value: 1234 });
    expect((await db.conversations.orderBy('lastActivityAt').reverse().toArray()).map((c) => c.id)).toEqual(['g2', 'g1']);
    db.close();
  });
});

const V1_STORES = {
  conversations: '[accountId+id], [accountId+lastActivityAt]',
  messages: '[accountId+key], [accountId+conversationId+sentAt], [accountId+id]',
  outbox: '++seq, accountId, [accountId+key]',
  meta: 'key',
};
const OTHER = 'talker|http://127.0.0.1:7455|5';

describe('cache schema version 2: every row of a version-1 cache', () => {
  it('copies every message of every account (over several chunks) to [accountId, conversationId, key], unchanged', async () => {
    const name = freshDbName();
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    // Keys that sort in a different order from their conversations and times, two accounts
    // (the chunk cursor crosses from one account to the next), 'i:' and 'n:' keys.
    const rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 1100; i++) {
      const accountId = i % 3 === 0 ? OTHER : ACCOUNT;
      rows.push({
        accountId,
        conversationId: `c${i % 7}`,
        key: `i:${(i * 7919) % 100_003}`,
        id: String((i * 7919) % 100_003),
        senderId: '1002',
        kind: 'text',
        text: `m${i}`,
        sentAt: 10_000 - i,
        status: i % 2 ? 'sent' : 'read',
        rev: 1 + (i % 4),
      });
    }
    const nonceRow = { accountId: ACCOUNT, conversationId: 'c3', key: 'n:1001:0b6c2d1e-0000-4000-8000-000000000001', nonce: '0b6c2d1e-0000-4000-8000-000000000001', senderId: '1001', kind: 'text', text: 'queued in 0.1', sentAt: 20_000, status: 'sending', rev: 3 };
    const ackedNonceRow = { accountId: ACCOUNT, conversationId: 'c4', key: 'n:1001:0b6c2d1e-0000-4000-8000-000000000002', nonce: '0b6c2d1e-0000-4000-8000-000000000002', id: '424242', senderId: '1001', kind: 'text', text: 'sent by 0.1', sentAt: 20_001, status: 'delivered', rev: 2 };
    rows.push(nonceRow, ackedNonceRow);
    await v1.table('messages').bulkPut(rows);
    await v1.table('conversations').bulkPut([
      { accountId: ACCOUNT, id: 'c3', kind: 'direct', title: 'Bob', memberIds: ['1001', '1002'], createdAt: 1, lastActivityAt: 300, unreadCount: 2, muted: false, pinned: false },
      { accountId: OTHER, id: 'c3', kind: 'direct', title: 'Dan', memberIds: ['5', '6'], createdAt: 1, lastActivityAt: 500, unreadCount: 0, muted: false, pinned: false },
      { accountId: ACCOUNT, id: 'c4', kind: 'group', title: 'Team', memberIds: ['1001', '1002', '1003'], createdAt: 1, lastActivityAt: 100, unreadCount: 0, muted: true, pinned: false },
    ]);
    await v1.table('outbox').bulkAdd([
      { accountId: ACCOUNT, key: nonceRow.key, conversationId: 'c3' },
      { accountId: OTHER, key: 'n:5:0b6c2d1e-0000-4000-8000-000000000003', conversationId: 'c1' },
    ]);
    await v1.table('meta').bulkPut([
      { key: `lastSyncedAt:${ACCOUNT}`, value: 111 },
      { key: `lastSyncedAt:${OTHER}`, value: 222 },
    ]);
    const v1Count = await v1.table('messages').count();
    expect(v1Count).toBe(1102);
    v1.close();

    const db = new ParleyDb(name);
    await db.open();
    expect(db.verno).toBe(3); // through 2, on to today's version
    // The old store is gone from IndexedDB itself, not only from Dexie's view.
    expect([...db.backendDB().objectStoreNames].sort()).toEqual(['conversations', 'meta', 'outbox', 'threadMessages']);

    const copied = await db.threadMessages.toArray();
    expect(copied).toHaveLength(v1Count);
    const byPk = new Map(copied.map((r) => [`${r.accountId}|${r.conversationId}|${r.key}`, r]));
    for (const row of rows) {
      // Unchanged, plus version 3's search words.
      expect(byPk.get(`${row.accountId as string}|${row.conversationId as string}|${row.key as string}`)).toEqual({ ...row, words: wordsOf(row.text as string) });
    }
    expect(await db.threadMessages.get([ACCOUNT, 'c3', nonceRow.key])).toEqual({ ...nonceRow, words: ['queued', 'in', '0', '1'] });
    expect(await db.threadMessages.where('[accountId+conversationId+id]').equals([ACCOUNT, 'c4', '424242']).toArray()).toEqual([{ ...ackedNonceRow, words: ['sent', 'by', '0', '1'] }]);
    // The thread index answers per account and conversation.
    const c3Other = await db.threadMessages.where('[accountId+conversationId+sentAt]').between([OTHER, 'c3', Dexie.minKey], [OTHER, 'c3', Dexie.maxKey]).count();
    expect(c3Other).toBe(rows.filter((r) => r.accountId === OTHER && r.conversationId === 'c3').length);

    expect((await db.outbox.orderBy('seq').toArray()).map((e) => [e.seq, e.accountId, e.key, e.conversationId])).toEqual([
      [1, ACCOUNT, nonceRow.key, 'c3'],
      [2, OTHER, 'n:5:0b6c2d1e-0000-4000-8000-000000000003', 'c1'],
    ]);
    expect(await db.meta.orderBy('key').toArray()).toEqual([
      { key: `lastSyncedAt:${ACCOUNT}`, value: 111 },
      { key: `lastSyncedAt:${OTHER}`, value: 222 },
    ]);
    // The unified list's new index: newest first across accounts.
    expect((await db.conversations.orderBy('lastActivityAt').reverse().toArray()).map((c) => [c.accountId, c.id])).toEqual([
      [OTHER, 'c3'],
      [ACCOUNT, 'c3'],
      [ACCOUNT, 'c4'],
    ]);
    expect(await db.conversations.where('lastActivityAt').above(200).count()).toBe(2);
    db.close();

    // Opening again does not upgrade (or copy) anything twice.
    const again = new ParleyDb(name);
    expect(await again.threadMessages.count()).toBe(v1Count);
    expect(await again.outbox.count()).toBe(2);
    again.close();
  });

  it('creates today’s version directly on a device that never had a cache', async () => {
    const db = new ParleyDb(freshDbName());
    await db.open();
    expect(db.verno).toBe(3); // through 2, on to today's version
    expect([...db.backendDB().objectStoreNames].sort()).toEqual(['conversations', 'meta', 'outbox', 'threadMessages']);
    db.close();
  });
});

// Version 2 → 3 on a real version-2 database: written by a Dexie that knows only versions
// 1 and 2 (as Parley shipped them), then opened by today's ParleyDb.
const V2_STORES = {
  conversations: '[accountId+id], [accountId+lastActivityAt], lastActivityAt',
  messages: null,
  threadMessages: '[accountId+conversationId+key], [accountId+conversationId+sentAt], [accountId+conversationId+id]',
  outbox: '++seq, accountId, [accountId+key]',
  meta: 'key',
};

describe('cache schema version 3: the search words', () => {
  it('adds every cached message’s words (over several chunks) behind the multiEntry index, rows otherwise unchanged', async () => {
    const name = freshDbName();
    const v2 = new Dexie(name);
    v2.version(1).stores(V1_STORES);
    v2.version(2).stores(V2_STORES);
    const texts = ['Crème brûlée tonight?', 'see https://example.com/Pineapple', 'ÉCOLE école', 'pineapple pizza', '', '日本語 テキスト'];
    const rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 1234; i++) {
      rows.push({
        accountId: i % 3 === 0 ? OTHER : ACCOUNT,
        conversationId: `c${i % 5}`,
        key: `i:${(i * 7919) % 100_003}`,
        id: String((i * 7919) % 100_003),
        senderId: '1002',
        kind: 'text',
        text: texts[i % texts.length],
        sentAt: 10_000 + i,
        status: 'sent',
        rev: 1,
      });
    }
    rows.push({ accountId: ACCOUNT, conversationId: 'c1', key: 'i:deleted', id: 'deleted', senderId: '1002', kind: 'text', text: '', deleted: true, sentAt: 1, status: 'sent', rev: 2 });
    await v2.table('threadMessages').bulkPut(rows);
    v2.close();

    const db = new ParleyDb(name);
    await db.open();
    expect(db.verno).toBe(3);
    const all = await db.threadMessages.toArray();
    expect(all).toHaveLength(rows.length);
    const byPk = new Map(all.map((r) => [`${r.accountId}|${r.conversationId}|${r.key}`, r]));
    for (const row of rows) {
      const { words, ...rest } = byPk.get(`${row.accountId as string}|${row.conversationId as string}|${row.key as string}`)!;
      expect(rest).toEqual(row);
      expect(words).toEqual(wordsOf(row.text as string));
    }
    expect(byPk.get(`${ACCOUNT}|c1|i:deleted`)!.words).toEqual([]);
    // The index answers a folded word and a word's start, across chunks and accounts.
    const creme = rows.filter((r) => r.text === texts[0]).length;
    expect(await db.threadMessages.where('words').equals('creme').count()).toBe(creme);
    expect(await db.threadMessages.where('words').equals('ecole').count()).toBe(rows.filter((r) => r.text === texts[2]).length);
    const pine = await db.threadMessages.where('words').startsWith('pine').distinct().toArray();
    expect(pine).toHaveLength(rows.filter((r) => /pineapple/i.test(r.text as string)).length);
    expect(await db.threadMessages.where('words').equals('日本語').count()).toBe(rows.filter((r) => r.text === texts[5]).length);
    db.close();

    // Opening again changes nothing.
    const again = new ParleyDb(name);
    expect(await again.threadMessages.where('words').equals('creme').count()).toBe(creme);
    again.close();
  });
});
