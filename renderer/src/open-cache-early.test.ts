import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_NAME, ParleyDb } from './db/database';
import { conversation } from './testing/harness';
import { CACHE_DB_NAME, openCacheEarly, readCachedConversations } from './open-cache-early';

const names = async () => (await indexedDB.databases()).map((d) => d.name);

describe('openCacheEarly', () => {
  it('opens the database Dexie opens', () => {
    expect(CACHE_DB_NAME).toBe(DB_NAME);
  });

  it('never creates the database: a first start leaves that to Dexie, which then opens it with its schema', async () => {
    const db = new ParleyDb();
    const open = indexedDB.open.bind(indexedDB);
    const failed = new Promise<void>((resolve) => {
      // The early open's request, to await its end.
      indexedDB.open = ((name: string, version?: number) => {
        const request = open(name, version);
        request.addEventListener('error', () => resolve());
        return request;
      }) as typeof indexedDB.open;
    });
    openCacheEarly();
    await failed;
    indexedDB.open = open;
    expect(await names()).not.toContain(DB_NAME);
    await db.open();
    expect(db.tables.map((t) => t.name)).toContain('conversations');
    db.close();
  });

  it('does not stand in the way of an upgrade by Dexie: its connection closes when asked', async () => {
    // The database as this version left it, then a later version of Parley with one more store.
    const current = new ParleyDb();
    await current.open();
    current.close();
    const open = indexedDB.open.bind(indexedDB);
    const opened = new Promise<void>((resolve) => {
      indexedDB.open = ((name: string, version?: number) => {
        const request = open(name, version);
        request.addEventListener('success', () => resolve());
        return request;
      }) as typeof indexedDB.open;
    });
    openCacheEarly();
    await opened;
    indexedDB.open = open;
    class NextParleyDb extends ParleyDb {
      constructor() {
        super();
        this.version(99).stores({ drafts: 'key' });
      }
    }
    const next = new NextParleyDb();
    await next.open();
    expect(next.tables.map((t) => t.name)).toContain('drafts');
    next.close();
    // Well within the early connection's own few seconds: it closed because Dexie asked.
  }, 2_000);
});

describe('readCachedConversations', () => {
  it('reads the cached conversations of the given accounts only, without Dexie', async () => {
    const db = new ParleyDb();
    await db.conversations.bulkPut([conversation('c1', 10), conversation('c2', 20), conversation('c3', 30, { accountId: 'signed-out' })]);
    db.close();
    const rows = await readCachedConversations<{ accountId: string; id: string }>(new Set([conversation('c1', 10).accountId]));
    expect(rows.map((c) => c.id).sort()).toEqual(['c1', 'c2']);
    await db.delete();
  });

  it('reads nothing, and creates no database, when there is no cache yet', async () => {
    expect(await readCachedConversations(new Set(['anyone']))).toEqual([]);
    expect(await names()).not.toContain(DB_NAME);
  });
});
