import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshDbName } from '../testing/harness';
import { ParleyDb, type StoredMessage } from './database';
import { loadAroundMessage, loadNewerMessages, loadNewestMessages, loadOlderMessages, TIE_SLACK } from './messages';

const row = (id: number, sentAt: number, conversationId = 'c'): StoredMessage => ({
  accountId: 'a',
  conversationId,
  id: String(id).padStart(4, '0'),
  key: `i:${String(id).padStart(4, '0')}`,
  senderId: 'bob',
  kind: 'text',
  text: `m${id}`,
  sentAt,
  status: 'sent',
  rev: 1,
});

/** Conversation 'c' of account 'a', 4 rows a page: from the newest back to the start, and from the oldest forward. */
async function pageThrough(db: ParleyDb): Promise<{ backward: string[]; forward: string[] }> {
  const backward: string[] = [];
  let page = await loadNewestMessages(db, 'a', 'c', 4);
  backward.unshift(...page.map((r) => r.key));
  for (;;) {
    const older = await loadOlderMessages(db, 'a', 'c', page[0]!, 4);
    if (older.length === 0) break;
    backward.unshift(...older.map((r) => r.key));
    page = older;
  }
  // Forward from the oldest row, where the walk back ended.
  let at = page[0]!;
  const forward: string[] = [at.key];
  for (;;) {
    const next = await loadNewerMessages(db, 'a', 'c', at, 4);
    if (next.length === 0) break;
    forward.push(...next.map((r) => r.key));
    at = next[next.length - 1]!;
  }
  return { backward, forward };
}

describe('history pages from the cache', () => {
  it('pages backwards and forwards on the index without skipping or repeating rows, ties on sentAt included', async () => {
    const db = new ParleyDb(freshDbName());
    // 30 rows, three of every sentAt (ties), and another conversation's rows around them.
    const rows = Array.from({ length: 30 }, (_, i) => row(i, 1000 + Math.floor(i / 3)));
    await db.threadMessages.bulkPut([...rows, row(99, 1005, 'other'), row(98, 999, 'other')]);
    const { backward, forward } = await pageThrough(db);
    expect(backward).toEqual(rows.map((r) => r.key));
    expect(forward).toEqual(rows.map((r) => r.key));
    const around = (await loadAroundMessage(db, 'a', 'c', rows[10]!.key, 3))!;
    expect(around.rows.map((r) => r.key)).toEqual(rows.slice(7, 14).map((r) => r.key));
    expect(around).toMatchObject({ olderFull: true, newerFull: true });
    expect(await loadAroundMessage(db, 'a', 'c', 'i:nope', 3)).toBeNull();
    db.close();
  });

  it('steps over more rows of the start’s ms than one read takes (TIE_SLACK) without skipping or repeating any', async () => {
    const db = new ParleyDb(freshDbName());
    // Every row in the same ms: each page read must step over all the rows already paged.
    const count = 4 * TIE_SLACK;
    const rows = Array.from({ length: count }, (_, i) => row(i, 5000));
    await db.threadMessages.bulkPut([...rows, row(99, 5000, 'other')]);
    const { backward, forward } = await pageThrough(db);
    expect(backward).toEqual(rows.map((r) => r.key));
    expect(forward).toEqual(rows.map((r) => r.key));
    db.close();
  });
});
