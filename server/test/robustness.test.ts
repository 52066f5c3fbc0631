import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawSocketIo } from '../../main/protocols/netalo/wire/test-support/raw-socketio';
import { directGroup, disconnected, nextEvent, online, request, signUp, startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('hostile and sloppy input', () => {
  it('answers unknown events with result 5 and keeps serving the socket', async () => {
    const socket = await online(server, await signUp(server.url));
    expect(await request(socket, 'make_coffee', { strength: 11 })).toEqual({ result: 5, reason: 'unsupported event "make_coffee"' });
    const long = await request(socket, 'x'.repeat(10_000), {});
    expect(long.result).toBe(5);
    expect((long.reason as string).length).toBeLessThan(100);
    expect((await request(socket, 'list_group', {})).result).toBe(0);
  });

  it('answers every malformed payload with result 1 and a reason, and keeps serving', async () => {
    const user = await signUp(server.url);
    const socket = await online(server, user);
    const payloads: unknown[] = [
      'not json at all',
      "{'group_id': 1, 'last_seen_message_id': 1598151020'}", // the document's own typo
      '[' .repeat(10_000),
      42,
      true,
      { group_id: { nested: true } },
      { group_id: ['1'] },
      { group_id: '99999999999999999999999' },
      { group_id: '-5' },
      { group_id: '1', psize: 'lots' },
      { group_id: '1', last_message_id: 'yesterday' },
    ];
    for (const payload of payloads) {
      const answer = await request(socket, 'list_message', payload);
      expect(answer.result, String(payload).slice(0, 40)).toBe(1);
      expect(answer.reason).toEqual(expect.any(String));
    }
    expect(await request(socket, 'create_group', { type: 3, occupants_uins: 'everyone' })).toEqual({
      result: 1,
      reason: 'occupants_uins: must be an array of IDs',
    });
    expect((await request(socket, 'check_group', { type: 1 })).reason).toBe('occupants_uins: is required');
    expect((await request(socket, 'list_group', {})).result).toBe(0);
  });

  it('carries out a request sent without an ack callback', async () => {
    const a = await signUp(server.url);
    const b = await signUp(server.url);
    const aSocket = await online(server, a);
    const bSocket = await online(server, b);
    const group = await directGroup(aSocket, b.uin);
    const pushed = nextEvent<Record<string, unknown>>(bSocket, 'message');
    aSocket.emit('create_message', { group_id: group.group_id, message: 'fire and forget', nonce: 'no-ack' });
    expect((await pushed).message).toBe('fire and forget');
    // and one that fails without an ack is only logged
    aSocket.emit('create_message', { group_id: group.group_id });
    aSocket.emit('no_such_event');
    expect((await request(aSocket, 'list_message', { group_id: group.group_id })).result).toBe(0);
    expect(server.logLines.some((l) => l.includes('request without ack failed') && l.includes('message: must not be empty without attachments'))).toBe(true);
  });

  it('drops only the connection that sends a malformed packet', async () => {
    const user = await signUp(server.url);
    const other = await online(server, await signUp(server.url));
    const raw = await RawSocketIo.open(server.url, { session: user.session });
    raw.sendPacket('0/data,');
    await raw.nextPacket((p) => p.startsWith('2/data,["login"'));
    raw.sendPacket('2/data,["list_group", {broken');
    await raw.closed;
    expect((await request(other, 'list_group', {})).result).toBe(0);
  });

  it('drops a packet over the 1 MB transport limit, and keeps serving others', async () => {
    const user = await signUp(server.url);
    const big = await online(server, user);
    const other = await online(server, await signUp(server.url));
    const gone = disconnected(big);
    big.emit('create_message', { group_id: '1', message: 'x'.repeat(1_100_000), nonce: 'huge' });
    expect(await gone).toBe('transport close');
    expect((await request(other, 'list_group', {})).result).toBe(0);
  });

  it('never logs message text, passwords or session tokens', async () => {
    const a = await signUp(server.url, { password: 'secret-password-123' });
    const b = await signUp(server.url);
    const aSocket = await online(server, a);
    const group = await directGroup(aSocket, b.uin);
    await request(aSocket, 'create_message', { group_id: group.group_id, message: 'very private words', nonce: 'p' });
    await request(aSocket, 'create_message', { group_id: group.group_id, message: 'more private words' });
    const log = server.logLines.join('\n');
    expect(log).not.toContain('private words');
    expect(log).not.toContain('secret-password-123');
    expect(log).not.toContain(a.session);
  });
});

describe('presence', () => {
  it('pushes user_status online / offline to people who share an accepted conversation, and a snapshot on connect', async () => {
    const a = await signUp(server.url);
    const b = await signUp(server.url);
    const aSocket = await online(server, a);
    const group = await directGroup(aSocket, b.uin);
    // Presence passes only once both have accepted the conversation (presence-requests.test.ts).
    const bFirst = await online(server, b);
    expect((await request(bFirst, 'accept_group', { group_id: group.group_id })).result).toBe(0);
    const bGone = nextEvent<Record<string, unknown>>(aSocket, 'user_status', (s) => s.uin === b.uin && s.online_status === 2);
    bFirst.disconnect();
    await bGone;

    const bOnline = nextEvent<Record<string, unknown>>(aSocket, 'user_status', (s) => s.uin === b.uin && s.online_status === 1);
    const bSocket = server.connect(b.session);
    const snapshot = nextEvent<Record<string, unknown>>(bSocket, 'user_status', (s) => s.uin === a.uin);
    expect(await bOnline).toEqual({ uin: b.uin, online_status: 1, message_status: '', last_seen_at: expect.any(Number) });
    expect((await snapshot).online_status).toBe(1);

    const bOffline = nextEvent<Record<string, unknown>>(aSocket, 'user_status', (s) => s.uin === b.uin && s.online_status === 2);
    bSocket.disconnect();
    const status = await bOffline;
    expect(Math.abs((status.last_seen_at as number) - Date.now() / 1000)).toBeLessThan(60); // seconds
  });
});
