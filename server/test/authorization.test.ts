// Who may do what: a user cannot read, post to or act on a group they are not in, cannot
// act as another uin, and cannot use a session that has expired or been signed out. On
// both fronts; refusals carry their result code (Netalo) or status (HTTP).

import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAndLogin, directGroup, getJson, nextEvent, online, postJson, request, send, signUp, startTestServer, uniqueName, type TestServer, type TestUser } from './support';

let now = Date.now();
const TTL_SECONDS = 3600;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock: () => now, sessionTtlSeconds: TTL_SECONDS, demo: true, talkerPort: 0 });
});
afterAll(async () => {
  await server.stop();
});

describe('groups one is not in', () => {
  let a: TestUser;
  let b: TestUser;
  let c: TestUser;
  let groupId: string;
  let messageId: string;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([signUp(server.url), signUp(server.url), signUp(server.url)]);
    const aSocket = await online(server, a);
    groupId = (await directGroup(aSocket, b.uin)).group_id as string;
    messageId = (await send(aSocket, groupId, 'between a and b')).message_id as string;
  });

  it('cannot list its messages (4), in either payload form', async () => {
    const outsider = await online(server, c);
    expect(await request(outsider, 'list_message', { group_id: groupId })).toEqual({ result: 4, reason: 'you are not a member of this group' });
    expect((await request(outsider, 'list_message', `{'group_id': ${groupId}}`)).result).toBe(4);
  });

  it('cannot post to it (4), and nothing reaches its members', async () => {
    const outsider = await online(server, c);
    const member = await online(server, b);
    const next = nextEvent<Record<string, unknown>>(member, 'message');
    expect((await request(outsider, 'create_message', { group_id: groupId, message: 'let me in' })).result).toBe(4);
    expect((await request(outsider, 'create_message', { group_id: groupId, message: 'with a nonce', nonce: 'n1' })).result).toBe(4);
    await send(await online(server, a), groupId, 'the next real one');
    expect((await next).message).toBe('the next real one');
  });

  it('cannot edit or delete its messages (4), nor can a member who did not send them', async () => {
    const outsider = await online(server, c);
    const member = await online(server, b);
    for (const socket of [outsider, member]) {
      expect((await request(socket, 'update_message', { group_id: groupId, message_id: messageId, message: 'changed' })).result).toBe(4);
      expect((await request(socket, 'delete_message', { group_id: groupId, message_id: messageId })).result).toBe(4);
    }
    const list = await request(await online(server, a), 'list_message', { group_id: groupId });
    expect((list.messages as Array<Record<string, unknown>>).find((m) => m.message_id === messageId)?.message).toBe('between a and b');
  });

  it('cannot find it with check_group (3), nor see it in list_group', async () => {
    const outsider = await online(server, c);
    expect((await request(outsider, 'check_group', { type: 1, occupants_uins: [a.uin, b.uin] })).result).toBe(3);
    const groups = (await request(outsider, 'list_group', {})).groups as Array<Record<string, unknown>>;
    expect(groups.some((g) => g.group_id === groupId)).toBe(false);
  });
});

describe('acting as another uin', () => {
  it('is refused with 4 for uin, owner_uin and sender_uin, and the caller’s own uin is fine', async () => {
    const [a, b] = await Promise.all([signUp(server.url), signUp(server.url)]);
    const socket = await online(server, a);
    expect((await request(socket, 'list_group', { uin: b.uin })).result).toBe(4);
    expect(await request(socket, 'create_group', { type: 2, owner_uin: b.uin, occupants_uins: [b.uin] })).toEqual({
      result: 4,
      reason: 'owner_uin: you can only create groups you own',
    });
    const group = await directGroup(socket, b.uin);
    expect(await request(socket, 'create_message', { group_id: group.group_id, message: 'as b', sender_uin: b.uin })).toEqual({
      result: 4,
      reason: 'sender_uin: you can only act as yourself',
    });
    expect((await request(socket, 'create_message', `{'group_id': ${group.group_id}, 'message': 'as b', 'sender_uin': ${b.uin}}`)).result).toBe(4);
    const own = await request(socket, 'create_message', { group_id: group.group_id, message: 'as me', sender_uin: a.uin });
    expect(own.result).toBe(0);
    expect((own.message as Record<string, unknown>).sender_uin).toBe(a.uin);
    // Without the field the socket's own user is the sender, as always.
    expect(((await request(socket, 'create_message', { group_id: group.group_id, message: 'plain' })).message as Record<string, unknown>).sender_uin).toBe(a.uin);
  });
});

describe('ended sessions', () => {
  it('a signed-out session is refused everywhere: HTTP 401, socket login 2', async () => {
    const user = await signUp(server.url);
    expect((await postJson(`${server.url}/api/v1/signout`, {}, { Session: user.session })).status).toBe(200);
    expect((await getJson(`${server.url}/api/v1/users?q=a`, { Session: user.session })).status).toBe(401);
    expect((await postJson(`${server.url}/api/v1/signout`, {}, { Session: user.session })).status).toBe(401);
    expect((await connectAndLogin(server, user.session)).login).toEqual({ result: 2 });
  });

  it('an expired session is refused everywhere, and its live socket answers 2 to any request', async () => {
    const user = await signUp(server.url);
    const socket = await online(server, user);
    now += TTL_SECONDS * 1000 + 1; // the timer would end the socket in real time; the next request sees it at once
    expect((await request(socket, 'list_group', {})).result).toBe(2);
    expect((await getJson(`${server.url}/api/v1/users?q=a`, { Session: user.session })).status).toBe(401);
    expect((await connectAndLogin(server, user.session)).login).toEqual({ result: 2 });
  });
});

describe('talker', () => {
  it('refuses a user_id that is not the connection’s own, on the socket and over HTTP', async () => {
    const alice = io(server.talkerUrl!, { query: { c: uniqueName() }, auth: { login: 'alice', hash: 'alice-parley' }, forceNew: true, reconnection: false });
    const me = await new Promise<{ id: number; handshake: string }>((resolve) => alice.once('login', resolve));
    const bob = io(server.talkerUrl!, { query: { c: uniqueName() }, auth: { login: 'bob', hash: 'bob-parley' }, forceNew: true, reconnection: false });
    const bobId = (await new Promise<{ id: number }>((resolve) => bob.once('login', resolve))).id;

    const auth = new Promise((resolve) => alice.once('auth', resolve));
    alice.emit('messeage', { user_id: bobId, to_id: me.id, content: 'as bob' });
    expect(await auth).toBe(false);

    const asBob = await fetch(`${server.talkerUrl}/messeages?user_id=${bobId}&clientAddress=${encodeURIComponent(me.handshake)}&with_id=${me.id}`);
    expect(asBob.status).toBe(401);
    const asMe = await fetch(`${server.talkerUrl}/messeages?user_id=${me.id}&clientAddress=${encodeURIComponent(me.handshake)}&with_id=${bobId}`);
    expect(asMe.status).toBe(200);
    alice.disconnect();
    bob.disconnect();
  });
});
