// Receipts: update_message with status 2 (received) / 3 (seen) moves the caller's marks,
// never down; the group object carries every member's marks and each viewer's unread count.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, request, send, startTestServer, type TestServer } from './support';
import { acquaint, collect, listed, onlineUser, secondDevice, settled, type OnlineUser, type Wire } from './group-support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** Two users who have talked, their 1:1, and three more messages from `a` that `b` has not read. */
async function unreadConversation(): Promise<{ a: OnlineUser; b: OnlineUser; groupId: string; sent: Wire[] }> {
  const a = await onlineUser(server);
  const b = await onlineUser(server);
  const groupId = await acquaint(a, b);
  const sent = [await send(a.socket, groupId, 'one'), await send(a.socket, groupId, 'two'), await send(a.socket, groupId, 'three')];
  return { a, b, groupId, sent };
}

const receipt = (groupId: string, message: Wire, status: number | string) => ({ group_id: groupId, message_id: message.message_id, status, message: '' });

describe('receipts', () => {
  it('counts unread per viewer: messages from others after the viewer’s seen mark', async () => {
    const { a, b, groupId } = await unreadConversation();
    // "hello a" from the acquaintance is b's own; "hello b" and the three are from a.
    expect(await listed(b.socket, groupId)).toMatchObject({ unread_cnt: 4 });
    expect(await listed(a.socket, groupId)).toMatchObject({ unread_cnt: 1 }); // b's "hello"
  });

  it('a second session of the same user sees unread_cnt drop live after a seen mark', async () => {
    const { b, groupId, sent } = await unreadConversation();
    const phone = await secondDevice(server, b);
    const onPhone = nextEvent<Wire>(phone, 'update_group');
    const toCaller = collect(b.socket, 'update_group');
    const answer = await request(b.socket, 'update_message', receipt(groupId, sent[1] as Wire, 3));
    expect(answer.result).toBe(0);
    expect(await onPhone).toMatchObject({ group_id: groupId, unread_cnt: 1 });
    await settled(b.socket);
    expect(toCaller).toEqual([]); // the calling socket is not pushed its own receipt
  });

  it('the other members see received_list / seen_list move; seen implies received; marks never go down', async () => {
    const { a, b, groupId, sent } = await unreadConversation();
    const [one, two, three] = sent as [Wire, Wire, Wire];
    const received = nextEvent<Wire>(a.socket, 'update_group');
    await request(b.socket, 'update_message', receipt(groupId, three, 2));
    expect(await received).toMatchObject({
      received_list: [{ uin: b.uin, message_id: three.message_id }],
      seen_list: [],
    });

    const seen = nextEvent<Wire>(a.socket, 'update_group');
    // The pseudo-JSON form, with the status as text.
    await request(b.socket, 'update_message', `{'group_id': '${groupId}', 'message_id': '${two.message_id as string}', 'status': '3', 'message': ''}`);
    const group = await seen;
    expect(group.seen_list).toEqual([{ uin: b.uin, message_id: two.message_id }]);
    // The received mark was already further: seen at "two" does not pull it back.
    expect(group.received_list).toEqual([{ uin: b.uin, message_id: three.message_id }]);

    // Lower marks change nothing, and nobody is told.
    await settled(a.socket);
    const later = collect(a.socket, 'update_group');
    await request(b.socket, 'update_message', receipt(groupId, one, 3));
    await request(b.socket, 'update_message', receipt(groupId, one, 2));
    await settled(a.socket);
    expect(later).toEqual([]);
    expect(await listed(a.socket, groupId)).toMatchObject({ seen_list: [{ uin: b.uin, message_id: two.message_id }] });
    expect(await listed(b.socket, groupId)).toMatchObject({ unread_cnt: 1 });
  });

  it('a seen mark also raises the received mark; statuses 0 and 1 change nothing (ack ok)', async () => {
    const { a, b, groupId, sent } = await unreadConversation();
    const three = sent[2] as Wire;
    await settled(a.socket);
    const pushed = collect(a.socket, 'update_group');
    expect((await request(b.socket, 'update_message', receipt(groupId, three, 1))).result).toBe(0);
    expect((await request(b.socket, 'update_message', receipt(groupId, three, 0))).result).toBe(0);
    await settled(a.socket);
    expect(pushed).toEqual([]);
    await request(b.socket, 'update_message', receipt(groupId, three, 3));
    expect(await listed(a.socket, groupId)).toMatchObject({
      received_list: [{ uin: b.uin, message_id: three.message_id }],
      seen_list: [{ uin: b.uin, message_id: three.message_id }],
    });
    expect(await listed(b.socket, groupId)).toMatchObject({ unread_cnt: 0 });
  });

  it('the message must be in the group (result 3); an outsider is refused (4)', async () => {
    const { b, groupId } = await unreadConversation();
    const other = await unreadConversation();
    const foreign = other.sent[0] as Wire;
    expect((await request(b.socket, 'update_message', receipt(groupId, foreign, 3))).result).toBe(3);
    expect((await request(b.socket, 'update_message', receipt(other.groupId, foreign, 3))).result).toBe(4);
  });
});
