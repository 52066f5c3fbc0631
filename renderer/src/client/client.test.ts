import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { conversationRef, type AccountStatus, type Message } from '../contract';
import { ParleyDb } from '../db/database';
import { ok } from '../testing/fakeParleyApi';
import { ALICE, ALICE_TALKER, BOB_ID, CAPABILITIES, conversation, freshDbName, incoming, startHarness } from '../testing/harness';

const ref = conversationRef(ALICE.id, 'c1');

describe('accounts', () => {
  it('adds a second account without dropping the first, showing its cached conversations', async () => {
    const dbName = freshDbName();
    const seed = new ParleyDb(dbName);
    await seed.conversations.put(conversation('t1', 30, { accountId: ALICE_TALKER.id, title: 'from the cache' }));
    seed.close();
    const h = await startHarness({ dbName, conversations: [conversation('c1', 10)] });
    const talker: AccountStatus = { account: ALICE_TALKER, connection: 'connecting', capabilities: { ...CAPABILITIES, signUp: false } };
    h.fake.handle('session.signIn', () => ok(talker));
    const result = await h.client.signIn({ protocol: 'talker', serverUrl: ALICE_TALKER.serverUrl, login: 'alice', password: 'x' });
    expect(result.ok).toBe(true);
    await h.client.idle();
    const s = h.client.store.getState();
    expect(s.accountOrder).toEqual([ALICE.id, ALICE_TALKER.id]);
    expect(s.conversationsByRef[conversationRef(ALICE_TALKER.id, 't1')]?.title).toBe('from the cache');
    expect(s.conversationsByRef[ref]).toBeDefined();
  });

  it('signs one account out and drops only its unsent messages', async () => {
    const h = await startHarness({ accounts: [ALICE, ALICE_TALKER], conversations: [conversation('c1', 10), conversation('t1', 20, { accountId: ALICE_TALKER.id })] });
    h.fake.handle('session.signOut', () => ok(null));
    await h.client.send(ref, 'never sent');
    await h.client.send(conversationRef(ALICE_TALKER.id, 't1'), 'stays');
    await h.client.signOut(ALICE.id);
    await h.client.idle();
    expect(h.client.store.getState().accountOrder).toEqual([ALICE_TALKER.id]);
    expect((await h.db.threadMessages.toArray()).map((r) => r.text)).toEqual(['stays']);
  });
});

describe('sending', () => {
  it('retries a failed message with the same nonce, and queues it again when main no longer holds it', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    await h.client.openConversation(ref);
    await h.client.send(ref, 'try me');
    const row = () => Object.values(h.client.store.getState().threads[ref]!.byKey)[0]!;
    const nonce = row().nonce!;
    h.fake.emit('message.upserted', { message: { ...(row() as Message), status: 'failed', error: 'refused' } });
    await h.client.idle();
    expect(row().status).toBe('failed');
    await h.client.retry(ref, row().key);
    expect(h.fake.callsTo('messages.retry')).toEqual([{ accountId: ALICE.id, conversationId: 'c1', nonce }]);
    expect(row().status).toBe('queued');

    h.fake.emit('message.upserted', { message: { ...(row() as Message), status: 'failed', error: 'refused' } });
    await h.client.idle();
    h.fake.handle('messages.retry', () => ({ ok: false, error: { code: 'not-found', message: 'gone' } }));
    await h.client.retry(ref, row().key);
    expect(h.fake.callsTo('messages.send').at(-1)).toEqual({ accountId: ALICE.id, conversationId: 'c1', text: 'try me', nonce });
  });

  it('hands a version-1 outbox entry to main once, with its own nonce, and deletes it only then', async () => {
    const dbName = freshDbName();
    const seed = new ParleyDb(dbName);
    await seed.conversations.put(conversation('c1', 10));
    await seed.threadMessages.put({ accountId: ALICE.id, conversationId: 'c1', key: `n:${ALICE.userId}:old-nonce-1`, nonce: 'old-nonce-1', senderId: ALICE.userId, kind: 'text', text: 'from 0.1', sentAt: 5, status: 'sending', rev: 1 });
    await seed.outbox.bulkAdd([
      { accountId: ALICE.id, key: `n:${ALICE.userId}:old-nonce-1`, conversationId: 'c1' },
      { accountId: 'someone-else', key: 'n:9:z', conversationId: 'c1' },
    ]);
    seed.close();
    const h = await startHarness({ dbName });
    expect(h.fake.callsTo('messages.send')).toEqual([{ accountId: ALICE.id, conversationId: 'c1', text: 'from 0.1', nonce: 'old-nonce-1' }]);
    expect((await h.db.outbox.toArray()).map((e) => e.accountId)).toEqual(['someone-else']);
    h.client.stop();
    h.db.close();
    const again = await startHarness({ dbName });
    expect(again.fake.callsTo('messages.send')).toEqual([]);
  });
});

