// Search as the user types (live-search.ts) on fake-indexeddb: keystrokes that narrow the
// last answer read nothing and answer what a fresh search would; a search typed past is
// aborted and its answer never shown; writes to the cache are followed, and a stale answer
// is never narrowed from.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ParleyDb, withWords, type StoredMessage } from '../db/database';
import { writeChanges } from '../db/writer';
import { ALICE, ALICE_TALKER, conversation, freshDbName, incoming } from '../testing/harness';
import { LiveSearch, type LiveAnswer } from './live-search';
import { narrowAnswer } from './narrow';
import { searchMessages } from './search-messages';

const row = (id: string, text: string, sentAt: number, conversationId = 'c1'): StoredMessage => withWords({ ...incoming(conversationId, id, text, sentAt), key: `i:${id}`, rev: 1 });

/** A cache that counts its read transactions and those aborted. */
async function countingCache(rows: StoredMessage[]) {
  const db = new ParleyDb(freshDbName());
  const counts = { reads: 0, aborted: 0 };
  db.use({
    stack: 'dbcore',
    name: 'count-reads',
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options) => {
        const tx = down.transaction(stores, mode, options);
        if (mode === 'readonly' && stores.includes('threadMessages')) {
          counts.reads++;
          (tx as unknown as IDBTransaction).addEventListener('abort', () => counts.aborted++);
        }
        return tx;
      },
    }),
  });
  await db.threadMessages.bulkPut(rows);
  counts.reads = 0;
  return { db, counts };
}

