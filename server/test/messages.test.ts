import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { RawSocketIo } from '../../main/protocols/netalo/wire/test-support/raw-socketio';
import { nextEvent, online, request, send, signUp, startTestServer, twoUsersInConversation, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const conversation = () => twoUsersInConversation(server, { aDisplayName: 'Ada Sender' });

describe('create_message', () => {
  it('stores an object payload, acks the message and pushes it to every member socket', async () => {
    const { a, b, aSocket, bSocket, groupId } = await conversation();
    const toB = nextEvent(bSocket, 'message');
    const toA = nextEvent(aSocket, 'message');
    const answer = await request(aSocket, 'create_message', { group_id: groupId, type: 1, message: 'hello 👋', nonce: 'nonce-1' });
    expect(answer.result).toBe(0);
    const message = answer.message as Record<string, unknown>;
    expect(message).toEqual({
      message_id: expect.any(String),
      group_id: groupId,
      type: 1,
      message: 'hello 👋',
      attactments: '',
      attachments: '',
      sender_uin: a.uin,
      sender_name: 'Ada Sender',
      nonce: 'nonce-1',
      version: 0,
      status: 1,
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
      edited_at: 0,
      deleted: false,
      change_id: message.message_id,
      deleted_uins: [],
      // What real servers add (protocol notes): the group's side of the message.
      recipient_uins: [b.uin],
      received_uins: [],
      seen_uins: [],
      group_type: 1,
      group_name: '',
      group_avatar: '',
      send_avatar: '',
    });
    expect(BigInt(message.message_id as string) > 2n ** 53n).toBe(true);
    expect(String(message.created_at)).toHaveLength(16); // µs
    expect(await toB).toEqual(message);
    expect(await toA).toEqual(message);
  });

  it('accepts the document pseudo-JSON string payload', async () => {
    const { aSocket, groupId } = await conversation();
    const answer = await request(aSocket, 'create_message', `{'group_id': '${groupId}', 'type': 1, 'message': "it's 'quoted'", 'nonce': 'random', 'version': 0}`);
    expect(answer.result).toBe(0);
    expect(answer.message).toMatchObject({ group_id: groupId, message: "it's 'quoted'", nonce: 'random' });
  });

  it('handles a group_id sent as a bare JSON number above 2^53 exactly (raw packet)', async () => {
    // Group IDs are below 2^53 by default (as in the real system): --large-ids for one above.
    const server = await startTestServer({ largeIds: true });
    onTestFinished(() => server.stop());
    const { a, bSocket, groupId } = await twoUsersInConversation(server);
    // Same session as aSocket: the raw connection takes it over (login 7 to aSocket); B reads back.
    const raw = await RawSocketIo.open(server.url, { session: a.session });
    try {
      raw.sendPacket('0/data,');
      expect(await raw.nextPacket((p) => p.startsWith('2/data,["login"'))).toBe(`2/data,["login",{"result":0,"uin":"${a.uin}"}]`);
      // Unquoted: a JSON.parse-based server would round it and find no such group.
      raw.sendPacket(`2/data,5["create_message",{"group_id":${groupId},"message":"bare","nonce":"raw-1"}]`);
      const ack = await raw.nextPacket((p) => p.startsWith('3/data,5'));
      const [answer] = JSON.parse(ack.slice('3/data,5'.length)) as [Record<string, unknown>];
      expect(answer.result).toBe(0);
      expect((answer.message as Record<string, unknown>).group_id).toBe(groupId);
      expect(Number(groupId).toString()).not.toBe(groupId); // the ID really is beyond a double
    } finally {
      raw.close();
    }
    const listed = await request(bSocket, 'list_message', { group_id: groupId });
    expect((listed.messages as Array<Record<string, unknown>>).map((m) => m.message)).toEqual(['bare']);
  });

  it('deduplicates on (sender, group, nonce): a resend gets the original and nothing is pushed twice', async () => {
    const { aSocket, bSocket, groupId } = await conversation();
    const pushed: Array<Record<string, unknown>> = [];
    bSocket.on('message', (m: Record<string, unknown>) => pushed.push(m));
    const first = await request(aSocket, 'create_message', { group_id: groupId, message: 'once', nonce: 'same' });
    const again = await request(aSocket, 'create_message', { group_id: groupId, message: 'once (resent)', nonce: 'same' });
    expect(again).toEqual(first);
    // A marker after both: once it arrives, every earlier push to B has arrived too.
    const marker = nextEvent<Record<string, unknown>>(bSocket, 'message', (m) => m.nonce === 'marker');
    await request(aSocket, 'create_message', { group_id: groupId, message: 'marker', nonce: 'marker' });
    await marker;
    expect(pushed.map((m) => m.nonce)).toEqual(['same', 'marker']);
    const listed = await request(bSocket, 'list_message', { group_id: groupId });
    expect((listed.messages as unknown[]).length).toBe(2);
    // The same nonce from the other member is a different message.
    const fromB = await request(bSocket, 'create_message', { group_id: groupId, message: 'mine', nonce: 'same' });
    expect((fromB.message as Record<string, unknown>).message_id).not.toBe((first.message as Record<string, unknown>).message_id);
  });

  it('refuses non-members with 4 and unknown groups with 3', async () => {
    const { aSocket, groupId } = await conversation();
    const outsider = await online(server, await signUp(server.url));
    expect(await request(outsider, 'create_message', { group_id: groupId, message: 'let me in', nonce: 'x' })).toEqual({
      result: 4,
      reason: expect.any(String),
    });
    expect((await request(outsider, 'list_message', { group_id: groupId })).result).toBe(4);
    expect((await request(aSocket, 'create_message', { group_id: '1152921504606846977', message: 'x', nonce: 'x' })).result).toBe(3);
    expect((await request(aSocket, 'list_message', { group_id: '18446744073709551615' })).result).toBe(3);
    expect((await request(aSocket, 'list_message', { group_id: groupId })).messages).toEqual([]);
  });

  it('refuses empty, oversized or ill-typed fields with result 1 and a reason naming the field', async () => {
    const { aSocket, groupId } = await conversation();
    const cases: Array<[unknown, RegExp]> = [
      [{ group_id: groupId, message: '', nonce: 'n' }, /^message: must not be empty without attachments/],
      [{ group_id: groupId, message: 'x'.repeat(10_001), nonce: 'n' }, /^message: must be at most 10000/],
      [{ group_id: groupId, message: 'x', nonce: 'n'.repeat(65) }, /^nonce: must be at most 64/],
      [{ group_id: groupId, message: '', attachments: '' }, /^message: must not be empty/],
      [{ group_id: groupId, message: 'x', attachments: 'a'.repeat(16_385) }, /^attactments: must be at most/],
      [{ message: 'x', nonce: 'n' }, /^group_id: is required/],
      [{ group_id: 'abc', message: 'x', nonce: 'n' }, /^group_id: must be an ID/],
      [{ group_id: 1.5, message: 'x', nonce: 'n' }, /^group_id: must be an ID/],
      [{ group_id: groupId, message: 42, nonce: 'n' }, /^message: must be a string/],
      [{ group_id: groupId, message: 'x', nonce: 'n', type: 'text' }, /^type: must be an integer/],
      ['{not json', /^payload is not valid JSON/],
      [[1, 2, 3], /^payload must be an object/],
    ];
    for (const [payload, reason] of cases) {
      const answer = await request(aSocket, 'create_message', payload);
      expect(answer.result, JSON.stringify(payload).slice(0, 80)).toBe(1);
      expect(answer.reason).toMatch(reason);
    }
    // 10,000 emoji are 10,000 characters (20,000 UTF-16 units): accepted.
    expect((await request(aSocket, 'create_message', { group_id: groupId, message: '😀'.repeat(10_000), nonce: 'emoji' })).result).toBe(0);
    const listed = await request(aSocket, 'list_message', { group_id: groupId });
    expect((listed.messages as unknown[]).length).toBe(1);
  });
});

describe('list_message', () => {
  it('pages newest first, below last_message_id and above last_seen_message_id', async () => {
    const { aSocket, bSocket, groupId } = await conversation();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await send(i % 2 ? bSocket : aSocket, groupId, `m${i}`)).message_id as string);
    const texts = (answer: Record<string, unknown>) => (answer.messages as Array<Record<string, unknown>>).map((m) => m.message);

    expect(texts(await request(aSocket, 'list_message', { group_id: groupId, psize: 3 }))).toEqual(['m6', 'm5', 'm4']);
    expect(texts(await request(aSocket, 'list_message', { group_id: groupId, psize: 3, pindex: 1 }))).toEqual(['m3', 'm2', 'm1']);
    expect(texts(await request(aSocket, 'list_message', { group_id: groupId, last_message_id: ids[4], psize: 3 }))).toEqual(['m3', 'm2', 'm1']);
    expect(texts(await request(aSocket, 'list_message', { group_id: groupId, last_seen_message_id: ids[4] }))).toEqual(['m6', 'm5']);
    expect(
      texts(await request(bSocket, 'list_message', `{'group_id': ${groupId}, 'last_message_id': ${ids[5]}, 'last_seen_message_id': ${ids[1]}}`)),
    ).toEqual(['m4', 'm3', 'm2']);
    expect(texts(await request(aSocket, 'list_message', { group_id: groupId, last_message_id: '18446744073709551615', psize: 1 }))).toEqual(['m6']);
    // IDs strictly increase in sending order.
    const sorted = [...ids].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    expect(sorted).toEqual(ids);
  });

  it('accepts messages as real Netalo clients send them: no nonce, `attachments`, attachment-only, their sender_name', async () => {
    const { aSocket, bSocket, groupId } = await conversation();
    // No nonce: nothing to deduplicate on, so each request is its own message.
    const one = await request(aSocket, 'create_message', { group_id: groupId, type: 1, version: 2, sender_name: 'Ada on her phone', message: 'same words' });
    const two = await request(aSocket, 'create_message', { group_id: groupId, type: 1, message: 'same words' });
    expect(one.result).toBe(0);
    expect(two.result).toBe(0);
    expect((one.message as { message_id: string }).message_id).not.toBe((two.message as { message_id: string }).message_id);
    expect(one.message).toMatchObject({ nonce: '', version: 2, sender_name: 'Ada on her phone' });

    // `attachments` (the spelling real clients use) as a JSON list, with no text at all.
    const files = [{ name: 'plan.pdf', url: 'https://files.example/plan.pdf', size: 1200 }];
    const pushed = nextEvent<Record<string, unknown>>(bSocket, 'message', (m) => m.message === '');
    const photo = await request(aSocket, 'create_message', { group_id: groupId, message: '', attachments: files });
    expect(photo.result).toBe(0);
    expect(await pushed).toMatchObject({ attachments: JSON.stringify(files), attactments: JSON.stringify(files) });
    // The document's spelling still works.
    const legacy = await request(aSocket, 'create_message', { group_id: groupId, message: '', attactments: 'file://x', nonce: 'typo' });
    expect(legacy.message).toMatchObject({ attactments: 'file://x', attachments: 'file://x' });
  });
});