describe('read marks', () => {
  it('tells main when the open conversation with unread messages is on screen, once per mark', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10, { unreadCount: 0 })] });
    h.server.messages.push(incoming('c1', '41', 'one', 20), incoming('c1', '42', 'two', 30));
    await h.client.openConversation(ref);
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]);
    h.fake.emit('conversation.updated', { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 2 } });
    await h.client.idle();
    h.fake.emit('conversation.updated', { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 2 } });
    await h.client.idle();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([{ accountId: ALICE.id, conversationId: 'c1', upToMessageId: '42', upToSentAt: 30 }]);
  });

  it('sends nothing while the window is hidden', async () => {
    const h = await startHarness({ visible: false, conversations: [conversation('c1', 10, { unreadCount: 3 })] });
    h.server.messages.push(incoming('c1', '41', 'one', 20));
    await h.client.openConversation(ref);
    await h.client.idle();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]);
  });
});

describe('presence', () => {
  it('asks main to watch the peers on screen, per account that has presence, only when the set changes', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10), conversation('c2', 20, { peerId: '1003', memberIds: [ALICE.userId, '1003'] })] });
    h.fake.handle('presence.watch', () => ok(null));
    h.accounts[0]!.capabilities = { ...CAPABILITIES, presence: true };
    h.fake.emit('accounts.changed', { accounts: h.accounts });
    await h.client.idle();
    await h.client.openConversation(ref);
    await h.client.idle();
    expect(h.fake.callsTo('presence.watch')).toEqual([{ accountId: ALICE.id, userIds: ['1002', '1003'] }]);
  });
});

const refT = (id: string) => conversationRef(ALICE_TALKER.id, id);
const ref5 = () => conversationRef(ALICE.id, '5');
const threadRows = (h: { client: { store: { getState(): { threads: Record<string, { keys: string[]; byKey: Record<string, Message & { key: string }> }> } } } }, r: string) => {
  const t = h.client.store.getState().threads[r];
  return t ? t.keys.map((k) => t.byKey[k]!) : [];
};

