// Message requests: a conversation started by someone you have never talked to is a request
// (accepted: false) until you accept it (accept_group) or answer in it; what others may learn
// from you through it waits until then.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directGroup, nextEvent, request, send, startTestServer, type TestServer } from './support';
import { acquaint, collect, createGroup, listed, onlineUser, secondDevice, settled, type Wire } from './group-support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('message requests', () => {
  it('a stranger’s 1:1 conversation is a request for the peer, not for its creator; someone known is accepted at once', async () => {
    const stranger = await onlineUser(server);
    const me = await onlineUser(server);
    const friend = await onlineUser(server);
    await acquaint(friend, me);

    const fromStranger = await directGroup(stranger.socket, me.uin);
    expect(fromStranger.accepted).toBe(true); // the creator's own view
    const firstMessage = nextEvent<Wire>(me.socket, 'group');
    await send(stranger.socket, fromStranger.group_id as string, 'hi, you don’t know me');
    expect(await firstMessage).toMatchObject({ group_id: fromStranger.group_id, accepted: false });
    expect(await listed(me.socket, fromStranger.group_id as string)).toMatchObject({ accepted: false });

    // A group by a friend: accepted; a group by the stranger: a request.
    const byFriend = await createGroup(friend.socket, { members: [me.uin] });
    const byStranger = await createGroup(stranger.socket, { members: [me.uin] });
    expect(await listed(me.socket, byFriend.group_id as string)).toMatchObject({ accepted: true });
    expect(await listed(me.socket, byStranger.group_id as string)).toMatchObject({ accepted: false });
  });

  it('accept_group accepts (ack {group}), pushes update_group to every member, and accepting twice is harmless', async () => {
    const stranger = await onlineUser(server);
    const me = await onlineUser(server);
    const myPhone = await secondDevice(server, me);
    const group = await createGroup(stranger.socket, { members: [me.uin] });
    const toStranger = nextEvent<Wire>(stranger.socket, 'update_group');
    const toPhone = nextEvent<Wire>(myPhone, 'update_group');
    const answer = await request(me.socket, 'accept_group', `{'group_id': ${group.group_id as string}}`);
    expect(answer).toEqual({ result: 0, group: expect.objectContaining({ group_id: group.group_id, accepted: true }) });
    expect(await toStranger).toMatchObject({ group_id: group.group_id, accepted: true });
    expect(await toPhone).toMatchObject({ group_id: group.group_id, accepted: true });
    expect((await request(me.socket, 'accept_group', { group_id: group.group_id })).result).toBe(0);
    expect((await request(me.socket, 'accept_group', { group_id: '424242' })).result).toBe(3);
    const outsider = await onlineUser(server);
    expect((await request(outsider.socket, 'accept_group', { group_id: group.group_id })).result).toBe(4);
  });

  it('answering a request accepts it: the message, then update_group to every member (the sender’s sockets too)', async () => {
    const stranger = await onlineUser(server);
    const me = await onlineUser(server);
    const direct = await directGroup(stranger.socket, me.uin);
    const groupId = direct.group_id as string;
    await send(stranger.socket, groupId, 'hello?');
    const mine = collect(me.socket, 'update_group');
    const theirs = nextEvent<Wire>(stranger.socket, 'update_group');
    await send(me.socket, groupId, 'hello!');
    expect(await theirs).toMatchObject({ group_id: groupId });
    await settled(me.socket);
    expect(mine).toEqual([expect.objectContaining({ group_id: groupId, accepted: true })]);
    // Now they have talked: a group either of them starts is accepted by the other at once.
    const group = await createGroup(stranger.socket, { members: [me.uin] });
    expect(await listed(me.socket, group.group_id as string)).toMatchObject({ accepted: true });
  });

  it('a member added later with push_all is accepted only if they have talked with whoever added them', async () => {
    const owner = await onlineUser(server);
    const friend = await onlineUser(server);
    const stranger = await onlineUser(server);
    await acquaint(owner, friend);
    const group = await createGroup(owner.socket, { members: [] });
    const addedFriend = nextEvent<Wire>(friend.socket, 'group');
    const addedStranger = nextEvent<Wire>(stranger.socket, 'group');
    await request(owner.socket, 'update_group', { group_id: group.group_id, push_all: [friend.uin, stranger.uin] });
    expect(await addedFriend).toMatchObject({ accepted: true });
    expect(await addedStranger).toMatchObject({ accepted: false });
  });

  it('a pending member’s receipts are not shown to the others, only to the member themselves', async () => {
    const stranger = await onlineUser(server);
    const me = await onlineUser(server);
    const group = await createGroup(stranger.socket, { members: [me.uin] });
    const message = await send(stranger.socket, group.group_id as string, 'read me');
    await settled(stranger.socket);
    const toStranger = collect(stranger.socket, 'update_group');
    const myPhone = await secondDevice(server, me);
    const toPhone = nextEvent<Wire>(myPhone, 'update_group');
    await request(me.socket, 'update_message', { group_id: group.group_id, message_id: message.message_id, status: 3, message: '' });
    // My own other session sees my mark and the unread count drop...
    expect(await toPhone).toMatchObject({ unread_cnt: 0, seen_list: [{ uin: me.uin, message_id: message.message_id }] });
    await settled(stranger.socket);
    // ...the stranger gets nothing, and sees no mark of mine.
    expect(toStranger).toEqual([]);
    expect(await listed(stranger.socket, group.group_id as string)).toMatchObject({ seen_list: [], received_list: [] });
    // Once I accept, my marks show.
    await request(me.socket, 'accept_group', { group_id: group.group_id });
    expect(await listed(stranger.socket, group.group_id as string)).toMatchObject({
      seen_list: [{ uin: me.uin, message_id: message.message_id }],
    });
  });
});
