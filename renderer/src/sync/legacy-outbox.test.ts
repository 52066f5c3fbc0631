// Version 1's renderer outbox handed to main at start: on a real version-1 database
// (written by a Dexie that knows only version 1), upgraded by the client's own ParleyDb.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { conversationRef, type Message } from '../contract';
import { ParleyDb, type LegacyOutboxEntry } from '../db/database';
import { ALICE, ALICE_TALKER, BOB_ID, freshDbName, startHarness, type HarnessOptions } from '../testing/harness';

const nonce = (n: number) => `0b6c2d1e-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ownKey = (n: number, userId = ALICE.userId) => `n:${userId}:${nonce(n)}`;

interface V1Message {
  accountId: string;
  conversationId: string;
  key: string;
  nonce?: string;
  id?: string;
  senderId: string;
  kind: 'text';
  text: string;
  sentAt: number;
  status: Message['status'];
  rev: number;
}

const own = (n: number, conversationId: string, text: string, sentAt: number, over: Partial<V1Message> = {}): V1Message => ({
  accountId: ALICE.id,
  conversationId,
  key: ownKey(n),
  nonce: nonce(n),
  senderId: ALICE.userId,
  kind: 'text',
  text,
  sentAt,
  status: 'queued',
  rev: 1,
  ...over,
});

/**
 * Parley 0.1's cache: Alice's queued messages in an order where seq, key and time disagree,
 * one already acknowledged (its entry outlived the ack), one entry whose row is gone, and
 * one of an account (talker) that is not signed in now.
 */
async function writeVersion1(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores({
    conversations: '[accountId+id], [accountId+lastActivityAt]',
    messages: '[accountId+key], [accountId+conversationId+sentAt], [accountId+id]',
    outbox: '++seq, accountId, [accountId+key]',
    meta: 'key',
  });
  const chat = (accountId: string, id: string, lastActivityAt: number) => ({
    accountId, id, kind: 'direct', title: `Chat ${id}`, memberIds: [ALICE.userId, BOB_ID], peerId: BOB_ID, createdAt: 1, lastActivityAt, unreadCount: 0, muted: false, pinned: false,
  });
  await v1.table('conversations').bulkPut([chat(ALICE.id, 'c1', 10), chat(ALICE.id, 'c2', 20), chat(ALICE_TALKER.id, 't1', 30)]);
  await v1.table('messages').bulkPut([
    { accountId: ALICE.id, conversationId: 'c1', key: 'i:900', id: '900', senderId: BOB_ID, kind: 'text', text: 'hello', sentAt: 1, status: 'sent', rev: 1 },
    own(3, 'c1', 'first typed', 100, { status: 'sending' }),
    own(1, 'c2', 'second typed', 200),
    own(2, 'c1', 'third typed', 300),
    own(4, 'c1', 'already sent by 0.1', 50, { id: '901', status: 'sent' }),
    own(5, 't1', 'talker, not signed in', 400, { accountId: ALICE_TALKER.id, conversationId: 't1', key: ownKey(5, ALICE_TALKER.userId), senderId: ALICE_TALKER.userId }),
  ]);
  await v1.table('outbox').bulkAdd([
    { accountId: ALICE.id, key: ownKey(3), conversationId: 'c1' }, // seq 1
    { accountId: ALICE_TALKER.id, key: ownKey(5, ALICE_TALKER.userId), conversationId: 't1' }, // seq 2
    { accountId: ALICE.id, key: ownKey(4), conversationId: 'c1' }, // seq 3: acknowledged already
    { accountId: ALICE.id, key: ownKey(1), conversationId: 'c2' }, // seq 4
    { accountId: ALICE.id, key: ownKey(9), conversationId: 'c1' }, // seq 5: its row is gone
    { accountId: ALICE.id, key: ownKey(2), conversationId: 'c1' }, // seq 6
  ]);
  v1.close();
}

/** Records, for each `messages.send`, the version-1 entries still stored when main was asked. */
function recordOutboxAtSend(dbName: string) {
  const seen: Array<{ nonce: string; entries: LegacyOutboxEntry[] }> = [];
  let probe: ParleyDb | null = null;
  return {
    seen,
    install(h: Parameters<NonNullable<HarnessOptions['beforeStart']>>[0]) {
      const send = h.fake.handlerOf('messages.send');
      h.fake.handle('messages.send', async (args) => {
        probe ??= new ParleyDb(dbName);
        seen.push({ nonce: args.nonce, entries: await probe.outbox.orderBy('seq').toArray() });
        return send(args);
      });
    },
    close: () => probe?.close(),
  };
}

describe('version 1’s outbox handed to main', () => {
  it('sends each signed-in entry once, in seq order, with its own nonce and text, deleting it only after main accepted it', async () => {
    const dbName = freshDbName();
    await writeVersion1(dbName);
    const recorder = recordOutboxAtSend(dbName);
    const h = await startHarness({ dbName, beforeStart: (x) => recorder.install(x) });

    expect(h.fake.callsTo('messages.send')).toEqual([
      { accountId: ALICE.id, conversationId: 'c1', text: 'first typed', nonce: nonce(3) },
      { accountId: ALICE.id, conversationId: 'c2', text: 'second typed', nonce: nonce(1) },
      { accountId: ALICE.id, conversationId: 'c1', text: 'third typed', nonce: nonce(2) },
    ]);
    // Each entry was still stored while main was being asked for it.
    for (const { nonce: n, entries } of recorder.seen) {
      expect(entries.map((e) => e.key)).toContain(`n:${ALICE.userId}:${n}`);
    }
    // Handed over (and the acknowledged one, and the one without a row): gone. talker's waits.
    expect((await h.db.outbox.toArray()).map((e) => [e.seq, e.accountId, e.key])).toEqual([[2, ALICE_TALKER.id, ownKey(5, ALICE_TALKER.userId)]]);
    // The messages themselves are still there, one row each.
    const c1 = await h.db.threadMessages.where('[accountId+conversationId+sentAt]').between([ALICE.id, 'c1', Dexie.minKey], [ALICE.id, 'c1', Dexie.maxKey]).toArray();
    expect(c1.map((r) => r.text)).toEqual(['hello', 'already sent by 0.1', 'first typed', 'third typed']);
    expect(await h.db.threadMessages.get([ALICE_TALKER.id, 't1', ownKey(5, ALICE_TALKER.userId)])).toMatchObject({ text: 'talker, not signed in' });

    // Main sends it: its events land on the version-1 row, no second row.
    await h.client.openConversation(conversationRef(ALICE.id, 'c1'));
    await h.deliver(nonce(3));
    const thread = h.client.store.getState().threads[conversationRef(ALICE.id, 'c1')]!;
    expect(thread.keys.filter((k) => thread.byKey[k]!.text === 'first typed')).toEqual([ownKey(3)]);
    expect(thread.byKey[ownKey(3)]).toMatchObject({ status: 'sent', nonce: nonce(3) });
    expect(await h.db.threadMessages.where('[accountId+conversationId+id]').equals([ALICE.id, 'c1', thread.byKey[ownKey(3)]!.id!]).count()).toBe(1);

    h.client.stop();
    h.db.close();
    recorder.close();

    // A second start sends nothing again.
    const again = await startHarness({ dbName });
    expect(again.fake.callsTo('messages.send')).toEqual([]);
    again.client.stop();
    again.db.close();

    // The talker entry goes when its account is signed in.
    const withTalker = await startHarness({ dbName, accounts: [ALICE, ALICE_TALKER] });
    expect(withTalker.fake.callsTo('messages.send')).toEqual([
      { accountId: ALICE_TALKER.id, conversationId: 't1', text: 'talker, not signed in', nonce: nonce(5) },
    ]);
    expect(await withTalker.db.outbox.count()).toBe(0);
  });

  it('keeps the entries when main answers that the account is not signed in, and hands them over at the next start', async () => {
    const dbName = freshDbName();
    await writeVersion1(dbName);
    const h = await startHarness({
      dbName,
      beforeStart: ({ fake }) => fake.handle('messages.send', () => ({ ok: false, error: { code: 'not-signed-in', message: 'signed out meanwhile' } })),
    });
    // The first refusal stops the account's handover: nothing else is tried, nothing deleted but what needed no main.
    expect(h.fake.callsTo('messages.send')).toHaveLength(1);
    const left = (await h.db.outbox.orderBy('seq').toArray()).map((e) => e.seq);
    expect(left).toEqual([1, 2, 3, 4, 5, 6]);
    h.client.stop();
    h.db.close();

    const next = await startHarness({ dbName });
    expect(next.fake.callsTo('messages.send').map((a) => a.nonce)).toEqual([nonce(3), nonce(1), nonce(2)]);
    expect((await next.db.outbox.toArray()).map((e) => e.accountId)).toEqual([ALICE_TALKER.id]);
  });

  it('shows an entry main refuses for good as failed (with Retry) instead of losing it', async () => {
    const dbName = freshDbName();
    await writeVersion1(dbName);
    const h = await startHarness({
      dbName,
      beforeStart: ({ fake }) => {
        const send = fake.handlerOf('messages.send');
        fake.handle('messages.send', (args) =>
          args.nonce === nonce(1) ? { ok: false, error: { code: 'forbidden', message: 'you left this chat' } } : send(args),
        );
      },
    });
    expect(h.fake.callsTo('messages.send').map((a) => a.nonce)).toEqual([nonce(3), nonce(1), nonce(2)]);
    expect(await h.db.threadMessages.get([ALICE.id, 'c2', ownKey(1)])).toMatchObject({ status: 'failed', error: 'you left this chat', text: 'second typed' });
    expect((await h.db.outbox.toArray()).map((e) => e.accountId)).toEqual([ALICE_TALKER.id]);
  });

  // Main's answer is written with mode 'queued', which leaves an existing row alone, and the
  // version-1 row always exists: a row version 1 left 'sending' (it stopped mid-send) must
  // be shown queued by the handover itself; while the account is offline nothing else would.
  it('shows a message version 1 left "sending" as queued once main holds it', async () => {
    const dbName = freshDbName();
    await writeVersion1(dbName);
    const h = await startHarness({ dbName, connection: 'offline' });
    expect(h.fake.callsTo('messages.send').map((a) => a.nonce)).toContain(nonce(3));
    expect((await h.db.threadMessages.get([ALICE.id, 'c1', ownKey(3)]))!.status).toBe('queued');
  });
});