describe('accounts: signing in and out one at a time', () => {
  it('a sign-in keeps the first account, its open thread and its data, and starts the new one from its own cache', async () => {
    const dbName = freshDbName();
    const seed = new ParleyDb(dbName);
    await seed.conversations.bulkPut([
      conversation('5', 40, { accountId: ALICE_TALKER.id, title: 'talker five (cached)' }),
      conversation('6', 50, { accountId: ALICE_TALKER.id }),
    ]);
    await seed.meta.put({ key: `lastSyncedAt:${ALICE_TALKER.id}`, value: 777 });
    seed.close();
    const h = await startHarness({ dbName, conversations: [conversation('5', 10)] });
    h.server.messages.push(incoming('5', '1', 'netalo five', 10));
    await h.client.openConversation(ref5());
    await h.client.idle();
    const before = h.client.store.getState();
    expect(before.dataState).toBe('live');

    const talker: AccountStatus = { account: ALICE_TALKER, connection: 'offline', capabilities: { ...CAPABILITIES, signUp: false } };
    h.fake.handle('session.signIn', () => ok(talker));
    await h.client.signIn({ protocol: 'talker', serverUrl: ALICE_TALKER.serverUrl, login: 'alice', password: 'secret' });
    await h.client.idle();
    const s = h.client.store.getState();
    expect(s.accountOrder).toEqual([ALICE.id, ALICE_TALKER.id]);
    expect(s.accounts[ALICE.id]).toBe(before.accounts[ALICE.id]);
    expect(Object.keys(s.conversationsByRef).sort()).toEqual([ref5(), refT('5'), refT('6')].sort());
    expect(s.conversationsByRef[refT('5')]!.title).toBe('talker five (cached)');
    expect(s.conversationsByRef[ref5()]).toBe(before.conversationsByRef[ref5()]);
    expect(s.openConversationRef).toBe(ref5());
    expect(threadRows(h, ref5()).map((r) => r.text)).toEqual(['netalo five']);
    expect(s.lastSyncedAt[ALICE_TALKER.id]).toBe(777);
    // talker is offline: nothing asked of its server, only main's outbox.
    expect(h.fake.callsTo('conversations.list').map((a) => a.accountId)).toEqual([ALICE.id]);
    expect(h.fake.callsTo('messages.pending').filter((a) => a.accountId === ALICE_TALKER.id)).toHaveLength(1);
  });

  it('a refused sign-in changes nothing', async () => {
    const h = await startHarness({ conversations: [conversation('5', 10)] });
    h.fake.handle('session.signIn', () => ({ ok: false, error: { code: 'invalid-credentials', message: 'wrong password' } }));
    const before = h.client.store.getState();
    const result = await h.client.signIn({ protocol: 'talker', serverUrl: ALICE_TALKER.serverUrl, login: 'alice', password: 'nope' });
    await h.client.idle();
    expect(result).toEqual({ ok: false, error: { code: 'invalid-credentials', message: 'wrong password' } });
    expect(h.client.store.getState()).toBe(before);
  });

  it('signing out one account removes it from the view and discards its unsent rows; the other account keeps everything', async () => {
    const h = await startHarness({ accounts: [ALICE, ALICE_TALKER], conversations: [conversation('5', 10), conversation('5', 20, { accountId: ALICE_TALKER.id })] });
    h.fake.handle('session.signOut', () => ok(null));
    await h.client.openConversation(ref5());
    await h.client.send(ref5(), 'netalo queued');
    await h.client.send(ref5(), 'netalo will fail');
    await h.client.send(ref5(), 'netalo sent');
    const [queued, failing, sending] = threadRows(h, ref5());
    await h.deliver(sending!.nonce!);
    h.fake.emit('message.upserted', { message: { ...(failing as Message), status: 'failed', error: 'refused' } });
    await h.client.idle();
    expect(threadRows(h, ref5()).map((r) => r.status)).toEqual(['queued', 'failed', 'sent']);
    await h.client.send(refT('5'), 'talker queued');
    await h.db.outbox.bulkAdd([{ accountId: ALICE.id, key: 'k1', conversationId: '5' }, { accountId: ALICE_TALKER.id, key: 'k2', conversationId: '5' }]);

    await h.client.signOut(ALICE.id);
    await h.client.idle();
    expect(h.fake.callsTo('session.signOut')).toEqual([{ accountId: ALICE.id }]);
    const s = h.client.store.getState();
    expect(s.accountOrder).toEqual([ALICE_TALKER.id]);
    expect(Object.keys(s.conversationsByRef)).toEqual([refT('5')]);
    expect(s.threads[ref5()]).toBeUndefined();
    expect(s.openConversationRef).toBeNull();
    const left = (await h.db.threadMessages.toArray()).map((r) => [r.accountId, r.text]).sort();
    expect(left).toEqual([[ALICE.id, 'netalo sent'], [ALICE_TALKER.id, 'talker queued']].sort());
    expect(queued).toBeDefined();
    expect((await h.db.outbox.toArray()).map((e) => e.key)).toEqual(['k2']);
    // The signed-out account's cache of acknowledged data stays on the device.
    expect(await h.db.conversations.get([ALICE.id, '5'])).toBeDefined();
  });

  it('a sign-out main refuses changes nothing', async () => {
    const h = await startHarness({ conversations: [conversation('5', 10)] });
    h.fake.handle('session.signOut', () => ({ ok: false, error: { code: 'invalid-argument', message: 'no' } }));
    await h.client.send(ref5(), 'stays');
    await h.client.signOut(ALICE.id);
    await h.client.idle();
    expect(h.client.store.getState().accountOrder).toEqual([ALICE.id]);
    expect(await h.db.threadMessages.count()).toBe(1);
  });
});