/** Every answer the search shows, and a wait for the first one that fits. */
function watch(live: LiveSearch) {
  const shown: LiveAnswer[] = [];
  const waiters: Array<{ fits: (a: LiveAnswer) => boolean; resolve: (a: LiveAnswer) => void }> = [];
  const unsubscribe = live.subscribe(() => {
    const answer = live.current();
    if (!answer) return;
    shown.push(answer);
    for (const w of [...waiters]) {
      if (!w.fits(answer)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(answer);
    }
  });
  const settled = (key: string) =>
    new Promise<LiveAnswer>((resolve) => {
      const now = live.current();
      const fits = (a: LiveAnswer) => a.key === key && !a.pending;
      if (now && fits(now)) resolve(now);
      else waiters.push({ fits, resolve });
    });
  return { shown, settled, unsubscribe };
}

const ids = (messages: readonly StoredMessage[]) => messages.map((m) => m.id);

describe('searching as the user types', () => {
  it('answers keystrokes that narrow a complete or full answer without reading the cache, as a fresh search would', async () => {
    const rows = [row('n1', 'Pineapple pizza?', 500), row('n2', 'the pineapples arrived', 400), row('z1', 'pizza tonight', 300), row('z2', 'Pizza again', 200)];
    for (let i = 0; i < 300; i++) rows.push(row(`p${i}`, `project ${i}`, i));
    const { db, counts } = await countingCache(rows);
    const live = new LiveSearch(db, { accountIds: [ALICE.id], limit: 200 });
    const { settled, unsubscribe } = watch(live);

    // "p": every project message too, a page of 200 index entries (a sample; n1 comes twice,
    // for "pineapple" and "pizza", kept once); "pi" drops the projects: a new read.
    live.search('p');
    expect((await settled('p')).messages).toHaveLength(199);
    live.search('pi');
    expect(ids((await settled('pi')).messages)).toEqual(['n1', 'n2', 'z1', 'z2']);
    expect(counts.reads).toBe(2);
    // "pi" was complete: "pin" … "pineap" are answered in the same call, no read, as a
    // fresh search (on another connection, not counted) answers them.
    const fresh = new ParleyDb(db.name);
    for (const query of ['pin', 'pine', 'pinea', 'pineap', 'pineap piz', 'pine']) {
      live.search(query);
      const answer = live.current()!;
      expect(answer.pending, query).toBe(false);
      expect(ids(answer.messages), query).toEqual(ids(await searchMessages(fresh, query, { accountIds: [ALICE.id] })));
    }
    live.search('pineap piz');
    expect(ids(live.current()!.messages)).toEqual(['n1']);
    expect(counts.reads).toBe(2);

    // Back to "p": wider than any answer read, read again.
    live.search('p');
    expect(live.current()).toMatchObject({ key: 'p', pending: true });
    expect((await settled('p')).messages).toHaveLength(199);
    expect(counts.reads).toBe(3);
    unsubscribe();
    fresh.close();
    db.close();
  });

  it('a full page of a common word that still matches every message stays the answer; one that loses some is read again', async () => {
    const rows: StoredMessage[] = [];
    for (let i = 0; i < 300; i++) rows.push(row(`m${i}`, i % 3 === 0 ? `meeting update ${i}` : `meeting ${i}`, i));
    const { db, counts } = await countingCache(rows);
    const live = new LiveSearch(db, { limit: 50 });
    const { settled, unsubscribe } = watch(live);
    live.search('m');
    await settled('m');
    for (const query of ['me', 'meeting']) {
      live.search(query);
      expect(live.current()!.pending).toBe(false);
      expect(live.current()!.messages).toHaveLength(50);
    }
    expect(counts.reads).toBe(1);
    // "meeting up": only some of the page has it; shown meanwhile, then the cache's answer.
    live.search('meeting up');
    const meanwhile = live.current()!;
    expect(meanwhile.pending).toBe(true);
    for (const m of meanwhile.messages) expect(m.text).toContain('update');
    const answer = await settled('meeting up');
    expect(answer.messages).toHaveLength(50);
    for (const m of answer.messages) expect(m.text).toContain('update');
    expect(counts.reads).toBe(2);
    unsubscribe();
    db.close();
  });

  it('aborts a search typed past and never shows its answer', async () => {
    const rows: StoredMessage[] = [];
    for (let i = 0; i < 2_000; i++) rows.push(row(`m${i}`, `hello lunch meeting ${i}`, i));
    rows.push(row('x', 'pineapple', 5_000));
    const { db, counts } = await countingCache(rows);
    const live = new LiveSearch(db);
    const { shown, settled, unsubscribe } = watch(live);
    live.search('hello lunch'); // every word common: probes and a read
    live.search('pineapple');
    expect(ids((await settled('pineapple')).messages)).toEqual(['x']);
    expect(counts.aborted).toBe(1);
    expect(shown.filter((a) => a.key === 'hello lunch' && !a.pending)).toEqual([]);
    unsubscribe();
    db.close();
  });

  it('typed on while a search runs, answers from it when it narrows it, with no second read', async () => {
    const { db, counts } = await countingCache([row('1', 'pineapple pizza', 100), row('2', 'pizza', 200), row('3', 'lunch', 300)]);
    const live = new LiveSearch(db);
    const { settled, unsubscribe } = watch(live);
    live.search('pi');
    live.search('pin'); // "pi" still running: its complete answer will do
    expect(ids((await settled('pin')).messages)).toEqual(['1']);
    expect(counts).toEqual({ reads: 1, aborted: 0 });
    // "lunch" does not narrow "pin": a search of its own.
    live.search('pizza');
    live.search('lunch');
    expect(ids((await settled('lunch')).messages)).toEqual(['3']);
    unsubscribe();
    db.close();
  });

  it('follows writes to the cache, and never narrows from an answer they made stale', async () => {
    const me = { [ALICE.id]: ALICE.userId, [ALICE_TALKER.id]: ALICE_TALKER.userId };
    const { db, counts } = await countingCache([row('1', 'pineapple pizza', 100), row('2', 'pineapple juice', 200)]);
    await db.conversations.put(conversation('c1', 10));
    const live = new LiveSearch(db, { refreshPauseMs: 5 });
    const { settled, unsubscribe } = watch(live);
    live.search('pine');
    expect(ids((await settled('pine')).messages)).toEqual(['2', '1']);

    // A new message: the shown query is searched again on its own.
    await writeChanges(db, [{ op: 'message', message: incoming('c1', '3', 'Pineapple cake', 300) }], { myUserIds: me });
    await new Promise<void>((resolve) => {
      const stop = live.subscribe(() => {
        if (live.current()?.messages.length !== 3) return;
        stop();
        resolve();
      });
    });
    expect(ids(live.current()!.messages)).toEqual(['3', '2', '1']);
    const reads = counts.reads;

    // An edit, then a narrower query at once (before the refresh): read, not narrowed from the stale answer.
    await writeChanges(db, [{ op: 'message', message: { ...incoming('c1', '2', 'orange juice', 200), editedAt: 400 } }], { myUserIds: me });
    live.search('pineap');
    expect(live.current()!.pending).toBe(true);
    expect(ids((await settled('pineap')).messages)).toEqual(['3', '1']);
    expect(counts.reads).toBeGreaterThan(reads);
    unsubscribe();
    db.close();
  });
});

describe('narrowing an answer', () => {
  const answer = { words: ['pi'], messages: [row('1', 'pineapple', 2), row('2', 'pizza', 1)], complete: true };
  it('filters a complete answer exactly, and only for a narrower query', () => {
    expect(narrowAnswer(answer, ['pin'], 200)).toEqual({ messages: [answer.messages[0]], exact: true });
    expect(narrowAnswer(answer, ['pizza', 'x'], 200)).toEqual({ messages: [], exact: true });
    expect(narrowAnswer(answer, ['p'], 200)).toBeNull();
    expect(narrowAnswer(answer, ['lunch'], 200)).toBeNull();
  });
  it('keeps a sample only when it is a full page that still matches throughout', () => {
    const sample = { ...answer, complete: false };
    expect(narrowAnswer(sample, ['pi'], 2)!.exact).toBe(true);
    expect(narrowAnswer(sample, ['pi'], 3)!.exact).toBe(false);
    expect(narrowAnswer(sample, ['pin'], 2)).toEqual({ messages: [answer.messages[0]], exact: false });
  });
});
