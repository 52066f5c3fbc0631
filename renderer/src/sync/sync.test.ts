import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { conversationRef } from '../contract';
import { selectListPending, selectListRetrying } from '../store/selectors';
import { deferred, ok } from '../testing/fakeParleyApi';
import { ALICE, ALICE_TALKER, conversation, freshDbName, incoming, startHarness } from '../testing/harness';
import { STEP_MAX_EVENTS } from './sync';

const refA = (id: string) => conversationRef(ALICE.id, id);
const refT = (id: string) => conversationRef(ALICE_TALKER.id, id);

describe('start-up and connection', () => {
  it('shows every account’s cached list and a thread at once when the servers are down, without asking them', async () => {
    const dbName = freshDbName();
    const before = await startHarness({
      dbName,
      accounts: [ALICE, ALICE_TALKER],
      conversations: [conversation('5', 10), conversation('5', 20, { accountId: ALICE_TALKER.id })],
    });
    before.server.messages.push(incoming('5', '1', 'seen before', 5));
    await before.client.openConversation(refA('5'));
    await before.client.idle();
    before.client.stop();
    before.db.close();

    const after = await startHarness({ dbName, accounts: [ALICE, ALICE_TALKER], connection: 'offline' });
    const s = after.client.store.getState();
    expect(s.phase).toBe('signed-in');
    expect(s.dataState).toBe('cache');
    // Conversation "5" of each account: two rows, no collision.
    expect(Object.keys(s.conversationsByRef).sort()).toEqual([refA('5'), refT('5')].sort());
    expect(after.fake.callsTo('conversations.list')).toEqual([]);

    await after.client.openConversation(refA('5'));
    const thread = after.client.store.getState().threads[refA('5')]!;
    expect(thread.keys.map((k) => thread.byKey[k]!.text)).toEqual(['seen before']);
    expect(after.fake.callsTo('messages.list')).toEqual([]);
  });

  it('refreshes an account’s list and its open thread when its connection comes back', async () => {
    const h = await startHarness({ connection: 'offline', conversations: [conversation('c1', 10)] });
    await h.db.conversations.put(conversation('c1', 10));
    await h.client.openConversation(refA('c1'));
    h.server.messages.push(incoming('c1', '7', 'while you were away', 30));
    await h.setConnection('online');
    const s = h.client.store.getState();
    expect(s.accounts[ALICE.id]!.connection).toBe('online');
    expect(s.dataState).toBe('live');
    expect(h.fake.callsTo('conversations.list')).toHaveLength(1);
    const thread = s.threads[refA('c1')]!;
    expect(thread.keys.map((k) => thread.byKey[k]!.text)).toEqual(['while you were away']);
  });

  it('one account’s session ending leaves the others signed in and keeps its cache', async () => {
    const h = await startHarness({
      accounts: [ALICE, ALICE_TALKER],
      conversations: [conversation('c1', 10), conversation('t1', 20, { accountId: ALICE_TALKER.id })],
    });
    h.fake.emit('session.ended', { accountId: ALICE.id, reason: 'expired', message: 'Your session expired. Sign in again.' });
    await h.client.idle();
    const s = h.client.store.getState();
    expect(s.phase).toBe('signed-in');
    expect(s.accountOrder).toEqual([ALICE_TALKER.id]);
    expect(s.sessionEndedNotices).toEqual([expect.objectContaining({ accountId: ALICE.id, message: 'Your session expired. Sign in again.' })]);
    expect(Object.keys(s.conversationsByRef)).toEqual([refT('t1')]);
    expect(await h.db.conversations.count()).toBe(2);
  });

  it('asks again for a list that failed while the account stays online, and says so meanwhile instead of "Loading"', async () => {
    // A first start (nothing cached): the server's list times out twice, then answers.
    const answered = deferred<void>();
    const failedTwice = deferred<void>();
    let calls = 0;
    const h = await startHarness({
      listRetryMs: [5, 10],
      beforeStart: ({ fake, server }) => {
        server.conversations.push(conversation('c1', 10));
        fake.handle('conversations.list', ({ accountId }) => {
          calls++;
          if (calls === 2) failedTwice.resolve();
          if (calls <= 2) return { ok: false, error: { code: 'timeout', message: 'The server did not answer in time.' } };
          answered.resolve();
          return ok({ items: server.conversations.filter((c) => c.accountId === accountId) });
        });
      },
    });
    await failedTwice.promise;
    await h.client.idle();
    let s = h.client.store.getState();
    expect(selectListPending(s)).toBe(true);
    expect(selectListRetrying(s)).toBe(true);
    expect(s.conversationsByRef).toEqual({});

    // Nothing but the retry timer asks again: no connection change in between.
    await answered.promise;
    await h.client.idle();
    s = h.client.store.getState();
    expect(calls).toBe(3);
    expect(Object.keys(s.conversationsByRef)).toEqual([refA('c1')]);
    expect(s.syncedThisRun[ALICE.id]).toBe(true);
    expect(selectListPending(s)).toBe(false);
    expect(selectListRetrying(s)).toBe(false);
    expect(s.listRetrying).toEqual({});
    h.client.stop();
  });

  it('drops events for an account that is not signed in', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    h.fake.emit('conversation.upserted', { conversation: conversation('c9', 50, { accountId: 'other' }) });
    await h.client.idle();
    expect(Object.keys(h.client.store.getState().conversationsByRef)).toEqual([refA('c1')]);
  });
});

