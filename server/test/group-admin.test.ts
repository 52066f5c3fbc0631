// update_group and leave_group: owner-only changes, the 1:1 conversation left alone, members
// added and removed with the right pushes, ownership handed on, and one system line per kind
// of change in the timeline.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directGroup, nextEvent, request, send, startTestServer, type TestServer } from './support';
import { collect, createGroup, history, onlineUser, secondDevice, settled, systemOf, type Wire } from './group-support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('create_group', () => {
  it('starts a group with a "created" system line that every member gets as a message', async () => {
    const ada = await onlineUser(server, 'Ada');
    const bea = await onlineUser(server, 'Bea');
    const toBea = nextEvent<Wire>(bea.socket, 'message');
    const group = await createGroup(ada.socket, { name: 'Book club', members: [bea.uin] });
    const line = await toBea;
    expect(line).toMatchObject({ group_id: group.group_id, type: 10, sender_uin: ada.uin, message: 'Ada created the group "Book club"' });
    expect(systemOf(line)).toEqual({ action: 'created', actor: ada.uin, uins: [], name: 'Book club' });
    expect(group.last_message_id).toBe(line.message_id);
    expect((await history(bea.socket, group.group_id as string)).map((m) => m.message_id)).toEqual([line.message_id]);
  });

  it('refuses a client-sent system message (type 10) with result 1, and nobody may edit or delete a system line', async () => {
    const ada = await onlineUser(server);
    const bea = await onlineUser(server);
    const group = await createGroup(ada.socket, { members: [bea.uin] });
    const refused = await request(ada.socket, 'create_message', { group_id: group.group_id, type: 10, message: 'Ada is great' });
    expect(refused).toEqual({ result: 1, reason: expect.stringContaining('type') });
    const edit = await request(ada.socket, 'update_message', { group_id: group.group_id, message_id: group.last_message_id, message: 'forged' });
    expect(edit).toEqual({ result: 4, reason: expect.stringContaining('system message') });
    const del = await request(ada.socket, 'delete_message', { group_id: group.group_id, message_id: group.last_message_id });
    expect(del.result).toBe(4);
  });
});

describe('update_group', () => {
  it('lets only the owner change a group (result 4 with the reason), never a 1:1 conversation', async () => {
    const owner = await onlineUser(server);
    const member = await onlineUser(server);
    const group = await createGroup(owner.socket, { name: 'Mine', members: [member.uin] });
    expect(await request(member.socket, 'update_group', { group_id: group.group_id, name: 'Theirs' })).toEqual({
      result: 4,
      reason: "only the group's owner can change it",
    });
    const direct = await directGroup(owner.socket, member.uin);
    const refused = await request(owner.socket, 'update_group', { group_id: direct.group_id, name: 'Renamed 1:1' });
    expect(refused).toEqual({ result: 4, reason: expect.stringContaining('direct conversation') });
    const outsider = await onlineUser(server);
    expect((await request(outsider.socket, 'update_group', { group_id: group.group_id, name: 'x' })).result).toBe(4);
    expect((await request(owner.socket, 'update_group', { group_id: '12345', name: 'x' })).result).toBe(3);
    expect((await request(owner.socket, 'update_group', { name: 'x' })).result).toBe(1);
    // Nothing changed.
    expect((await request(owner.socket, 'check_group', { type: 1, occupants_uins: [member.uin] })).group).toMatchObject({ name: '' });
    expect((await history(owner.socket, group.group_id as string)).length).toBe(1);
  });

  it('renames and changes the picture: update_group to the members (not the calling socket), one system line per change', async () => {
    const owner = await onlineUser(server, 'Olga');
    const member = await onlineUser(server);
    const ownerLaptop = await secondDevice(server, owner);
    const group = await createGroup(owner.socket, { name: 'Old', members: [member.uin] });
    await settled(member.socket);
    const toMember = collect(member.socket, 'update_group');
    const toLaptop = collect(ownerLaptop, 'update_group');
    const toCaller = collect(owner.socket, 'update_group');
    const lines = collect(member.socket, 'message');

    // The document's pseudo-JSON form, the group ID a bare number where it fits.
    const answer = await request(owner.socket, 'update_group', `{'group_id': ${group.group_id as string}, 'name': "New name", 'avatar_url': 'https://example.org/a.png'}`);
    expect(answer.result).toBe(0);
    expect(answer.group).toMatchObject({ group_id: group.group_id, name: 'New name', avatar_url: 'https://example.org/a.png' });
    await settled(member.socket);
    await settled(ownerLaptop);
    expect(toMember).toEqual([expect.objectContaining({ group_id: group.group_id, name: 'New name' })]);
    expect(toLaptop).toHaveLength(1);
    expect(toCaller).toEqual([]);
    expect(lines.map(systemOf)).toEqual([
      { action: 'renamed', actor: owner.uin, uins: [], name: 'New name' },
      { action: 'avatar', actor: owner.uin, uins: [] },
    ]);
    expect(lines[0]?.message).toBe('Olga renamed the group to "New name"');
    // The same change again changes nothing and announces nothing.
    const again = await request(owner.socket, 'update_group', { group_id: group.group_id, name: 'New name' });
    expect(again.result).toBe(0);
    await settled(member.socket);
    expect(toMember).toHaveLength(1);
  });

  it('adds and removes members: group to the added, delete_group to the removed, update_group to the rest', async () => {
    const owner = await onlineUser(server, 'Olga');
    const stays = await onlineUser(server, 'Sam');
    const leaves = await onlineUser(server, 'Lou');
    const joins = await onlineUser(server, 'Jo');
    const group = await createGroup(owner.socket, { members: [stays.uin, leaves.uin] });
    await settled(stays.socket);
    const toStays = collect(stays.socket, 'update_group');
    const stayLines = collect(stays.socket, 'message');
    const toJoins = collect(joins.socket, 'group');
    const joinLines = collect(joins.socket, 'message');
    const toLeaves = nextEvent<Wire>(leaves.socket, 'delete_group');

    const answer = await request(owner.socket, 'update_group', { group_id: group.group_id, push_all: [Number(joins.uin)], pull_all: [leaves.uin] });
    expect(answer.result).toBe(0);
    expect((answer.group as Wire).occupants_uins).toEqual([owner.uin, stays.uin, joins.uin]);
    expect(await toLeaves).toEqual({ group_id: group.group_id });
    await settled(stays.socket);
    await settled(joins.socket);
    expect(toStays).toEqual([expect.objectContaining({ occupants_uins: [owner.uin, stays.uin, joins.uin] })]);
    expect(toJoins).toEqual([expect.objectContaining({ group_id: group.group_id, occupants_uins: [owner.uin, stays.uin, joins.uin] })]);
    expect(stayLines.map(systemOf)).toEqual([
      { action: 'added', actor: owner.uin, uins: [joins.uin] },
      { action: 'removed', actor: owner.uin, uins: [leaves.uin] },
    ]);
    expect(stayLines.map((m) => m.message)).toEqual(['Olga added Jo', 'Olga removed Lou']);
    // The added member gets the lines too (after the group); the removed one no longer can read it.
    expect(joinLines).toHaveLength(2);
    expect((await request(leaves.socket, 'list_message', { group_id: group.group_id })).result).toBe(4);
  });

  it('hands ownership on with owner_uin, and keeps the rules: the owner stays a member, no type change to or from private', async () => {
    const owner = await onlineUser(server);
    const heir = await onlineUser(server);
    const group = await createGroup(owner.socket, { members: [heir.uin] });
    const id = group.group_id;
    expect(await request(owner.socket, 'update_group', { group_id: id, pull_all: [owner.uin] })).toEqual({
      result: 1,
      reason: expect.stringContaining('owner cannot be removed'),
    });
    expect((await request(owner.socket, 'update_group', { group_id: id, owner_uin: '77777' })).result).toBe(1);
    expect((await request(owner.socket, 'update_group', { group_id: id, push_all: ['77777'] })).result).toBe(3);
    expect((await request(owner.socket, 'update_group', { group_id: id, push_all: [heir.uin], pull_all: [heir.uin] })).result).toBe(1);
    expect((await request(owner.socket, 'update_group', { group_id: id, type: 1 })).result).toBe(1);
    expect((await request(owner.socket, 'update_group', { group_id: id, type: 3 })).group).toMatchObject({ type: 3 });

    const line = nextEvent<Wire>(heir.socket, 'message', (m) => m.type === 10);
    const answer = await request(owner.socket, 'update_group', { group_id: id, owner_uin: heir.uin });
    expect(answer.group).toMatchObject({ owner_uin: heir.uin });
    expect(systemOf(await line)).toEqual({ action: 'owner', actor: owner.uin, uins: [heir.uin] });
    // The old owner is an ordinary member now.
    expect((await request(owner.socket, 'update_group', { group_id: id, name: 'mine again' })).result).toBe(4);
    expect((await request(heir.socket, 'update_group', { group_id: id, name: 'ours' })).result).toBe(0);
  });
});

