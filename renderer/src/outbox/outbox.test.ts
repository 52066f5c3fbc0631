import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Message, Result } from '../contract';
import type { StoredMessage } from '../db/database';
import { deferred, ok } from '../testing/fakeParleyApi';
import { ALICE, conversation, freshDbName, startHarness, type Harness } from '../testing/harness';

const C1 = 'c1';

async function offlineWithConversation(dbName?: string): Promise<Harness> {
  const h = await startHarness({ connection: 'offline', conversations: [conversation(C1, 10)], dbName });
  await h.db.conversations.put(conversation(C1, 10));
  await h.client.openConversation(C1);
  return h;
}

const threadOf = (h: Harness, conversationId = C1) => {
  const thread = h.client.store.getState().threads[conversationId];
  return thread ? thread.keys.map((k) => thread.byKey[k]!) : [];
};
/** The server's copy of one of our rows: what an ack or an echo carries. */
function acked(row: StoredMessage, id: string, sentAt = row.sentAt): Message {
  const { key: _key, rev: _rev, ...message } = row;
  return { ...message, id, sentAt, status: 'sent' };
}
const sentTexts = (h: Harness) => h.fake.callsTo('messages.send').map((a) => a.text);

describe('outbox', () => {
  it('writes the message and its outbox entry together before sending', async () => {
    const h = await offlineWithConversation();
    const row = await h.client.send(C1, 'hello');
    expect(await h.db.messages.get([ALICE.id, row.key])).toMatchObject({ status: 'queued', text: 'hello' });
    expect(await h.db.outbox.toArray()).toEqual([expect.objectContaining({ key: row.key, conversationId: C1 })]);
    expect(threadOf(h).map((m) => m.status)).toEqual(['queued']);
    expect(h.fake.callsTo('messages.send')).toEqual([]);
  });

  it('writes neither the message nor the entry when the transaction fails', async () => {
    const h = await offlineWithConversation();
    const failOutbox = () => {
      throw new Error('disk full');
    };
    h.db.outbox.hook('creating', failOutbox);
    await expect(h.client.send(C1, 'hello')).rejects.toThrow();
    h.db.outbox.hook('creating').unsubscribe(failOutbox);
    expect(await h.db.messages.count()).toBe(0);
    expect(await h.db.outbox.count()).toBe(0);
    expect(threadOf(h)).toEqual([]);
  });

  it('sends queued messages in order, one in flight, each once', async () => {
    const h = await offlineWithConversation();
    for (const text of ['one', 'two', 'three']) await h.client.send(C1, text);

    let inFlight = 0;
    let maxInFlight = 0;
    const serverSend = h.fake.handlerOf('messages.send');
    h.fake.handle('messages.send', async (args) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Yield a macrotask so that a concurrent sender, if there were one, would start now.
      await new Promise((r) => setTimeout(r));
      inFlight--;
      return serverSend(args);
    });
    h.client.store.getState().setConnection('online');
    // Two flushes at once: the single-flight guard must not send anything twice.
    await Promise.all([h.client.outbox.flush(), h.client.outbox.flush()]);
    await h.client.idle();

    expect(sentTexts(h).filter((t) => t === 'one')).toHaveLength(1);
    expect(sentTexts(h)).toEqual(['one', 'two', 'three']);
    expect(maxInFlight).toBe(1);
    expect(threadOf(h).map((m) => [m.text, m.status])).toEqual([
      ['one', 'sent'],
      ['two', 'sent'],
      ['three', 'sent'],
    ]);
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('keeps the entry and the order after a transient error, and resends on the next online', async () => {
    const h = await offlineWithConversation();
    const a = await h.client.send(C1, 'first');
    await h.client.send(C1, 'second');
    const serverSend = h.fake.handlerOf('messages.send');
    h.fake.handle('messages.send', () => ({ ok: false, error: { code: 'timeout', message: 'no answer' } }));
    await h.setConnection('online');

    expect(sentTexts(h)).toEqual(['first']); // stopped at the head: 'second' did not overtake it
    expect(threadOf(h).map((m) => m.status)).toEqual(['queued', 'queued']);
    expect((await h.db.outbox.orderBy('seq').toArray()).map((e) => e.key)[0]).toBe(a.key);

    h.fake.handle('messages.send', serverSend);
    await h.setConnection('offline');
    await h.setConnection('online');
    expect(sentTexts(h)).toEqual(['first', 'first', 'second']);
    expect(threadOf(h).map((m) => m.status)).toEqual(['sent', 'sent']);
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('marks a message failed on a permanent error and goes on with the next', async () => {
    const h = await offlineWithConversation();
    await h.client.send(C1, 'refused');
    await h.client.send(C1, 'fine');
    const serverSend = h.fake.handlerOf('messages.send');
    h.fake.handle('messages.send', (args) =>
      args.text === 'refused' ? { ok: false, error: { code: 'forbidden', message: 'You are not a member' } } : serverSend(args),
    );
    await h.setConnection('online');

    const [refused, fine] = threadOf(h);
    expect(refused).toMatchObject({ status: 'failed', error: 'You are not a member' });
    expect(fine).toMatchObject({ status: 'sent' });
    expect(await h.db.outbox.count()).toBe(0);
    expect(await h.db.messages.get([ALICE.id, refused!.key])).toMatchObject({ status: 'failed' });
  });

  it('retries a failed message with the same nonce', async () => {
    const h = await offlineWithConversation();
    const row = await h.client.send(C1, 'again');
    const serverSend = h.fake.handlerOf('messages.send');
    h.fake.handle('messages.send', () => ({ ok: false, error: { code: 'server-error', message: 'Try later' } }));
    await h.setConnection('online');
    expect(threadOf(h)[0]).toMatchObject({ status: 'failed' });

    h.fake.handle('messages.send', serverSend);
    await h.client.retry(row.key);
    await h.client.idle();

    const nonces = h.fake.callsTo('messages.send').map((a) => a.nonce);
    expect(nonces).toEqual([row.nonce, row.nonce]);
    expect(threadOf(h)).toEqual([expect.objectContaining({ key: row.key, status: 'sent', id: expect.any(String) })]);
    expect(threadOf(h)[0]!.error).toBeUndefined();
  });

  it('survives a restart: queued (even mid-send) messages show as queued and go out when online', async () => {
    const dbName = freshDbName();
    const first = await startHarness({ connection: 'online', conversations: [conversation(C1, 10)], dbName });
    await first.client.openConversation(C1);
    const inFlight = deferred<void>();
    first.fake.handle('messages.send', () => {
      inFlight.resolve();
      return new Promise(() => {}); // the app dies while this is in flight
    });
    const row = await first.client.send(C1, 'survivor');
    await inFlight.promise;
    expect((await first.db.messages.get([ALICE.id, row.key]))?.status).toBe('sending');
    first.client.stop();
    first.db.close();

    const second = await startHarness({ connection: 'offline', conversations: [conversation(C1, 10)], dbName });
    await second.client.openConversation(C1);
    expect(threadOf(second)).toEqual([expect.objectContaining({ key: row.key, status: 'queued', text: 'survivor' })]);

    await second.setConnection('online');
    expect(second.fake.callsTo('messages.send').map((a) => a.nonce)).toEqual([row.nonce]);
    expect(threadOf(second)).toEqual([expect.objectContaining({ key: row.key, status: 'sent' })]);
    expect(await second.db.outbox.count()).toBe(0);
  });
});

describe('outbox and the ack echo', () => {
  async function sendingOne() {
    const h = await startHarness({ connection: 'online', conversations: [conversation(C1, 10)] });
    await h.client.openConversation(C1);
    const reply = deferred<Result<Message>>();
    const arrived = deferred<void>();
    h.fake.handle('messages.send', () => {
      arrived.resolve();
      return reply.promise;
    });
    const row = await h.client.send(C1, 'hi bob');
    await arrived.promise;
    return { h, row, acked: acked(row, '777', 123_456), reply };
  }

  async function expectOneSentMessage(h: Harness, key: string) {
    expect(threadOf(h)).toEqual([expect.objectContaining({ key, id: '777', status: 'sent' })]);
    expect(await h.db.messages.count()).toBe(1);
    expect(await h.db.outbox.count()).toBe(0);
  }

  it('does not duplicate when the echo arrives before the send result', async () => {
    const { h, row, acked: ack, reply } = await sendingOne();
    h.fake.emit('message.upserted', { message: ack });
    await h.client.eventsSettled();
    expect(threadOf(h)).toEqual([expect.objectContaining({ key: row.key, status: 'sent' })]);
    reply.resolve(ok(ack));
    await h.client.idle();
    await expectOneSentMessage(h, row.key);
  });

  it('does not duplicate when the echo arrives after the send result', async () => {
    const { h, row, acked: ack, reply } = await sendingOne();
    reply.resolve(ok(ack));
    await h.client.idle();
    h.fake.emit('message.upserted', { message: ack });
    await h.client.idle();
    await expectOneSentMessage(h, row.key);
  });

  it('does not resend a queued message the server already echoed', async () => {
    const h = await offlineWithConversation();
    const row = await h.client.send(C1, 'already there');
    h.fake.emit('message.upserted', { message: acked(row, '888') });
    await h.client.eventsSettled();
    await h.setConnection('online');
    expect(h.fake.callsTo('messages.send')).toEqual([]);
    expect(threadOf(h)).toEqual([expect.objectContaining({ key: row.key, id: '888', status: 'sent' })]);
    expect(await h.db.outbox.count()).toBe(0);
  });
});
