import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Message } from '../contract';
import { ALICE, ALICE_TALKER, BOB_ID, conversation, freshDbName, incoming } from '../testing/harness';
import { ParleyDb } from './database';
import { writeChanges, type DataOp } from './writer';

const me = { [ALICE.id]: ALICE.userId, [ALICE_TALKER.id]: ALICE_TALKER.userId };
const write = (db: ParleyDb, ops: DataOp[]) => writeChanges(db, ops, { myUserIds: me });
const ids = (from: number, count: number, step = 1) => Array.from({ length: count }, (_, i) => String(from + i * step));
/** Bob's message as pushed: his client's nonce and the server's ID. */
const pushed = (id: string, text = `m ${id}`): Message => ({ ...incoming('c1', id, text, Number(id)), nonce: `bob-${id}` });
const history = (id: string): Message => incoming('c1', id, `m ${id}`, Number(id));

async function fresh(): Promise<ParleyDb> {
  const db = new ParleyDb(freshDbName());
  await db.conversations.bulkPut([conversation('c1', 10), conversation('c1', 10, { accountId: ALICE_TALKER.id })]);
  return db;
}

/** Counts the read requests a write places (gets, getAlls and keys-only reads, on the store or an index). */
async function countReads(run: () => Promise<unknown>): Promise<number> {
  let reads = 0;
  const patched: Array<[object, string, unknown]> = [];
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    for (const name of ['get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor'] as const) {
      const original = (proto as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
      patched.push([proto, name, original]);
      (proto as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        reads++;
        return original.apply(this, args);
      };
    }
  }
  try {
    await run();
  } finally {
    for (const [proto, name, original] of patched) (proto as Record<string, unknown>)[name] = original;
  }
  return reads;
}

/** Every row of conversation c1 (Alice's Netalo account): key and server ID. */
async function rowsOfC1(db: ParleyDb) {
  return (await db.threadMessages.toArray()).filter((r) => r.accountId === ALICE.id && r.conversationId === 'c1');
}

describe('the writer reads the rows it touches by key ranges', () => {
  it('reads a burst of new messages in a few range requests, not two requests per message', async () => {
    const db = await fresh();
    await write(db, ids(500, 50).map((id): DataOp => ({ op: 'message', message: pushed(id) })));
    const burst = ids(1000, 250).map((id): DataOp => ({ op: 'message', message: pushed(id) }));
    const reads = await countReads(() => write(db, burst));
    // Per 100 keys: one keys-only range on the primary key, one range on the ID index (was 2 × 250 reads).
    expect(reads).toBeLessThanOrEqual(12);
    expect(await rowsOfC1(db)).toHaveLength(300);
  });

  it('turns history rows cached under i:<id> into the pushed copies (nonce and ID): one row per message, however crowded the ranges', async () => {
    const db = await fresh();
    await write(db, ids(1000, 400).map((id): DataOp => ({ op: 'message', message: history(id) })));
    // Every third ID: each range of 100 IDs spans about 300 cached rows (a read per key instead).
    const sparse = ids(1000, 134, 3);
    await write(db, sparse.map((id): DataOp => ({ op: 'message', message: pushed(id) })));
    // Then all of them, shuffled: every range holds exactly its own rows.
    const all = ids(1000, 400).sort(() => Math.random() - 0.5);
    await write(db, all.map((id): DataOp => ({ op: 'message', message: pushed(id, `edited ${id}`) })));
    const rows = await rowsOfC1(db);
    expect(rows).toHaveLength(400);
    expect(new Set(rows.map((r) => r.id)).size).toBe(400);
    expect(rows.every((r) => r.key === `n:${BOB_ID}:bob-${r.id}`)).toBe(true);
  });

  it('finds the rows already cached among new ones (their keys interleaved), never writing a second copy', async () => {
    const db = await fresh();
    // Cached as sent (nonce only), every other one: the pushed copies bring the IDs.
    const even = ids(2000, 150, 2);
    await write(db, even.map((id): DataOp => ({ op: 'message', message: { ...pushed(id), id: undefined, status: 'sending' } })));
    const both = ids(2000, 300);
    const result = await write(db, both.map((id): DataOp => ({ op: 'message', message: pushed(id) })));
    const rows = await rowsOfC1(db);
    expect(rows).toHaveLength(300);
    expect(rows.every((r) => r.id && r.key === `n:${BOB_ID}:bob-${r.id}`)).toBe(true);
    // The cached ones were found and merged (a later write), not taken as new.
    const merged = rows.filter((r) => even.includes(r.id!));
    expect(merged.every((r) => r.rev > 1)).toBe(true);
    expect(result.messages).toHaveLength(300);
  });

  it('keeps two accounts’ and two conversations’ rows with the same keys apart', async () => {
    const db = await fresh();
    await db.conversations.put(conversation('c2', 10));
    await write(db, ids(3000, 120).map((id): DataOp => ({ op: 'message', message: history(id) })));
    const ops: DataOp[] = [];
    for (const id of ids(3000, 120)) {
      ops.push({ op: 'message', message: pushed(id) });
      ops.push({ op: 'message', message: { ...pushed(id), accountId: ALICE_TALKER.id } });
      ops.push({ op: 'message', message: { ...pushed(id), conversationId: 'c2' } });
    }
    await write(db, ops);
    const rows = await db.threadMessages.toArray();
    expect(rows).toHaveLength(360);
    for (const [accountId, conversationId] of [
      [ALICE.id, 'c1'],
      [ALICE_TALKER.id, 'c1'],
      [ALICE.id, 'c2'],
    ]) {
      const mine = rows.filter((r) => r.accountId === accountId && r.conversationId === conversationId);
      expect(mine).toHaveLength(120);
      expect(mine.every((r) => r.key.startsWith('n:'))).toBe(true);
    }
  });
});
