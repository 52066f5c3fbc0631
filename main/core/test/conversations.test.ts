// Issue 6's conversation commands end to end through Parley's real core and Netalo adapter
// against the reference server as a child process (IDs above 2^53): groups, clearing,
// mute / pin synced to a second session, blocks refused with the server's reason, message
// requests, typing both ways with its lapse, read marks clearing a second session live, and
// others' delivered / seen marks arriving as memberReceipts. Other people are plain sockets.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AccountStatus, Conversation, Message } from '../../../contract/domain';
import type { ParleyEvent } from '../../../contract/events';
import { DATABASE_FILE } from '../../../server/db';
import { directGroup, send, signUp } from '../../../server/test/support';
import { netaloFactory } from '../../protocols/netalo/factory';
import type { ProtocolAdapterFactory } from '../adapter';
import { isOnline, startCore } from './core-harness';
import { after, messageWithId, parleyAs, person, serverWorld, type Parley, type Person } from './conversation-world';
import { serverBundleForFile } from './server-process';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
const { bundle: serverBundle, cleanups } = serverBundleForFile();

const world = () => serverWorld(serverBundle(), tempDir('conv-server'), cleanups);
const upsertedConversation = (e: ParleyEvent): Conversation | undefined => (e.name === 'conversation.upserted' ? e.payload.conversation : undefined);
const systemLine = (action: string) => (e: ParleyEvent) => e.name === 'message.upserted' && e.payload.message.system?.action === action;
const updated = (conversationId: string, test: (changes: Record<string, unknown>) => boolean) => (e: ParleyEvent) =>
  e.name === 'conversation.updated' && e.payload.conversationId === conversationId && test(e.payload.changes);
const removed = (conversationId: string) => (e: ParleyEvent) => e.name === 'conversation.removed' && e.payload.conversationId === conversationId;
const unreadTotal = (total: number) => (e: ParleyEvent) => e.name === 'unread.changed' && e.payload.total === total;

/** Alice in Parley with an accepted 1:1 with `peer`, who has written `text` in it. */
async function talking(url: string, alice: Parley, peer: Person, text = 'hello') {
  const { core, accountId } = alice;
  const direct = await core.call<Conversation>('conversations.openDirect', { accountId, userId: peer.uin });
  const sent = await send(peer.socket, direct.id, text); // writing in it accepts it for the peer
  await core.waitFor(messageWithId(sent.message_id));
  return { direct, first: sent };
}