describe('leave_group', () => {
  it('an owner who leaves hands the group to the earliest remaining member; the leaver keeps nothing', async () => {
    const owner = await onlineUser(server, 'Olga');
    const first = await onlineUser(server, 'First');
    const second = await onlineUser(server, 'Second');
    const group = await createGroup(owner.socket, { members: [first.uin, second.uin] });
    const ownerPhone = await secondDevice(server, owner);
    await settled(first.socket);
    const toFirst = collect(first.socket, 'update_group');
    const lines = collect(first.socket, 'message');
    const toPhone = nextEvent<Wire>(ownerPhone, 'delete_group');

    expect(await request(owner.socket, 'leave_group', { group_id: group.group_id })).toEqual({ result: 0 });
    expect(await toPhone).toEqual({ group_id: group.group_id });
    await settled(first.socket);
    expect(toFirst).toEqual([expect.objectContaining({ owner_uin: first.uin, occupants_uins: [first.uin, second.uin] })]);
    expect(lines.map(systemOf)).toEqual([
      { action: 'left', actor: owner.uin, uins: [] },
      { action: 'owner', actor: owner.uin, uins: [first.uin] },
    ]);
    expect(lines.map((m) => m.message)).toEqual(['Olga left', 'First is now the owner']);
    expect((await request(owner.socket, 'list_group', {})).groups).toEqual([]);
    expect((await request(owner.socket, 'create_message', { group_id: group.group_id, message: 'still here?' })).result).toBe(4);
    expect((await request(first.socket, 'update_group', { group_id: group.group_id, name: 'Firsts' })).result).toBe(0);
  });

  it('a member who leaves does not change the owner; a 1:1 conversation cannot be left (result 4)', async () => {
    const owner = await onlineUser(server);
    const member = await onlineUser(server);
    const group = await createGroup(owner.socket, { members: [member.uin] });
    const update = nextEvent<Wire>(owner.socket, 'update_group');
    expect((await request(member.socket, 'leave_group', `{'group_id': '${group.group_id as string}'}`)).result).toBe(0);
    expect(await update).toMatchObject({ owner_uin: owner.uin, occupants_uins: [owner.uin] });
    const direct = await directGroup(owner.socket, member.uin);
    await send(owner.socket, direct.group_id as string, 'hi');
    expect(await request(member.socket, 'leave_group', { group_id: direct.group_id })).toEqual({
      result: 4,
      reason: expect.stringContaining('delete it instead'),
    });
  });
});