describe('sending: main’s answers and events', () => {
  it('a "queued" answer that arrives after main’s own events does not move the message back', async () => {
    const h = await startHarness({ conversations: [conversation('5', 10)] });
    await h.client.openConversation(ref5());
    const send = h.fake.handlerOf('messages.send');
    h.fake.handle('messages.send', async (args) => {
      const answer = await send(args);
      if (answer.ok) h.fake.emit('message.upserted', { message: { ...answer.value, status: 'sending' } });
      return answer;
    });
    await h.client.send(ref5(), 'fast');
    await h.client.idle();
    expect(threadRows(h, ref5()).map((r) => [r.text, r.status])).toEqual([['fast', 'sending']]);
    expect(await h.db.threadMessages.count()).toBe(1);
  });

  it('a send main refuses rejects (the composer keeps the text) and leaves no row', async () => {
    const h = await startHarness({ conversations: [conversation('5', 10)] });
    await h.client.openConversation(ref5());
    h.fake.handle('messages.send', () => ({ ok: false, error: { code: 'forbidden', message: 'you cannot write here' } }));
    await expect(h.client.send(ref5(), 'no')).rejects.toThrow('you cannot write here');
    expect(threadRows(h, ref5())).toEqual([]);
    expect(await h.db.threadMessages.count()).toBe(0);
  });

  it('retry: messages.retry first; when main answers not-found, messages.send with the same nonce and text; one row throughout', async () => {
    const h = await startHarness({ conversations: [conversation('5', 10)] });
    await h.client.openConversation(ref5());
    await h.client.send(ref5(), 'again please');
    const [first] = threadRows(h, ref5());
    const fail = async () => {
      h.fake.emit('message.upserted', { message: { ...(threadRows(h, ref5())[0] as Message), status: 'failed', error: 'refused' } });
      await h.client.idle();
    };
    // Not failed: nothing to retry.
    await h.client.retry(ref5(), first!.key);
    expect(h.fake.callsTo('messages.retry')).toEqual([]);

    await fail();
    h.fake.handle('messages.retry', () => ({ ok: false, error: { code: 'not-found', message: 'main lost it' } }));
    const sendsBefore = h.fake.callsTo('messages.send').length;
    await h.client.retry(ref5(), first!.key);
    expect(h.fake.callsTo('messages.retry')).toEqual([{ accountId: ALICE.id, conversationId: '5', nonce: first!.nonce }]);
    expect(h.fake.callsTo('messages.send').slice(sendsBefore)).toEqual([{ accountId: ALICE.id, conversationId: '5', text: 'again please', nonce: first!.nonce }]);
    const rows = threadRows(h, ref5());
    expect(rows.map((r) => [r.key, r.status, r.error])).toEqual([[first!.key, 'queued', undefined]]);
    await h.deliver(first!.nonce!);
    expect(threadRows(h, ref5()).map((r) => [r.key, r.status])).toEqual([[first!.key, 'sent']]);
    expect(await h.db.threadMessages.count()).toBe(1);
  });

  it('retry that main refuses otherwise leaves the message failed and sends nothing', async () => {
    const h = await startHarness({ conversations: [conversation('5', 10)] });
    await h.client.openConversation(ref5());
    await h.client.send(ref5(), 'x');
    h.fake.emit('message.upserted', { message: { ...(threadRows(h, ref5())[0] as Message), status: 'failed', error: 'refused' } });
    await h.client.idle();
    h.fake.handle('messages.retry', () => ({ ok: false, error: { code: 'not-signed-in', message: 'signed out' } }));
    const sends = h.fake.callsTo('messages.send').length;
    await h.client.retry(ref5(), threadRows(h, ref5())[0]!.key);
    expect(h.fake.callsTo('messages.send')).toHaveLength(sends);
    expect(threadRows(h, ref5()).map((r) => r.status)).toEqual(['failed']);
  });
});

describe('typing', () => {
  it('tells main only for accounts whose protocol has typing', async () => {
    const h = await startHarness({ accounts: [ALICE, ALICE_TALKER], conversations: [conversation('5', 10), conversation('5', 20, { accountId: ALICE_TALKER.id })] });
    h.accounts[1]!.capabilities = { ...h.accounts[1]!.capabilities, typing: false };
    h.fake.emit('accounts.changed', { accounts: h.accounts });
    await h.client.idle();
    h.client.setTyping(ref5(), true);
    h.client.setTyping(refT('5'), true);
    h.client.setTyping(conversationRef('not-signed-in', '5'), true);
    h.client.setTyping(ref5(), false);
    await h.client.idle();
    expect(h.fake.callsTo('typing.set')).toEqual([
      { accountId: ALICE.id, conversationId: '5', typing: true },
      { accountId: ALICE.id, conversationId: '5', typing: false },
    ]);
  });
});