describe('groups', () => {
  it('create, rename, add, remove, hand over, refused when not the owner, changed by the new owner live, leave', async () => {
    const { url } = await world();
    const [bob, carol, dave] = [await person(url, cleanups), await person(url, cleanups), await person(url, cleanups)];
    const aliceUser = await signUp(url);
    const { core, accountId } = await parleyAs(url, aliceUser, tempDir('alice'), cleanups);

    const bobHears = bob.next('group');
    const createdLine = after(core, systemLine('created'));
    const group = await core.call<Conversation>('conversations.createGroup', { accountId, title: 'Crew', memberIds: [bob.uin, carol.uin] });
    expect(group).toMatchObject({ kind: 'group', title: 'Crew', ownerId: aliceUser.uin, groupType: 'community', unreadCount: 0 });
    expect([...group.memberIds].sort()).toEqual([aliceUser.uin, bob.uin, carol.uin].sort());
    await core.waitFor((e) => upsertedConversation(e)?.id === group.id); // every window hears of it
    expect((await bobHears).group_id).toBe(group.id);
    const created = (await createdLine) as Extract<ParleyEvent, { name: 'message.upserted' }>;
    expect(created.payload.message).toMatchObject({ kind: 'system', conversationId: group.id, system: { action: 'created', actorId: aliceUser.uin, title: 'Crew' } });
    expect(core.core.unreadTotal()).toBe(0); // system lines are not unread messages
    const conversationId = group.id;

    const renamedLine = after(core, systemLine('renamed'));
    const bobSeesRename = bob.next('update_group', (g) => g.name === 'Crew 2');
    const renamed = await core.call<Conversation>('conversations.updateGroup', { accountId, conversationId, title: 'Crew 2' });
    expect(renamed.title).toBe('Crew 2');
    await bobSeesRename;
    await renamedLine;

    const daveHears = dave.next('group', (g) => g.group_id === conversationId);
    const carolGone = carol.next('delete_group');
    const addedLine = after(core, systemLine('members-added'));
    const removedLine = after(core, systemLine('member-removed'));
    const changed = await core.call<Conversation>('conversations.updateGroup', { accountId, conversationId, addMemberIds: [dave.uin], removeMemberIds: [carol.uin] });
    expect([...changed.memberIds].sort()).toEqual([aliceUser.uin, bob.uin, dave.uin].sort());
    await daveHears;
    expect((await carolGone).group_id).toBe(conversationId);
    expect(((await addedLine) as Extract<ParleyEvent, { name: 'message.upserted' }>).payload.message.system?.userIds).toEqual([dave.uin]);
    expect(((await removedLine) as Extract<ParleyEvent, { name: 'message.upserted' }>).payload.message.system?.userIds).toEqual([carol.uin]);

    const ownerLine = after(core, systemLine('owner-changed'));
    const handed = await core.call<Conversation>('conversations.updateGroup', { accountId, conversationId, ownerId: bob.uin });
    expect(handed.ownerId).toBe(bob.uin);
    await ownerLine;
    const refused = await core.core.dispatch('conversations.updateGroup', { accountId, conversationId, title: 'Mine again' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const live = after(core, (e) => upsertedConversation(e)?.title === "Bob's crew");
    await bob.ask('update_group', { group_id: conversationId, name: "Bob's crew" });
    expect(upsertedConversation(await live)).toMatchObject({ id: conversationId, ownerId: bob.uin });

    const bobSeesLeave = bob.next('update_group', (g) => !(g.occupants_uins as string[]).includes(aliceUser.uin));
    const gone = after(core, removed(conversationId));
    await core.call('conversations.leave', { accountId, conversationId });
    await gone;
    await bobSeesLeave;
  });
});

describe('clear history', () => {
  it('clears my copy: gone from my list and my count; I stay a member and a new message brings it back', async () => {
    const { url } = await world();
    const bob = await person(url, cleanups);
    const aliceUser = await signUp(url);
    const alice = await parleyAs(url, aliceUser, tempDir('alice'), cleanups);
    const { core, accountId } = alice;
    const { direct } = await talking(url, alice, bob, 'one');
    const two = await send(bob.socket, direct.id, 'two');
    await core.waitFor(messageWithId(two.message_id));
    expect(core.core.unreadTotal()).toBe(2);
    const otherSession = await person(url, cleanups, aliceUser);

    const cleared = after(core, removed(direct.id));
    const zero = after(core, unreadTotal(0));
    const otherHears = otherSession.next('delete_conversation');
    await core.call('conversations.clearHistory', { accountId, conversationId: direct.id });
    await cleared;
    await zero;
    expect(core.core.unreadTotal()).toBe(0);
    expect((await otherHears).group_id).toBe(direct.id);
    const listed = (await otherSession.ask('list_group', { pindex: 0, psize: 100, sort_by: 1 })).groups as Array<Record<string, unknown>>;
    expect(listed.map((g) => g.group_id)).not.toContain(direct.id);

    const three = await send(bob.socket, direct.id, 'three'); // still a member: it arrives
    await core.waitFor(messageWithId(three.message_id));
    expect(core.core.unreadTotal()).toBe(1);
    const page = await core.call<{ items: Conversation[] }>('conversations.list', { accountId, limit: 50 });
    expect(page.items.find((c) => c.id === direct.id)).toMatchObject({ unreadCount: 1, lastMessage: { messageId: three.message_id } });
    const history = await core.call<{ items: Message[] }>('messages.list', { accountId, conversationId: direct.id, limit: 50 });
    expect(history.items.map((m) => m.text)).toEqual(['three']);
  });
});

describe('mute, pin and read marks across two sessions of one user', () => {
  async function twoSessions() {
    const { url } = await world();
    const bob = await person(url, cleanups);
    const aliceUser = await signUp(url);
    const first = await parleyAs(url, aliceUser, tempDir('alice-1'), cleanups);
    const second = await parleyAs(url, aliceUser, tempDir('alice-2'), cleanups);
    const { direct, first: hello } = await talking(url, first, bob);
    await second.core.waitFor(messageWithId(hello.message_id));
    return { bob, first, second, direct, hello };
  }

  it('mute and pin reach the other session live; muted conversations leave its badge', async () => {
    const { first, second, direct } = await twoSessions();
    expect(second.core.core.unreadTotal()).toBe(1);
    const id = first.accountId;
    expect(second.accountId).toBe(id);

    const mutedThere = after(second.core, updated(direct.id, (c) => c.muted === true));
    const badgeThere = after(second.core, unreadTotal(0));
    await first.core.call('conversations.setMuted', { accountId: id, conversationId: direct.id, muted: true });
    expect(first.core.core.unreadTotal()).toBe(0);
    await first.core.waitFor(updated(direct.id, (c) => c.muted === true));
    await mutedThere;
    await badgeThere;
    expect(second.core.core.runtime(id)!.unread.count(direct.id)).toBe(1); // the row keeps its count

    const pinnedThere = after(second.core, updated(direct.id, (c) => c.pinned === true));
    await first.core.call('conversations.setPinned', { accountId: id, conversationId: direct.id, pinned: true });
    await pinnedThere;

    const unmutedThere = after(second.core, updated(direct.id, (c) => c.muted === false));
    const backThere = after(second.core, unreadTotal(1));
    await first.core.call('conversations.setMuted', { accountId: id, conversationId: direct.id, muted: false });
    await unmutedThere;
    await backThere;
  });

  it('reading in one session clears the count in the other, live', async () => {
    const { bob, first, second, direct, hello } = await twoSessions();
    const more = await send(bob.socket, direct.id, 'are you there?');
    await second.core.waitFor(messageWithId(more.message_id));
    await first.core.waitFor(messageWithId(more.message_id));
    expect(second.core.core.unreadTotal()).toBe(2);
    expect(hello.message_id).not.toBe(more.message_id);

    const clearedThere = after(second.core, updated(direct.id, (c) => c.unreadCount === 0));
    const badgeThere = after(second.core, unreadTotal(0));
    await first.core.call('conversations.markRead', { accountId: first.accountId, conversationId: direct.id, upToMessageId: more.message_id as string, upToSentAt: Date.now() });
    await clearedThere;
    await badgeThere;
    expect(second.core.core.unreadTotal()).toBe(0);
  });
});

describe('blocking', () => {
  it("a blocked user's message fails in the outbox with the server's reason; my block refuses theirs", async () => {
    const { url } = await world();
    const bob = await person(url, cleanups);
    const aliceUser = await signUp(url);
    const alice = await parleyAs(url, aliceUser, tempDir('alice'), cleanups);
    const { core, accountId } = alice;
    const { direct } = await talking(url, alice, bob);

    const shown = after(core, updated(direct.id, (c) => Array.isArray(c.blockedUserIds) && (c.blockedUserIds as string[]).includes(bob.uin)));
    await core.call('conversations.setBlocked', { accountId, conversationId: direct.id, userId: bob.uin, blocked: true });
    await shown;
    const refused = await bob.socket.timeout(5000).emitWithAck('create_message', { group_id: direct.id, message: 'let me in', nonce: 'b-blocked' });
    expect(refused).toMatchObject({ result: 4 });
    await core.call('conversations.setBlocked', { accountId, conversationId: direct.id, userId: bob.uin, blocked: false });
    await send(bob.socket, direct.id, 'thanks');

    const iAmBlocked = after(core, (e) => {
      const c = upsertedConversation(e);
      return c?.id === direct.id && (c.blockedUserIds ?? []).includes(aliceUser.uin);
    });
    await bob.ask('block_user', { group_id: direct.id, blocked_uin: aliceUser.uin });
    await iAmBlocked;
    const failed = after(core, (e) => e.name === 'message.upserted' && e.payload.message.nonce === 'a-blocked-1' && e.payload.message.status === 'failed');
    await core.call('messages.send', { accountId, conversationId: direct.id, text: 'hello?', nonce: 'a-blocked-1' });
    const message = ((await failed) as Extract<ParleyEvent, { name: 'message.upserted' }>).payload.message;
    expect(message.error).toMatch(/you were blocked in this conversation/);
  });
});

describe('message requests', () => {
  async function stranger(url: string, aliceUin: string) {
    const someone = await person(url, cleanups);
    const group = await directGroup(someone.socket, aliceUin);
    return { someone, conversationId: group.group_id as string };
  }

  it('arrives as a request (counted on its row, not in the badge); accept, delete and block each do what they say', async () => {
    const { url } = await world();
    const aliceUser = await signUp(url);
    const { core, accountId } = await parleyAs(url, aliceUser, tempDir('alice'), cleanups);
    const runtime = () => core.core.runtime(accountId)!;

    // Accept.
    const bob = await stranger(url, aliceUser.uin);
    const asRequest = after(core, (e) => upsertedConversation(e)?.id === bob.conversationId);
    const hi = await send(bob.someone.socket, bob.conversationId, 'hi, we have not met');
    expect(upsertedConversation(await asRequest)).toMatchObject({ request: true, kind: 'direct', peerId: bob.someone.uin });
    await core.waitFor(messageWithId(hi.message_id));
    expect(runtime().unread.count(bob.conversationId)).toBe(1);
    expect(core.core.unreadTotal()).toBe(0);
    const bobSeesAccept = bob.someone.next('update_group', (g) => g.group_id === bob.conversationId);
    const accepted = after(core, updated(bob.conversationId, (c) => c.request === false));
    const counted = after(core, unreadTotal(1));
    await core.call('conversations.answerRequest', { accountId, conversationId: bob.conversationId, answer: 'accept' });
    await accepted;
    await counted;
    await bobSeesAccept;

    // Delete: gone, and a later message brings it back, still a request.
    const carol = await stranger(url, aliceUser.uin);
    const carolHi = await send(carol.someone.socket, carol.conversationId, 'hello?');
    await core.waitFor(messageWithId(carolHi.message_id));
    const deleted = after(core, removed(carol.conversationId));
    await core.call('conversations.answerRequest', { accountId, conversationId: carol.conversationId, answer: 'delete' });
    await deleted;
    expect(runtime().unread.count(carol.conversationId)).toBe(0);
    const again = await send(carol.someone.socket, carol.conversationId, 'hello again');
    await core.waitFor(messageWithId(again.message_id));
    const relisted = await core.call<{ items: Conversation[] }>('conversations.list', { accountId, limit: 50 });
    expect(relisted.items.find((c) => c.id === carol.conversationId)).toMatchObject({ request: true, unreadCount: 1 });
    expect(core.core.unreadTotal()).toBe(1); // bob's only

    // Block: the sender can no longer write.
    const dave = await stranger(url, aliceUser.uin);
    const daveHi = await send(dave.someone.socket, dave.conversationId, 'buy now');
    await core.waitFor(messageWithId(daveHi.message_id));
    const blocked = after(core, removed(dave.conversationId));
    await core.call('conversations.answerRequest', { accountId, conversationId: dave.conversationId, answer: 'block' });
    await blocked;
    const refused = await dave.someone.socket.timeout(5000).emitWithAck('create_message', { group_id: dave.conversationId, message: 'buy now!!', nonce: 'd-2' });
    expect(refused).toMatchObject({ result: 4 });

    // A group request from a stranger: blocking its owner is not mine to do in a group, so I leave it.
    const erin = await person(url, cleanups);
    const frank = await person(url, cleanups);
    const groupArrives = after(core, (e) => upsertedConversation(e)?.title === 'Deals');
    const made = (await erin.ask('create_group', { type: 2, name: 'Deals', owner_uin: erin.uin, occupants_uins: [erin.uin, aliceUser.uin, frank.uin] })).group as Record<string, unknown>;
    expect(upsertedConversation(await groupArrives)).toMatchObject({ request: true, kind: 'group', ownerId: erin.uin });
    const erinSeesLeave = erin.next('update_group', (g) => !(g.occupants_uins as string[]).includes(aliceUser.uin));
    const left = after(core, removed(made.group_id as string));
    await core.call('conversations.answerRequest', { accountId, conversationId: made.group_id, answer: 'block' });
    await left;
    await erinSeesLeave;
  });
});

describe('typing', () => {
  it('shows the peer typing, lapses by itself when the stop never comes, stops on a stop; mine reaches the peer', async () => {
    const { url } = await world();
    const bob = await person(url, cleanups);
    const alice = await parleyAs(url, await signUp(url), tempDir('alice'), cleanups);
    const { core, accountId } = alice;
    const { direct } = await talking(url, alice, bob);
    const typingOf = (typing: boolean) => (e: ParleyEvent) =>
      e.name === 'typing.changed' && e.payload.typing.userId === bob.uin && e.payload.typing.conversationId === direct.id && e.payload.typing.typing === typing;

    const starts = after(core, typingOf(true));
    const lapses = after(core, typingOf(false));
    await bob.ask('event', { type: 8, group_id: direct.id, sender_uin: bob.uin, receiver_uin: '', data: '' });
    const start = ((await starts) as Extract<ParleyEvent, { name: 'typing.changed' }>).payload.typing;
    expect(start.expiresAt).toBeGreaterThan(Date.now());
    await lapses; // no stop was sent: main ends it itself
    expect(Date.now()).toBeGreaterThanOrEqual(start.expiresAt! - 5);

    const startsAgain = after(core, typingOf(true));
    const stops = after(core, typingOf(false));
    await bob.ask('event', { type: 8, group_id: direct.id, sender_uin: bob.uin, receiver_uin: '', data: '' });
    const again = ((await startsAgain) as Extract<ParleyEvent, { name: 'typing.changed' }>).payload.typing;
    await bob.ask('event', { type: 9, group_id: direct.id, sender_uin: bob.uin, receiver_uin: '', data: '' });
    await stops;
    expect(Date.now()).toBeLessThan(again.expiresAt!); // the stop, not the lapse

    const bobSeesStart = bob.next('event', (e) => e.type === 8 && e.group_id === direct.id);
    await core.call('typing.set', { accountId, conversationId: direct.id, typing: true });
    expect((await bobSeesStart).sender_uin).toBe(alice.core.core.runtime(accountId)!.account.userId);
    const bobSeesStop = bob.next('event', (e) => e.type === 9 && e.group_id === direct.id);
    await core.call('typing.set', { accountId, conversationId: direct.id, typing: false });
    await bobSeesStop;
  }, 20_000);
});

describe('delivered and seen marks', () => {
  it("others' marks arrive as memberReceipts; mine go out for what reaches this device", async () => {
    const { url } = await world();
    const bob = await person(url, cleanups);
    const aliceUser = await signUp(url);
    const alice = await parleyAs(url, aliceUser, tempDir('alice'), cleanups);
    const { core, accountId } = alice;
    const direct = await core.call<Conversation>('conversations.openDirect', { accountId, userId: bob.uin });

    // Bob's message reaches Alice's Parley, which marks it delivered by itself.
    const marked = bob.next('update_group', (g) =>
      (g.received_list as Array<{ uin: string; message_id: string }> | undefined)?.some((r) => r.uin === aliceUser.uin) ?? false,
    );
    const fromBob = await send(bob.socket, direct.id, 'ping');
    const receipt = (await marked).received_list as Array<{ uin: string; message_id: string }>;
    expect(receipt.find((r) => r.uin === aliceUser.uin)?.message_id).toBe(fromBob.message_id);

    // Alice's message: Bob's received and seen marks come back as memberReceipts.
    const sent = after(core, (e) => e.name === 'message.upserted' && e.payload.message.nonce === 'a-receipt-1' && e.payload.message.status === 'sent');
    await core.call('messages.send', { accountId, conversationId: direct.id, text: 'pong', nonce: 'a-receipt-1' });
    const mine = ((await sent) as Extract<ParleyEvent, { name: 'message.upserted' }>).payload.message.id!;
    const receiptOf = (test: (r: { userId: string; deliveredUpTo?: string; readUpTo?: string }) => boolean) => (e: ParleyEvent) => {
      const c = upsertedConversation(e);
      return c?.id === direct.id && (c.memberReceipts ?? []).some((r) => r.userId === bob.uin && test(r));
    };
    const delivered = after(core, receiptOf((r) => r.deliveredUpTo === mine && r.readUpTo !== mine));
    await bob.ask('update_message', { group_id: direct.id, message_id: mine, status: 2, message: '' });
    await delivered;
    const seen = after(core, receiptOf((r) => r.deliveredUpTo === mine && r.readUpTo === mine));
    await bob.ask('update_message', { group_id: direct.id, message_id: mine, status: 3, message: '' });
    await seen;
    const receipts = upsertedConversation([...core.seen].reverse().find(receiptOf(() => true))!)!.memberReceipts!;
    expect(receipts.map((r) => r.userId)).toEqual([bob.uin]); // mine are left out
  });
});

describe('device token', () => {
  it('is registered on every connect (the same token across restarts) and withdrawn at sign-out', async () => {
    const serverData = tempDir('conv-server');
    const { url } = await serverWorld(serverBundle(), serverData, cleanups);
    const aliceUser = await signUp(url);
    // The adapter as Parley builds it, telling the test when a registration has been answered.
    let registered: (token: string) => void = () => undefined;
    const factory: ProtocolAdapterFactory = {
      ...netaloFactory,
      create(session, log) {
        const adapter = netaloFactory.create(session, log);
        const register = adapter.registerDevice!.bind(adapter);
        adapter.registerDevice = async (token) => {
          await register(token);
          registered(token);
        };
        return adapter;
      },
    };
    const nextRegistration = () => new Promise<string>((resolve) => (registered = resolve));
    const db = new Database(join(serverData, DATABASE_FILE), { readonly: true, fileMustExist: true });
    cleanups.push(() => db.close());
    const stored = () => (db.prepare('SELECT token, type FROM profile_tokens').all() as Array<{ token: string; type: number }>);

    const dataDir = tempDir('alice');
    let registration = nextRegistration();
    let core = await startCore(dataDir, [factory]);
    cleanups.push(() => core.stop());
    const status = await core.call<AccountStatus>('session.signIn', { protocol: 'netalo', serverUrl: url, username: aliceUser.username, password: 'correct horse' });
    const token = await registration;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(stored()).toEqual([{ token, type: 3 }]);

    registration = nextRegistration();
    await core.stop();
    core = await startCore(dataDir, [factory]);
    expect(await registration).toBe(token);
    await core.waitFor(isOnline(status.account.id));

    await core.call('session.signOut', { accountId: status.account.id });
    expect(stored()).toEqual([]);
  });
});
