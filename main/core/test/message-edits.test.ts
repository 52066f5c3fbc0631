// Editing and deleting one's own messages end to end: Parley's real core and Netalo adapter
// against the reference server as a child process (IDs above 2^53). The other member is a
// plain socket: it hears the edit and the deletion live; the server refuses Parley's edit
// or deletion of the other member's message with its reason, which reaches the caller
// unchanged; a restart still shows the edited text and the tombstone; without the
// capability the commands answer 'unsupported', and with the server gone, 'offline'.

import { describe, expect, it } from 'vitest';
import type { AccountStatus, Conversation, Message, Page } from '../../../contract/domain';
import type { ParleyEvent } from '../../../contract/events';
import type { Result } from '../../../contract/errors';
import { send, signUp } from '../../../server/test/support';
import { isOffline, startCore } from './core-harness';
import { after, messageWithId, parleyAs, person, reopen, type Parley, type Person } from './conversation-world';
import { FAKE_PASSWORD, fakeAdapterFactory } from './fake-adapter';
import { serverBundleForFile, freePort, startServerProcess } from './server-process';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
const { bundle: serverBundle, cleanups } = serverBundleForFile();

async function world() {
  const server = await startServerProcess(serverBundle(), { dataDir: tempDir('edit-server'), port: await freePort() });
  cleanups.push(() => server.kill());
  return server;
}

const upserted = (test: (m: Message) => boolean) => (e: ParleyEvent) => e.name === 'message.upserted' && test(e.payload.message);

/** Alice in Parley talking with Bob (a plain socket): Bob's "hello" and Alice's own sent message. */
async function talking(url: string) {
  const bob: Person = await person(url, cleanups);
  const alice: Parley = await parleyAs(url, await signUp(url), tempDir('alice'), cleanups);
  const { core, accountId } = alice;
  const direct = await core.call<Conversation>('conversations.openDirect', { accountId, userId: bob.uin });
  const bobs = await send(bob.socket, direct.id, 'hello');
  await core.waitFor(messageWithId(bobs.message_id));
  const sent = after(core, upserted((m) => m.nonce === 'a-edit-1' && m.status === 'sent'));
  await core.call('messages.send', { accountId, conversationId: direct.id, text: 'see you at 5', nonce: 'a-edit-1' });
  const mine = ((await sent) as Extract<ParleyEvent, { name: 'message.upserted' }>).payload.message;
  return { alice, bob, conversationId: direct.id, bobsId: bobs.message_id as string, mine: { ...mine, id: mine.id! } };
}

