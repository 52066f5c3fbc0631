// The talker adapter against the reference server's real talker front: sign-in, send and
// receive, history, conversations with unread counts, read receipts, typing, media.

import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../../server/start-server';
import type { AdapterEvent } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { tempDirsForFile } from '../../../core/test/temp-dirs';
import type { TalkerAdapter } from '../adapter';
import { talkerFactory } from '../factory';

const tempDir = tempDirsForFile();
let server: RunningServer;
const cleanups: Array<() => unknown> = [];
beforeAll(async () => {
  server = await startServer({ port: 0, talkerPort: 0, dataDir: tempDir('talker'), demo: true, log: createMemoryLogger() });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await server?.close();
});

async function user(name: string) {
  const session = await talkerFactory.signIn({ protocol: 'talker', serverUrl: server.talkerUrl!, login: name, password: `${name}-parley` });
  const adapter = talkerFactory.create(session, createMemoryLogger()) as TalkerAdapter;
  cleanups.push(() => adapter.close());
  const events: AdapterEvent[] = [];
  const waiters: Array<() => void> = [];
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const next = <T extends AdapterEvent>(test: (e: AdapterEvent) => e is T): Promise<T> =>
    new Promise((resolve) => {
      const check = () => {
        const found = events.find(test);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  adapter.connect();
  await next((e): e is AdapterEvent => e.type === 'connection' && e.state === 'online');
  return { session, adapter, events, next };
}

const messageWith = (text: string) => (e: AdapterEvent): e is Extract<AdapterEvent, { type: 'message' }> => e.type === 'message' && e.message.text === text;

describe('talker adapter with the reference server', () => {
  it('signs in with a username; a wrong password is invalid-credentials', async () => {
    const alice = await user('alice');
    expect(alice.session).toMatchObject({ protocol: 'talker', username: 'alice', userId: expect.stringMatching(/^\d+$/) });
    await expect(talkerFactory.signIn({ protocol: 'talker', serverUrl: server.talkerUrl!, login: 'alice', password: 'nope' })).rejects.toMatchObject({ code: 'invalid-credentials' });
  });

  it('sends, receives, lists history and conversations, and carries read receipts back', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const conversation = await alice.adapter.openDirectConversation(bob.session.userId);
    const sent = await alice.adapter.sendMessage({ conversationId: conversation.id, text: 'hello bob', nonce: 'n-10000001' });
    expect(sent).toMatchObject({ conversationId: bob.session.userId, senderId: alice.session.userId, text: 'hello bob' });

    const received = (await bob.next(messageWith('hello bob'))).message;
    expect(received).toMatchObject({ conversationId: alice.session.userId, id: sent.id, senderId: alice.session.userId });

    const page = await bob.adapter.listMessages({ conversationId: alice.session.userId, limit: 10 });
    expect(page.items[0]).toMatchObject({ id: sent.id, text: 'hello bob' });
    const list = await bob.adapter.listConversations();
    expect(list.items.find((c) => c.id === alice.session.userId)).toMatchObject({ title: 'alice', unreadCount: 1, lastMessage: { text: 'hello bob' } });
    // The time the message got when it arrived live (talker's init_date has 1 s resolution)
    // is the one history and the conversation list report too: nothing sorts back.
    expect(list.items.find((c) => c.id === alice.session.userId)?.lastActivityAt).toBe(received.sentAt);
    expect(page.items[0]?.sentAt).toBe(received.sentAt);

    await bob.adapter.markRead({ conversationId: alice.session.userId, upToMessageId: sent.id! });
    const read = await alice.next((e): e is Extract<AdapterEvent, { type: 'receipt' }> => e.type === 'receipt' && e.receipt.kind === 'read');
    expect(read.receipt).toEqual({ conversationId: bob.session.userId, userId: bob.session.userId, kind: 'read', messageIds: [sent.id] });
    expect((await bob.adapter.listConversations()).items.find((c) => c.id === alice.session.userId)?.unreadCount).toBe(0);
  });

  it('shows typing to the peer and stops it', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    alice.adapter.setTyping({ conversationId: bob.session.userId, typing: true });
    const on = await bob.next((e): e is Extract<AdapterEvent, { type: 'typing' }> => e.type === 'typing' && e.typing.typing);
    expect(on.typing).toMatchObject({ conversationId: alice.session.userId, userId: alice.session.userId });
    alice.adapter.setTyping({ conversationId: bob.session.userId, typing: false });
    await bob.next((e): e is AdapterEvent => e.type === 'typing' && !e.typing.typing);
  });

  it('receives a photo sent by another talker client as an attachment', async () => {
    const bob = await user('bob');
    const alice = await user('alice');
    const raw = io(server.talkerUrl!, { query: { c: 'raw-client' }, auth: { login: 'carol', hash: 'carol-parley' }, forceNew: true, reconnection: false });
    cleanups.push(() => raw.disconnect());
    const me = await new Promise<{ id: number }>((resolve) => raw.once('login', resolve));
    raw.emit('messeage', { user_id: me.id, to_id: Number(bob.session.userId), content: 'data:image/png;base64,iVBORw0KGgo=', content_type: 'photo' });
    const photo = await bob.next((e): e is Extract<AdapterEvent, { type: 'message' }> => e.type === 'message' && e.message.senderId === String(me.id));
    expect(photo.message.attachments?.[0]).toMatchObject({ kind: 'image', mimeType: 'image/png' });
    expect(alice.events.some((e) => e.type === 'message' && e.message.senderId === String(me.id))).toBe(false);
  });
});
