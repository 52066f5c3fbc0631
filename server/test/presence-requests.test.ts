// Presence passes only between users who share an accepted conversation: a stranger who puts
// you in a group (or opens a 1:1 with you) learns nothing of when you are online until you
// accept, and you nothing of theirs. status_list in the group object follows the same rule.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directGroup, nextEvent, request, send, startTestServer, type TestServer } from './support';
import { acquaint, collect, createGroup, listed, onlineUser, settled, type Wire } from './group-support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('presence and message requests', () => {
  it('does not leak to a stranger who put you in a group: no user_status either way, no snapshot, no status_list', async () => {
    const me = await onlineUser(server);
    const friend = await onlineUser(server);
    await acquaint(me, friend);
    const stranger = await onlineUser(server);
    const group = await createGroup(stranger.socket, { members: [me.uin] });
    const direct = await directGroup(stranger.socket, me.uin);
    await send(stranger.socket, direct.group_id as string, 'hi there');
    const toStranger = collect(stranger.socket, 'user_status');

    // I go offline: my friend is told (so the server has announced it), the stranger is not.
    const friendSeesOffline = nextEvent<Wire>(friend.socket, 'user_status', (s) => s.uin === me.uin && s.online_status === 2);
    me.socket.disconnect();
    await friendSeesOffline;
    // I come back: again my friend is told and the stranger not; my snapshot has my friend only.
    const friendSeesOnline = nextEvent<Wire>(friend.socket, 'user_status', (s) => s.uin === me.uin && s.online_status === 1);
    const meAgain = server.connect(me.session);
    const mine = collect(meAgain, 'user_status');
    await friendSeesOnline;
    await settled(meAgain);
    await settled(stranger.socket);
    expect(toStranger).toEqual([]);
    expect(mine.map((s) => s.uin)).toEqual([friend.uin]);
    expect(await listed(stranger.socket, group.group_id as string)).not.toHaveProperty('status_list');
    expect(await listed(meAgain, group.group_id as string)).not.toHaveProperty('status_list');
  });

  it('once accepted, each is told the other is online at once, then every change; status_list shows both', async () => {
    const stranger = await onlineUser(server);
    const me = await onlineUser(server);
    const group = await createGroup(stranger.socket, { members: [me.uin] });
    const strangerHears = nextEvent<Wire>(stranger.socket, 'user_status', (s) => s.uin === me.uin);
    const iHear = nextEvent<Wire>(me.socket, 'user_status', (s) => s.uin === stranger.uin);
    await request(me.socket, 'accept_group', { group_id: group.group_id });
    expect(await strangerHears).toEqual({ uin: me.uin, online_status: 1, message_status: '', last_seen_at: expect.any(Number) });
    expect(await iHear).toMatchObject({ uin: stranger.uin, online_status: 1 });
    expect(await listed(stranger.socket, group.group_id as string)).toMatchObject({
      status_list: [{ uin: me.uin, online_status: 1, message_status: '', last_seen_at: expect.any(Number) }],
    });

    const offline = nextEvent<Wire>(stranger.socket, 'user_status', (s) => s.uin === me.uin && s.online_status === 2);
    me.socket.disconnect();
    expect(await offline).toMatchObject({ online_status: 2 });
    expect(await listed(stranger.socket, group.group_id as string)).toMatchObject({
      status_list: [{ uin: me.uin, online_status: 2, last_seen_at: expect.any(Number) }],
    });
    // And the snapshot on connect now includes the stranger-turned-contact.
    const again = server.connect(me.session);
    const snapshot = nextEvent<Wire>(again, 'user_status', (s) => s.uin === stranger.uin);
    expect(await snapshot).toMatchObject({ online_status: 1 });
  });

  it('status_list leaves out members the viewer shares no accepted conversation with', async () => {
    const owner = await onlineUser(server);
    const friend = await onlineUser(server);
    const stranger = await onlineUser(server);
    await acquaint(owner, friend);
    const group = await createGroup(owner.socket, { members: [friend.uin, stranger.uin] });
    const view = await listed(owner.socket, group.group_id as string);
    expect((view?.status_list as Wire[]).map((s) => s.uin)).toEqual([friend.uin]);
    expect(await listed(stranger.socket, group.group_id as string)).toMatchObject({ accepted: false });
    expect(await listed(stranger.socket, group.group_id as string)).not.toHaveProperty('status_list');
  });
});
