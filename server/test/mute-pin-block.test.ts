// mute / unmute / pin / unpin (each the caller's own, told to the caller's other sessions)
// and block / unblock (a 1:1: either member; a group: its owner), with a blocked member's
// messages refused with a reason that says why.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, request, send, startTestServer, type TestServer } from './support';
import { acquaint, collect, createGroup, listed, onlineUser, secondDevice, settled, type Wire } from './group-support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const BLOCKED = 'you were blocked in this conversation: your message was not sent';

describe('mute and pin', () => {
  it('are per user: muted_uins / pinned_uins hold only the viewer, and the caller’s other sessions are told', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const groupId = await acquaint(a, b);
    const phone = await secondDevice(server, a);
    const phoneEvents = collect(phone, 'mute_group');
    const bEvents = collect(b.socket, 'mute_group');

    for (const [event, field, value] of [
      ['mute_group', 'muted_uins', [a.uin]],
      ['pin_group', 'pinned_uins', [a.uin]],
      ['unmute_group', 'muted_uins', []],
      ['unpin_group', 'pinned_uins', []],
    ] as const) {
      const told = nextEvent<Wire>(phone, event);
      expect(await request(a.socket, event, `{'group_id': ${groupId}}`)).toEqual({ result: 0 });
      expect(await told).toEqual({ group_id: groupId });
      expect(await listed(a.socket, groupId)).toMatchObject({ [field]: value });
      // One user's mute or pin is nobody else's business.
      expect(await listed(b.socket, groupId)).toMatchObject({ muted_uins: [], pinned_uins: [] });
    }
    await settled(phone);
    await settled(b.socket);
    expect(phoneEvents).toHaveLength(1);
    expect(bEvents).toEqual([]);
    expect((await request(a.socket, 'mute_group', { group_id: '31337' })).result).toBe(3);
    const outsider = await onlineUser(server);
    expect((await request(outsider.socket, 'pin_group', { group_id: groupId })).result).toBe(4);
  });
});

describe('block_user / unblock_user', () => {
  it('in a 1:1 either member blocks the other: their send is refused with result 4 and the reason', async () => {
    const a = await onlineUser(server);
    const b = await onlineUser(server);
    const groupId = await acquaint(a, b);
    const toB = nextEvent<Wire>(b.socket, 'update_group');
    expect(await request(b.socket, 'block_user', { group_id: groupId, blocked_uin: Number(a.uin) })).toEqual({ result: 0 });
    expect(await toB).toMatchObject({ group_id: groupId, blocked_uins: [a.uin] });
    expect(await listed(a.socket, groupId)).toMatchObject({ blocked_uins: [a.uin] });
    expect(await request(a.socket, 'create_message', { group_id: groupId, message: 'let me explain', nonce: 'blocked-1' })).toEqual({
      result: 4,
      reason: BLOCKED,
    });
    expect((await request(b.socket, 'list_message', { group_id: groupId })).messages).not.toContainEqual(
      expect.objectContaining({ message: 'let me explain' }),
    );
    // The blocked one cannot lift it; the blocker can, and the document's own form (blocked_uin) works.
    expect((await request(a.socket, 'unblock_user', { group_id: groupId, unblocked_uin: a.uin })).result).toBe(1);
    expect(await request(b.socket, 'unblock_user', `{'group_id': ${groupId}, 'blocked_uin': ${a.uin}}`)).toEqual({ result: 0 });
    expect(await listed(a.socket, groupId)).toMatchObject({ blocked_uins: [] });
    expect((await send(a.socket, groupId, 'thanks')).message).toBe('thanks');
  });

  it('in a group only the owner blocks (result 4 otherwise); everyone sees blocked_uins', async () => {
    const owner = await onlineUser(server);
    const member = await onlineUser(server);
    const other = await onlineUser(server);
    await acquaint(owner, member);
    await acquaint(owner, other);
    const group = await createGroup(owner.socket, { members: [member.uin, other.uin] });
    const id = group.group_id as string;
    expect(await request(member.socket, 'block_user', { group_id: id, blocked_uin: other.uin })).toEqual({
      result: 4,
      reason: expect.stringContaining('owner'),
    });
    expect((await request(owner.socket, 'block_user', { group_id: id, blocked_uin: owner.uin })).result).toBe(1);
    expect((await request(owner.socket, 'block_user', { group_id: id, blocked_uin: '99999' })).result).toBe(3);
    const toOther = nextEvent<Wire>(other.socket, 'update_group');
    const toOwner = nextEvent<Wire>(owner.socket, 'update_group');
    expect((await request(owner.socket, 'block_user', { group_id: id, blocked_uin: member.uin })).result).toBe(0);
    expect(await toOther).toMatchObject({ blocked_uins: [member.uin] });
    expect(await toOwner).toMatchObject({ blocked_uins: [member.uin] });
    expect(await request(member.socket, 'create_message', { group_id: id, message: 'hello?' })).toEqual({ result: 4, reason: BLOCKED });
    expect((await send(other.socket, id, 'others still talk')).message).toBe('others still talk');
    expect((await request(member.socket, 'unblock_user', { group_id: id, unblocked_uin: member.uin })).result).toBe(1);
    expect((await request(owner.socket, 'unblock_user', { group_id: id, unblocked_uin: member.uin })).result).toBe(0);
    expect((await send(member.socket, id, 'back')).message).toBe('back');
  });
});
