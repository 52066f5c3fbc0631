// Version 1 → 2 on a real version-1 database: written by a Dexie that knows only version 1
// (the exact stores Parley 0.1 shipped), then opened by today's ParleyDb.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { freshDbName } from '../testing/harness';
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
    expect(db.verno).toBe(2);
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