describe('editing and deleting my own messages', () => {
  it('an edit reaches the other member live and every window; a deletion leaves a tombstone for everyone; both survive a restart', async () => {
    const server = await world();
    const { alice, bob, conversationId, mine } = await talking(server.url);
    const { core, accountId } = alice;

    // Edit: indentation and line breaks kept exactly as typed.
    const text = 'see you at 6\n\tby the fountain';
    const bobHearsEdit = bob.next('update_message', (m) => m.message_id === mine.id);
    const everyWindow = after(core, upserted((m) => m.id === mine.id && m.text === text && m.editedAt !== undefined));
    const edited = await core.call<Message>('messages.edit', { accountId, conversationId, messageId: mine.id, text });
    expect(edited).toMatchObject({ accountId, conversationId, id: mine.id, nonce: 'a-edit-1', text, status: 'sent' });
    expect(edited.editedAt).toBeGreaterThan(0);
    await everyWindow;
    const pushed = await bobHearsEdit;
    expect(pushed).toMatchObject({ message: text });
    expect(Number(pushed.edited_at)).toBeGreaterThan(0);

    // Delete: Bob hears the tombstone; every window shows the placeholder.
    const second = after(core, upserted((m) => m.nonce === 'a-edit-2' && m.status === 'sent'));
    await core.call('messages.send', { accountId, conversationId, text: 'oops, wrong chat', nonce: 'a-edit-2' });
    const oops = ((await second) as Extract<ParleyEvent, { name: 'message.upserted' }>).payload.message;
    const bobHearsDelete = bob.next('delete_message', (d) => d.message_id === oops.id);
    const tombstone = after(core, upserted((m) => m.id === oops.id && m.deleted === true));
    expect(await core.call('messages.delete', { accountId, conversationId, messageId: oops.id })).toBeNull();
    expect(((await tombstone) as Extract<ParleyEvent, { name: 'message.upserted' }>).payload.message).toMatchObject({ text: '', deleted: true, nonce: 'a-edit-2' });
    expect(await bobHearsDelete).toMatchObject({ message_id: oops.id, message: { deleted: true, message: '' } });

    // A restart: the server's history says the same.
    await core.stop();
    const again = await reopen(alice, cleanups);
    const page = await again.core.call<Page<Message>>('messages.list', { accountId, conversationId, limit: 20 });
    expect(page.items.find((m) => m.id === mine.id)).toMatchObject({ text, editedAt: edited.editedAt });
    expect(page.items.find((m) => m.id === oops.id)).toMatchObject({ text: '', deleted: true });
  });

  it("the server refuses editing or deleting someone else's message with its reason; nothing changes anywhere", async () => {
    const server = await world();
    const { alice, conversationId, bobsId } = await talking(server.url);
    const { core, accountId } = alice;
    const from = core.seen.length;

    const edit = (await core.core.dispatch('messages.edit', { accountId, conversationId, messageId: bobsId, text: 'I said bye' })) as Result<Message>;
    expect(edit).toEqual({ ok: false, error: { code: 'forbidden', message: 'only its sender may edit a message' } });
    const del = (await core.core.dispatch('messages.delete', { accountId, conversationId, messageId: bobsId })) as Result<null>;
    expect(del).toEqual({ ok: false, error: { code: 'forbidden', message: 'only its sender may delete a message' } });
    // A message that is not there: the server's "not found", in its words.
    const missing = (await core.core.dispatch('messages.edit', { accountId, conversationId, messageId: '9007199254740993', text: 'x' })) as Result<Message>;
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const aboutBobs = (e: ParleyEvent) =>
      (e.name === 'message.upserted' && e.payload.message.id === bobsId) || (e.name === 'message.removed' && e.payload.messageId === bobsId);
    expect(core.seen.slice(from).filter(aboutBobs)).toEqual([]);

    const page = await core.call<Page<Message>>('messages.list', { accountId, conversationId, limit: 20 });
    expect(page.items.find((m) => m.id === bobsId)).toMatchObject({ text: 'hello' });
    expect(page.items.find((m) => m.id === bobsId)?.editedAt).toBeUndefined();
  });

  it("answers 'offline' while the server cannot be reached", async () => {
    const server = await world();
    const { alice, conversationId, mine } = await talking(server.url);
    const { core, accountId } = alice;
    await server.kill();
    await core.waitFor(isOffline(accountId));
    const edit = (await core.core.dispatch('messages.edit', { accountId, conversationId, messageId: mine.id, text: 'later' })) as Result<Message>;
    expect(edit).toMatchObject({ ok: false, error: { code: 'offline' } });
    const del = (await core.core.dispatch('messages.delete', { accountId, conversationId, messageId: mine.id })) as Result<null>;
    expect(del).toMatchObject({ ok: false, error: { code: 'offline' } });
  });
});

describe('editing and deleting without the capability', () => {
  it("answers 'unsupported' before anything reaches the adapter", async () => {
    const factory = fakeAdapterFactory(); // editMessages, deleteMessages: false
    const core = await startCore(tempDir('no-edit'), [factory]);
    try {
      const { account } = await core.call<AccountStatus>('session.signIn', { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD });
      const args = { accountId: account.id, conversationId: '100', messageId: '7' };
      expect(await core.core.dispatch('messages.edit', { ...args, text: 'new' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
      expect(await core.core.dispatch('messages.delete', args)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
      // And the contract refuses an empty edit before any of that.
      expect(await core.core.dispatch('messages.edit', { ...args, text: '  \n ' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    } finally {
      await core.stop();
    }
  });
});
