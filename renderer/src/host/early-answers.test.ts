import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { ParleyClient } from '../client/ParleyClient';
import { conversationRef, type AccountStatus, type ParleyApi } from '../contract';
import { ParleyDb } from '../db/database';
import { CONVERSATION_PAGE_SIZE } from '../sync/sync';
import { createFakeParleyApi, deferred, ok } from '../testing/fakeParleyApi';
import { ALICE, ALICE_TALKER, CAPABILITIES, PROTOCOLS, conversation } from '../testing/harness';
import { FIRST_CONVERSATIONS_PAGE, askEarly } from './early-answers';

const online: AccountStatus = { account: ALICE, connection: 'online', capabilities: CAPABILITIES };
const offline: AccountStatus = { account: ALICE_TALKER, connection: 'offline', capabilities: CAPABILITIES };

function host(accounts: AccountStatus[] = [online, offline]) {
  const fake = createFakeParleyApi();
  fake.handle('session.get', () => ok({ protocols: PROTOCOLS, accounts }));
  fake.handle('conversations.list', ({ accountId }) => ok({ items: accountId === ALICE.id ? [conversation('c1', 1_000)] : [] }));
  fake.handle('messages.pending', () => ok([]));
  fake.handle('conversations.markRead', () => ok(null));
  return fake;
}

/** Until the early questions are all asked (the list is asked once the session answered). */
async function asked(fake: ReturnType<typeof host>, command: 'conversations.list', count: number): Promise<void> {
  while (fake.callsTo(command).length < count) await Promise.resolve();
}

describe('askEarly', () => {
  it('asks the page of conversations the client asks first', () => {
    expect(FIRST_CONVERSATIONS_PAGE).toBe(CONVERSATION_PAGE_SIZE);
  });

  it('asks for the session at once, then the first page of each online account', async () => {
    const fake = host();
    const early = askEarly(fake.api);
    expect(fake.callsTo('session.get')).toHaveLength(1);
    const session = await early.session;
    expect(session.ok && session.value.accounts).toHaveLength(2);
    await asked(fake, 'conversations.list', 1);
    expect(fake.callsTo('conversations.list')).toEqual([{ accountId: ALICE.id, limit: FIRST_CONVERSATIONS_PAGE }]);
  });

  it("hands the answers to the client's first calls: one round trip each, and only once", async () => {
    const fake = host();
    const { api } = askEarly(fake.api);
    await asked(fake, 'conversations.list', 1);
    const session = await api.session.get({});
    expect(session.ok && session.value.accounts[0]!.account.id).toBe(ALICE.id);
    const page = await api.conversations.list({ limit: CONVERSATION_PAGE_SIZE, accountId: ALICE.id });
    expect(page.ok && page.value.items.map((c) => c.id)).toEqual(['c1']);
    expect(fake.callsTo('session.get')).toHaveLength(1);
    expect(fake.callsTo('conversations.list')).toHaveLength(1);
    // Taken once: a later call asks the host.
    await api.session.get({});
    await api.conversations.list({ accountId: ALICE.id, limit: CONVERSATION_PAGE_SIZE });
    expect(fake.callsTo('session.get')).toHaveLength(2);
    expect(fake.callsTo('conversations.list')).toHaveLength(2);
  });

  it('hands the first pages to the rows painted before React without taking them from the client', async () => {
    const fake = host();
    const early = askEarly(fake.api);
    const first = await early.firstPages;
    expect(first?.session.accounts).toHaveLength(2);
    // The online account's page only; reading it here leaves it for the client's first call.
    expect(first?.pages).toEqual([{ accountId: ALICE.id, items: [conversation('c1', 1_000)] }]);
    await early.api.conversations.list({ accountId: ALICE.id, limit: FIRST_CONVERSATIONS_PAGE });
    expect(fake.callsTo('conversations.list')).toHaveLength(1);
  });

  it('asks again for another page than the one asked early', async () => {
    const fake = host();
    const { api } = askEarly(fake.api);
    await asked(fake, 'conversations.list', 1);
    await api.conversations.list({ accountId: ALICE.id, limit: 10 });
    expect(fake.callsTo('conversations.list')).toHaveLength(2);
  });

  it('drops the answers once an event arrives after they were asked: it may have changed them', async () => {
    const fake = host();
    const { api } = askEarly(fake.api);
    await asked(fake, 'conversations.list', 1);
    fake.emit('connection.changed', { accountId: ALICE.id, state: 'offline' });
    await api.session.get({});
    await api.conversations.list({ accountId: ALICE.id, limit: CONVERSATION_PAGE_SIZE });
    expect(fake.callsTo('session.get')).toHaveLength(2);
    expect(fake.callsTo('conversations.list')).toHaveLength(2);
  });

  it('keeps the answers through events that change neither (the badge total every start hears)', async () => {
    const fake = host();
    const { api } = askEarly(fake.api);
    await asked(fake, 'conversations.list', 1);
    fake.emit('unread.changed', { total: 3, byAccount: { [ALICE.id]: 3 } });
    fake.emit('typing.changed', { typing: { accountId: ALICE.id, conversationId: 'c1', userId: '1002', typing: true } });
    await api.session.get({});
    await api.conversations.list({ accountId: ALICE.id, limit: CONVERSATION_PAGE_SIZE });
    expect(fake.callsTo('session.get')).toHaveLength(1);
    expect(fake.callsTo('conversations.list')).toHaveLength(1);
  });

  it('drops an answer nobody took within ten seconds', async () => {
    const fake = host();
    let now = 0;
    const { api } = askEarly(fake.api, () => now);
    now = 10_001;
    await api.session.get({});
    expect(fake.callsTo('session.get')).toHaveLength(2);
  });

  it('stops listening to events once no answer can be taken', () => {
    vi.useFakeTimers();
    try {
      const fake = host();
      let listening = 0;
      const api: ParleyApi = {
        ...fake.api,
        onBatch: (listener) => {
          listening++;
          const off = fake.api.onBatch(listener);
          return () => {
            listening--;
            off();
          };
        },
      };
      askEarly(api);
      expect(listening).toBe(1);
      vi.advanceTimersByTime(10_000);
      expect(listening).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a client started on it makes one session.get and one conversations.list, and shows the list', async () => {
    const fake = host([online]);
    const answer = deferred<void>();
    const answering = fake.handlerOf('session.get');
    // The host answers late: the client has started asking before the early answer is there.
    fake.handle('session.get', async (args) => {
      await answer.promise;
      return answering(args);
    });
    const { api } = askEarly(fake.api);
    const client = new ParleyClient({ api, db: new ParleyDb(`early-${Math.random()}`), isVisible: () => true, page: null });
    const started = client.start();
    answer.resolve();
    await started;
    await client.idle();
    expect(fake.callsTo('session.get')).toHaveLength(1);
    expect(fake.callsTo('conversations.list')).toHaveLength(1);
    expect(Object.keys(client.store.getState().conversationsByRef)).toEqual([conversationRef(ALICE.id, 'c1')]);
    client.stop();
  });
});