describe('two tabs on one cache', () => {
  it('a message sent in one tab shows in both with every status, one row each, sent once', async () => {
    const h = await startHarness({ conversations: [conversation('5', 10)] });
    const tab = await h.openTab();
    await h.client.openConversation(ref5());
    await tab.client.openConversation(ref5());
    await Promise.all([h.client.idle(), tab.client.idle()]);

    await h.client.send(ref5(), 'from tab one');
    expect(h.fake.callsTo('messages.send')).toEqual([expect.objectContaining({ text: 'from tab one' })]);
    const nonce = threadRows(h, ref5())[0]!.nonce!;
    const rowsIn = (client: typeof h.client) => {
      const t = client.store.getState().threads[ref5()]!;
      return t.keys.map((k) => [k, t.byKey[k]!.text, t.byKey[k]!.status]);
    };
    const key = `n:${ALICE.userId}:${nonce}`;
    expect(rowsIn(h.client)).toEqual([[key, 'from tab one', 'queued']]);

    // Main sends it: 'sending', then the server's copy, to every window.
    await h.deliver(nonce);
    await tab.client.idle();
    expect(rowsIn(h.client)).toEqual([[key, 'from tab one', 'sent']]);
    expect(rowsIn(tab.client)).toEqual([[key, 'from tab one', 'sent']]);

    // The server's echo without our nonce (a history page in one tab) and a receipt: still one row each.
    const sent = h.server.messages[0]!;
    h.fake.emitBatch([
      { name: 'message.upserted', payload: { message: { ...sent, nonce: undefined } } },
      { name: 'receipt.changed', payload: { receipt: { accountId: ALICE.id, conversationId: '5', userId: BOB_ID, kind: 'read', upToMessageId: sent.id! } } },
    ]);
    await Promise.all([h.client.idle(), tab.client.idle()]);
    expect(rowsIn(h.client)).toEqual([[key, 'from tab one', 'read']]);
    expect(rowsIn(tab.client)).toEqual([[key, 'from tab one', 'read']]);
    expect(await h.db.threadMessages.count()).toBe(1);
    expect(h.fake.callsTo('messages.send')).toHaveLength(1);
    expect(h.client.store.getState().conversationsByRef[ref5()]!.lastMessage?.text).toBe('from tab one');
  });

  // When the other tab's transaction for the same event ran first, the merge finds nothing
  // left to change: the writer still reports those rows and conversations (preview and
  // order, receipts, removals) so that this tab's store does not keep its older copy.
  it('every event shows in both tabs, whichever tab’s transaction wrote it first', async () => {
    const h = await startHarness({ conversations: [conversation('5', 10)] });
    const tab = await h.openTab();
    await h.client.openConversation(ref5());
    await tab.client.openConversation(ref5());
    const idle = () => Promise.all([h.client.idle(), tab.client.idle()]);
    const view = (client: typeof h.client) => {
      const s = client.store.getState();
      const t = s.threads[ref5()]!;
      return { rows: t.keys.map((k) => [t.byKey[k]!.text, t.byKey[k]!.status, t.byKey[k]!.deleted === true]), preview: s.conversationsByRef[ref5()]!.lastMessage?.text };
    };
    const same = () => expect(view(tab.client)).toEqual(view(h.client));

    h.fake.emit('message.upserted', { message: incoming('5', '1', 'hi from bob', 20) });
    await idle();
    expect(view(h.client).preview).toBe('hi from bob');
    same();

    await h.client.send(ref5(), 'mine');
    const mine = threadRows(h, ref5()).find((r) => r.text === 'mine')!;
    const sent = await h.deliver(mine.nonce!);
    await idle();
    same();

    h.fake.emit('receipt.changed', { receipt: { accountId: ALICE.id, conversationId: '5', userId: BOB_ID, kind: 'delivered', messageIds: [sent.id!] } });
    await idle();
    expect(view(h.client).rows[1]).toEqual(['mine', 'delivered', false]);
    same();

    h.fake.emit('receipt.changed', { receipt: { accountId: ALICE.id, conversationId: '5', userId: BOB_ID, kind: 'read', upToMessageId: sent.id! } });
    await idle();
    same();

    h.fake.emit('message.removed', { accountId: ALICE.id, conversationId: '5', messageId: '1' });
    await idle();
    expect(view(h.client).rows[0]).toEqual(['', 'sent', true]);
    same();
  });
});

