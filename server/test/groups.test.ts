import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directGroup, nextEvent, online, postJson, request, send, signUp, startTestServer, type TestServer, type TestUser } from './support';
import type { Socket } from 'socket.io-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function twoUsers(): Promise<{ a: TestUser; b: TestUser; aSocket: Socket; bSocket: Socket }> {
  const a = await signUp(server.url, { displayName: 'Ada' });
  const b = await signUp(server.url, { displayName: 'Bea' });
  return { a, b, aSocket: await online(server, a), bSocket: await online(server, b) };
}

describe('create_group / check_group', () => {
  it('creates the 1:1 conversation once, from either side, and check_group finds it', async () => {
    const { a, b, aSocket, bSocket } = await twoUsers();
    // A 1:1 conversation reaches the peer with its first message, not at creation (visibility.test.ts).
    const pushedToB: string[] = [];
    bSocket.on('group', (g: Record<string, unknown>) => pushedToB.push(g.group_id as string));

    const created = await request(aSocket, 'create_group', { type: 1, occupants_uins: [b.uin] });
    expect(created.result).toBe(0);
    const group = created.group as Record<string, unknown>;
    expect(group).toMatchObject({
      type: 1,
      name: '',
      owner_uin: a.uin,
      creator_uin: a.uin,
      occupants_uins: [a.uin, b.uin],
      last_message_id: null,
      last_message: null,
      unread_cnt: 0,
      muted_uins: [],
      pinned_uins: [],
      blocked_uins: [],
      received_list: [],
      seen_list: [],
      removed_uins: [],
      accepted: true,
    });
    expect(typeof group.group_id).toBe('string');
    // As in the real system; --large-ids puts it above 2^53 (id-ranges.test.ts).
    expect(BigInt(group.group_id as string) >= 2n ** 48n && BigInt(group.group_id as string) < 2n ** 53n).toBe(true);
    expect(Math.abs((group.created_at as number) - Date.now() / 1000)).toBeLessThan(60); // seconds

    const again = await request(aSocket, 'create_group', { type: 1, occupants_uins: [b.uin, a.uin] });
    expect((again.group as Record<string, unknown>).group_id).toBe(group.group_id);
    const fromB = await request(bSocket, 'create_group', { type: 1, occupants_uins: [a.uin] });
    expect((fromB.group as Record<string, unknown>).group_id).toBe(group.group_id);

    const checked = await request(bSocket, 'check_group', { type: 1, occupants_uins: [a.uin, b.uin] });
    expect(checked).toEqual({ result: 0, group: expect.objectContaining({ group_id: group.group_id }) });
    // Not in B's list until it has a message (visibility.test.ts).
    expect((await request(bSocket, 'list_group', {})).groups).toEqual([]);
    expect((await request(aSocket, 'list_group', {})).groups).toEqual([expect.objectContaining({ group_id: group.group_id })]);
    expect(pushedToB).toEqual([]);
  });

  it('check_group answers 3 when no such group exists, 1 for a type other than 1 or 3', async () => {
    const { b, aSocket } = await twoUsers();
    expect(await request(aSocket, 'check_group', { type: 1, occupants_uins: [b.uin] })).toEqual({
      result: 3,
      reason: expect.any(String),
    });
    expect((await request(aSocket, 'check_group', { type: 2, occupants_uins: [b.uin] })).result).toBe(1);
  });

  it('check_group cannot see a group the caller is not in', async () => {
    const { a, b, aSocket } = await twoUsers();
    await directGroup(aSocket, b.uin);
    const outsider = await online(server, await signUp(server.url));
    expect((await request(outsider, 'check_group', { type: 1, occupants_uins: [a.uin, b.uin] })).result).toBe(3);
  });

  it('accepts the document pseudo-JSON, the occupants_uin spelling and bare numbers', async () => {
    const { a, b, aSocket } = await twoUsers();
    const payload = `{'appid': 123, 'name': "Netalo", 'type': 2, 'avatar_url': 'some url', 'owner_uin': ${a.uin}, 'occupants_uin': [${a.uin}, ${b.uin}]}`;
    const created = await request(aSocket, 'create_group', payload);
    expect(created.result).toBe(0);
    expect(created.group).toMatchObject({ name: 'Netalo', type: 2, avatar_url: 'some url', owner_uin: a.uin, occupants_uins: [a.uin, b.uin] });
  });

  it('pushes a new group to the other members and to the caller’s other sockets, not to the calling socket', async () => {
    const { a, b, aSocket, bSocket } = await twoUsers();
    const c = await signUp(server.url);
    const cSocket = await online(server, c);
    // A second device is a second session (the same session twice would be a login-7 takeover).
    const signIn = await postJson(`${server.url}/api/v1/signin`, { username: b.username, password: 'correct horse' });
    const bSecondDevice = await online(server, { ...b, session: signIn.body.session as string });
    let callerPushed = 0;
    bSocket.on('group', () => (callerPushed += 1));
    const toC = nextEvent(cSocket, 'group');
    const toBSecond = nextEvent(bSecondDevice, 'group');
    const toA = nextEvent(aSocket, 'group');
    const created = await request(bSocket, 'create_group', { name: 'Trio', type: 3, occupants_uins: [c.uin, a.uin] });
    const group = created.group as Record<string, unknown>;
    expect((await toC).group_id).toBe(group.group_id);
    expect((await toBSecond).group_id).toBe(group.group_id);
    expect((await toA).group_id).toBe(group.group_id);
    // Anything the server sent the calling socket before its own ack has arrived by now.
    await request(bSocket, 'list_group', {});
    expect(callerPushed).toBe(0);
  });

  it('refuses unknown members (3), a foreign owner, a bad type and too many members (1)', async () => {
    const { a, b, aSocket } = await twoUsers();
    expect(await request(aSocket, 'create_group', { type: 3, occupants_uins: [b.uin, '1152921504606846977'] })).toEqual({
      result: 3,
      reason: expect.stringContaining('1152921504606846977'),
    });
    expect((await request(aSocket, 'create_group', { type: 3, occupants_uins: [b.uin], owner_uin: '12345' })).result).toBe(1);
    expect((await request(aSocket, 'create_group', { type: 9, occupants_uins: [b.uin] })).result).toBe(1);
    const many = Array.from({ length: 501 }, (_, i) => String(10_000 + i));
    expect((await request(aSocket, 'create_group', { type: 3, occupants_uins: many })).result).toBe(1);
    expect((await request(aSocket, 'create_group', { type: 3, name: 'n'.repeat(129), occupants_uins: [b.uin] })).result).toBe(1);
    expect((await request(aSocket, 'list_group', {})).groups).toEqual([]);
    void a;
  });
});

