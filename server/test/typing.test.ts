// `event` typing relay: types 8 / 9 go to the other members as {type, group_id, sender_uin,
// data: ""}; not from a pending or blocked member; other types are acknowledged and ignored.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directGroup, nextEvent, request, send, startTestServer, type TestServer } from './support';
import { acquaint, collect, createGroup, onlineUser, secondDevice, settled, type Wire } from './group-support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('typing', () => {
  it('relays start (8) and stop (9) typing to the other members, never back to the typer', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const groupId = await acquaint(a, b);
    const aPhone = await secondDevice(server, a);
    const toPhone = collect(aPhone, 'event');
    const toSelf = collect(a.socket, 'event');
    const start = nextEvent<Wire>(b.socket, 'event');
    // A real client's form: numbers for the IDs, its own sender_uin, no data.
    expect(Number.isSafeInteger(Number(groupId))).toBe(true); // group IDs sit around 2^48, as in the real system
    expect(await request(a.socket, 'event', { type: 8, group_id: Number(groupId), sender_uin: Number(a.uin) })).toEqual({ result: 0 });
    expect(await start).toEqual({ type: 8, group_id: groupId, sender_uin: a.uin, data: '' });
    const stop = nextEvent<Wire>(b.socket, 'event');
    await request(a.socket, 'event', `{'type': 9, 'group_id': ${groupId}}`);
    expect(await stop).toEqual({ type: 9, group_id: groupId, sender_uin: a.uin, data: '' });
    await settled(aPhone);
    await settled(a.socket);
    expect(toPhone).toEqual([]);
    expect(toSelf).toEqual([]);
  });

  it('ignores other event types (ack 0, nothing relayed); refuses a non-member (4) and a bad payload (1)', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const groupId = await acquaint(a, b);
    const relayed = collect(b.socket, 'event');
    expect(await request(a.socket, 'event', { type: 3, group_id: groupId })).toEqual({ result: 0 });
    expect(await request(a.socket, 'event', { type: 42 })).toEqual({ result: 0 });
    expect((await request(a.socket, 'event', { type: 'typing' })).result).toBe(1);
    expect((await request(a.socket, 'event', { type: 8 })).result).toBe(1);
    expect((await request(a.socket, 'event', { type: 8, group_id: groupId, sender_uin: b.uin })).result).toBe(4);
    const outsider = await onlineUser(server);
    expect((await request(outsider.socket, 'event', { type: 8, group_id: groupId })).result).toBe(4);
    await settled(b.socket);
    expect(relayed).toEqual([]);
  });

  it('does not relay the typing of a member whose request is pending, nor of a blocked member', async () => {
    const stranger = await onlineUser(server);
    const me = await onlineUser(server);
    const direct = await directGroup(stranger.socket, me.uin);
    const groupId = direct.group_id as string;
    await send(stranger.socket, groupId, 'hi');
    const toStranger = collect(stranger.socket, 'event');
    expect(await request(me.socket, 'event', { type: 8, group_id: groupId })).toEqual({ result: 0 });
    await settled(stranger.socket);
    expect(toStranger).toEqual([]);

    const owner = await onlineUser(server);
    const friend = await onlineUser(server);
    await acquaint(owner, friend);
    const group = await createGroup(owner.socket, { members: [friend.uin] });
    await request(owner.socket, 'block_user', { group_id: group.group_id, blocked_uin: friend.uin });
    const toOwner = collect(owner.socket, 'event');
    expect(await request(friend.socket, 'event', { type: 8, group_id: group.group_id })).toEqual({ result: 0 });
    await settled(owner.socket);
    expect(toOwner).toEqual([]);
  });
});