describe('two tabs on one cache: what the first tab’s write did to older rows', () => {
  it('a receipt covering several of our messages, and an echo the first tab collapsed, show in both tabs', async () => {
    const h = await startHarness({ conversations: [conversation('5', 10)] });
    const tab = await h.openTab();
    await h.client.openConversation(ref5());
    await tab.client.openConversation(ref5());
    const idle = () => Promise.all([h.client.idle(), tab.client.idle()]);
    const rows = (client: typeof h.client) => {
      const t = client.store.getState().threads[ref5()]!;
      return t.keys.map((k) => [k, t.byKey[k]!.text, t.byKey[k]!.status]);
    };

    // Bob reads up to our second message: one receipt covers both.
    await h.client.send(ref5(), 'one');
    await h.client.send(ref5(), 'two');
    const [one, two] = threadRows(h, ref5());
    await h.deliver(one!.nonce!);
    const sent = await h.deliver(two!.nonce!);
    await idle();
    h.fake.emit('receipt.changed', { receipt: { accountId: ALICE.id, conversationId: '5', userId: BOB_ID, kind: 'read', upToMessageId: sent.id! } });
    await idle();
    expect(rows(h.client).map((r) => r[2])).toEqual(['read', 'read']);
    expect(rows(tab.client)).toEqual(rows(h.client));

    // The server's echo of our next message gets here before its ack: shown twice until the ack, then once.
    await h.client.send(ref5(), 'three');
    const three = threadRows(h, ref5()).find((r) => r.text === 'three')!;
    const { key: _key, nonce, ...echo } = three;
    const echoId = String(h.server.nextId);
    h.fake.emit('message.upserted', { message: { ...echo, id: echoId, status: 'sent' } });
    await idle();
    for (const client of [h.client, tab.client]) expect(rows(client).map((r) => r[0])).toContain(`i:${echoId}`);
    await h.deliver(nonce!);
    await idle();
    expect(rows(h.client).map((r) => r[1])).toEqual(['one', 'two', 'three']);
    expect(rows(tab.client)).toEqual(rows(h.client));
  });
});

describe('an account arriving twice at once', () => {
  // Main announces a sign-in with `accounts.changed` too, and that event can be processed
  // before the sign-in's answer (in Electron it travels the same IPC channel ahead of the
  // reply). Were `known` decided outside the pipeline, both would start the account:
  // two version-1 handovers (each legacy entry sent twice), two refreshes.
  it('signing in starts the account once when main’s accounts.changed overtakes the answer', async () => {
    const dbName = freshDbName();
    const seed = new ParleyDb(dbName);
    await seed.conversations.put(conversation('t1', 10, { accountId: ALICE_TALKER.id }));
    const key = `n:${ALICE_TALKER.userId}:old-nonce-7`;
    await seed.threadMessages.put({ accountId: ALICE_TALKER.id, conversationId: 't1', key, nonce: 'old-nonce-7', senderId: ALICE_TALKER.userId, kind: 'text', text: 'from 0.1', sentAt: 5, status: 'queued', rev: 1 });
    await seed.outbox.add({ accountId: ALICE_TALKER.id, key, conversationId: 't1' });
    seed.close();
    const h = await startHarness({ dbName });
    const talker: AccountStatus = { account: ALICE_TALKER, connection: 'online', capabilities: CAPABILITIES };
    h.fake.handle('session.signIn', () => {
      h.accounts.push(talker); // main holds it now: its outbox sends for it
      h.fake.emit('accounts.changed', { accounts: [...h.accounts] });
      return ok(talker);
    });
    await h.client.signIn({ protocol: 'talker', serverUrl: ALICE_TALKER.serverUrl, login: 'alice', password: 'x' });
    await h.client.idle();
    expect(h.fake.callsTo('messages.send')).toEqual([{ accountId: ALICE_TALKER.id, conversationId: 't1', text: 'from 0.1', nonce: 'old-nonce-7' }]);
    expect(h.fake.callsTo('conversations.list').filter((a) => a.accountId === ALICE_TALKER.id)).toHaveLength(1);
  });
});