describe('list_group', () => {
  it('pages through the caller’s groups, newest activity first (sort 1) or newest creation first (sort 2)', async () => {
    const me = await signUp(server.url);
    const meSocket = await online(server, me);
    const peers = [];
    for (let i = 0; i < 5; i++) peers.push(await signUp(server.url));
    const groups: string[] = [];
    for (const peer of peers) groups.push((await directGroup(meSocket, peer.uin)).group_id as string);
    // groups[0] is the oldest; a message in it makes it the most recently active.
    const message = await send(meSocket, groups[0] as string, 'bump');

    const byActivity = await request(meSocket, 'list_group', { uin: me.uin, pindex: 0, psize: 3, sort_by: 1 });
    const ids = (byActivity.groups as Array<Record<string, unknown>>).map((g) => g.group_id);
    expect(ids).toEqual([groups[0], groups[4], groups[3]]);
    const first = (byActivity.groups as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    expect(first.last_message_id).toBe(message.message_id);
    expect(first.last_message).toEqual(message);

    const page2 = await request(meSocket, 'list_group', { pindex: 1, psize: 3, sort_by: 1 });
    expect((page2.groups as Array<Record<string, unknown>>).map((g) => g.group_id)).toEqual([groups[2], groups[1]]);

    const byCreation = await request(meSocket, 'list_group', `{'pindex': 0, 'psize': 10, 'sort_by': 2}`);
    expect((byCreation.groups as Array<Record<string, unknown>>).map((g) => g.group_id)).toEqual([...groups].reverse());

    // Defaults: no payload at all.
    expect(((await request(meSocket, 'list_group')).groups as unknown[]).length).toBe(5);
    // A page size above 100 is clamped, not refused.
    expect((await request(meSocket, 'list_group', { psize: 1000 })).result).toBe(0);
  });

  it('refuses listing someone else’s groups (4) and bad paging (1)', async () => {
    const { b, aSocket } = await twoUsers();
    expect((await request(aSocket, 'list_group', { uin: b.uin })).result).toBe(4);
    expect((await request(aSocket, 'list_group', { psize: 0 })).result).toBe(1);
    expect((await request(aSocket, 'list_group', { pindex: -1 })).result).toBe(1);
    expect((await request(aSocket, 'list_group', { sort_by: 3 })).result).toBe(1);
  });
});