describe('sending through main', () => {
  it('asks main to queue the message in the conversation’s own account, then shows main’s statuses', async () => {
    const h = await startHarness({ accounts: [ALICE, ALICE_TALKER], conversations: [conversation('5', 10), conversation('5', 20, { accountId: ALICE_TALKER.id })] });
    await h.client.openConversation(refT('5'));
    await h.client.send(refT('5'), 'over talker');
    expect(h.fake.callsTo('messages.send')).toEqual([expect.objectContaining({ accountId: ALICE_TALKER.id, conversationId: '5', text: 'over talker' })]);
    const rows = () => {
      const t = h.client.store.getState().threads[refT('5')]!;
      return t.keys.map((k) => t.byKey[k]!);
    };
    expect(rows().map((r) => r.status)).toEqual(['queued']);
    const nonce = rows()[0]!.nonce!;
    await h.deliver(nonce);
    expect(rows().map((r) => [r.text, r.status])).toEqual([['over talker', 'sent']]);
    expect(h.client.store.getState().conversationsByRef[refT('5')]!.lastMessage?.text).toBe('over talker');
    expect(h.client.store.getState().conversationsByRef[refA('5')]!.lastMessage).toBeUndefined();
  });

  it('a burst of events is one cache transaction and one store update', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    await h.client.openConversation(refA('c1'));
    let updates = 0;
    const unsubscribe = h.client.store.subscribe(() => updates++);
    const transaction = vi.spyOn(h.db, 'transaction');
    h.fake.emitBatch(
      Array.from({ length: 500 }, (_, i) => ({ name: 'message.upserted' as const, payload: { message: incoming('c1', String(100 + i), `m${i}`, 1000 + i) } })),
    );
    await h.client.idle();
    unsubscribe();
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(updates).toBe(1);
    expect(h.client.store.getState().threads[refA('c1')]!.keys).toHaveLength(500);
  });

  it('batches that arrive while the cache is busy are written together, in order: one transaction, one store update', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    await h.client.openConversation(refA('c1'));
    await h.client.idle();
    // 300 status batches in a row, as an outbox flush sends them: the first starts a step,
    // the rest wait behind it and are joined into one.
    let updates = 0;
    const unsubscribe = h.client.store.subscribe(() => updates++);
    const transaction = vi.spyOn(h.db, 'transaction');
    for (let i = 0; i < 300; i++) {
      h.fake.emitBatch([{ name: 'message.upserted' as const, payload: { message: incoming('c1', String(100 + i), `m${i}`, 1000 + i) } }]);
    }
    await h.client.idle();
    unsubscribe();
    expect(transaction.mock.calls.length).toBeLessThanOrEqual(2);
    expect(updates).toBeLessThanOrEqual(2);
    const thread = h.client.store.getState().threads[refA('c1')]!;
    expect(thread.keys.map((k) => thread.byKey[k]!.text)).toEqual(Array.from({ length: 300 }, (_, i) => `m${i}`));
  });

  it('a waiting step gathers at most STEP_MAX_EVENTS events: a longer run of batches makes more steps, in order', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    await h.client.openConversation(refA('c1'));
    await h.client.idle();
    const count = STEP_MAX_EVENTS * 2 + 50;
    const transaction = vi.spyOn(h.db, 'transaction');
    // The batches arrive while the first step waits for its turn, then while it is written.
    for (let i = 0; i < count; i++) {
      h.fake.emitBatch([{ name: 'message.upserted' as const, payload: { message: incoming('c1', String(10_000 + i), `m${i}`, 10_000 + i) } }]);
    }
    await h.client.idle();
    // Two full steps, then the rest (without the bound: one or two steps, as above).
    expect(transaction.mock.calls.length).toBeGreaterThanOrEqual(3);
    const thread = h.client.store.getState().threads[refA('c1')]!;
    expect(thread.keys.map((k) => thread.byKey[k]!.text)).toEqual(Array.from({ length: count }, (_, i) => `m${i}`));
  });
});
