// When a conversation shows: a 1:1 reaches the peer with its first message (`group` just
// before that `message`), a group with its "created" line; delete_conversation hides the
// history from the caller only, until something newer arrives. And list_group's orders and
// pages over what the caller may see.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directGroup, nextEvent, request, send, startTestServer, type TestServer } from './support';
import { acquaint, collectAll, createGroup, history, listed, onlineUser, secondDevice, settled, type Wire } from './group-support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('a conversation appears with its first message', () => {
  it('a new 1:1 is invisible to the peer until its first message; then `group` arrives just before that `message`', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const bEvents = collectAll(b.socket);
    const direct = await directGroup(a.socket, b.uin);
    const groupId = direct.group_id as string;
    await settled(b.socket);
    expect(bEvents).toEqual([]);
    expect(await listed(b.socket, groupId)).toBeUndefined();
    expect(await listed(a.socket, groupId)).toBeDefined(); // the creator sees it at once
    // No system line in a 1:1.
    expect(await history(a.socket, groupId)).toEqual([]);

    const message = await send(a.socket, groupId, 'first');
    await settled(b.socket);
    expect(bEvents.map(([event]) => event)).toEqual(['group', 'message']);
    expect(bEvents[0]?.[1]).toMatchObject({ group_id: groupId, last_message_id: message.message_id, unread_cnt: 1 });
    expect(bEvents[1]?.[1]).toMatchObject({ message_id: message.message_id });
    expect(await listed(b.socket, groupId)).toBeDefined();
    // Only the first message brings the group.
    await send(a.socket, groupId, 'second');
    await settled(b.socket);
    expect(bEvents.map(([event]) => event)).toEqual(['group', 'message', 'message']);
  });

  it('a community group shows at once for every member, with its "created" line', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const pushed = nextEvent<Wire>(b.socket, 'group');
    const group = await createGroup(a.socket, { type: 2, members: [b.uin] });
    expect((await pushed).group_id).toBe(group.group_id);
    expect(await listed(b.socket, group.group_id as string)).toMatchObject({ last_message_id: group.last_message_id });
  });
});

describe('delete_conversation', () => {
  it('hides the history from the caller only, who stays a member; unread 0; gone from the list until a newer message', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const groupId = await acquaint(a, b);
    const old = await send(b.socket, groupId, 'old news');
    const aPhone = await secondDevice(server, a);
    const toPhone = nextEvent<Wire>(aPhone, 'delete_conversation');
    expect(await request(a.socket, 'delete_conversation', `{'group_id': ${groupId}}`)).toEqual({ result: 0 });
    expect(await toPhone).toEqual({ group_id: groupId });

    // For the caller: no history in any form, not listed, and still a member.
    expect(await history(a.socket, groupId)).toEqual([]);
    expect((await request(a.socket, 'list_message', { group_id: groupId, last_seen_message_id: '1' })).messages).toEqual([]);
    expect((await request(a.socket, 'list_message', { group_id: groupId, changed_after: '1' })).messages).toEqual([]);
    expect(await listed(a.socket, groupId)).toBeUndefined();
    expect((await request(a.socket, 'check_group', { type: 1, occupants_uins: [b.uin] })).group).toMatchObject({ unread_cnt: 0 });
    // For the other member nothing changed.
    expect((await history(b.socket, groupId)).map((m) => m.message)).toContain('old news');
    expect(await listed(b.socket, groupId)).toBeDefined();
    // An edit of a cleared message is not pushed to the caller, nor does the change feed bring it back.
    const aEvents = collectAll(a.socket);
    await request(b.socket, 'update_message', { group_id: groupId, message_id: old.message_id, message: 'old news, edited' });
    expect((await request(a.socket, 'list_message', { group_id: groupId, changed_after: '1' })).messages).toEqual([]);

    // A newer message brings the conversation back (the group first), with only what is new.
    const fresh = await send(b.socket, groupId, 'fresh');
    await settled(a.socket);
    expect(aEvents.map(([event]) => event)).toEqual(['group', 'message']);
    expect(await listed(a.socket, groupId)).toMatchObject({ unread_cnt: 1, last_message_id: fresh.message_id });
    expect((await history(a.socket, groupId)).map((m) => m.message)).toEqual(['fresh']);
    expect((await send(a.socket, groupId, 'still a member')).message).toBe('still a member');
  });

  it('clearing an empty conversation hides it from its creator too, until a message; non-members are refused', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const direct = await directGroup(a.socket, b.uin);
    const groupId = direct.group_id as string;
    expect((await request(a.socket, 'delete_conversation', { group_id: groupId })).result).toBe(0);
    expect(await listed(a.socket, groupId)).toBeUndefined();
    await send(a.socket, groupId, 'on second thought');
    expect(await listed(a.socket, groupId)).toBeDefined();
    const outsider = await onlineUser(server);
    expect((await request(outsider.socket, 'delete_conversation', { group_id: groupId })).result).toBe(4);
    expect((await request(a.socket, 'delete_conversation', { group_id: 'abc' })).result).toBe(1);
  });
});

describe('list_group', () => {
  it('pages in both orders over what the caller may see', async () => {
    const me = await onlineUser(server);
    const friends = [];
    for (let i = 0; i < 4; i++) friends.push(await onlineUser(server));
    const ids: string[] = [];
    for (const friend of friends) ids.push(await acquaint(friend, me)); // created by the friends, oldest first
    // A 1:1 someone opened but never wrote in is not mine to see.
    const silent = await onlineUser(server);
    await directGroup(silent.socket, me.uin);
    // Activity: the oldest conversation gets the newest message.
    await send(friends[0]!.socket, ids[0]!, 'bump');

    const page = async (sortBy: number, pindex: number) =>
      ((await request(me.socket, 'list_group', { uin: Number(me.uin), sort_by: sortBy, pindex, psize: 3 })).groups as Wire[]).map((g) => g.group_id);
    expect([...(await page(1, 0)), ...(await page(1, 1))]).toEqual([ids[0], ids[3], ids[2], ids[1]]);
    expect(await page(1, 1)).toEqual([ids[1]]);
    expect([...(await page(2, 0)), ...(await page(2, 1))]).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    expect(await page(2, 2)).toEqual([]);
    // The pseudo-JSON form.
    const answer = await request(me.socket, 'list_group', `{'uin': ${me.uin}, 'pindex': 0, 'psize': 10, 'sort_by': 2}`);
    expect((answer.groups as Wire[]).length).toBe(4);
  });
});
