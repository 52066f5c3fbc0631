// update_message / delete_message as the document gives them, the receipt form real clients
// send, and the change feed (`list_message` {changed_after}) that clients resync from.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, request, send, startTestServer, twoUsersInConversation, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const conversation = () => twoUsersInConversation(server);

describe('update_message', () => {
  it("edits the sender's message, marks it edited and pushes the new version to every member", async () => {
    const { aSocket, bSocket, groupId } = await conversation();
    const original = await send(aSocket, groupId, 'helo');
    const toB = nextEvent(bSocket, 'update_message');
    // The document's own form: a single-quoted pseudo-JSON string.
    const answer = await request(aSocket, 'update_message', `{'group_id': ${groupId}, 'message_id': ${original.message_id as string}, 'message': 'hello'}`);
    expect(answer.result).toBe(0);
    const edited = answer.message as Record<string, unknown>;
    expect(edited).toMatchObject({ message_id: original.message_id, message: 'hello', deleted: false, version: 1 });
    expect(edited.edited_at).toBeGreaterThan(0);
    expect(BigInt(edited.change_id as string)).toBeGreaterThan(BigInt(original.change_id as string));
    expect(await toB).toEqual(edited);
    const [listed] = (await request(bSocket, 'list_message', { group_id: groupId })).messages as Array<Record<string, unknown>>;
    expect(listed).toMatchObject({ message_id: original.message_id, message: 'hello' });
  });

  it("refuses to edit someone else's message or a deleted one, with a reason", async () => {
    const { aSocket, bSocket, groupId } = await conversation();
    const original = await send(aSocket, groupId, 'mine');
    const theirs = await request(bSocket, 'update_message', { group_id: groupId, message_id: original.message_id, message: 'hijacked' });
    expect(theirs).toEqual({ result: 4, reason: 'only its sender may edit a message' });
    await request(aSocket, 'delete_message', { group_id: groupId, message_id: original.message_id });
    const afterDelete = await request(aSocket, 'update_message', { group_id: groupId, message_id: original.message_id, message: 'back' });
    expect(afterDelete).toEqual({ result: 1, reason: 'message_id: the message was deleted' });
  });

  it('accepts the receipt form (a status, no text) that real clients send, changing nothing', async () => {
    const { aSocket, bSocket, groupId } = await conversation();
    const original = await send(aSocket, groupId, 'read me');
    const answer = await request(bSocket, 'update_message', { group_id: groupId, message_id: original.message_id, message: '', status: 3 });
    expect(answer.result).toBe(0);
    expect((answer.message as Record<string, unknown>).message).toBe('read me');
  });

  it('refuses members of other groups and unknown messages', async () => {
    const { aSocket, groupId } = await conversation();
    const other = await conversation();
    const original = await send(aSocket, groupId, 'private');
    const outsider = await request(other.aSocket, 'update_message', { group_id: groupId, message_id: original.message_id, message: 'x' });
    expect(outsider.result).toBe(4);
    const wrongGroup = await request(other.aSocket, 'update_message', { group_id: other.groupId, message_id: original.message_id, message: 'x' });
    expect(wrongGroup.result).toBe(3);
  });
});

describe('delete_message', () => {
  it('leaves a tombstone for everyone, pushes it, and is idempotent for the sender', async () => {
    const { aSocket, bSocket, groupId } = await conversation();
    const original = await send(aSocket, groupId, 'oops');
    const toB = nextEvent<Record<string, unknown>>(bSocket, 'delete_message');
    const answer = await request(aSocket, 'delete_message', `{'group_id': ${groupId}, 'message_id': ${original.message_id as string}}`);
    expect(answer.result).toBe(0);
    const pushed = await toB;
    expect(pushed).toMatchObject({ group_id: groupId, message_id: original.message_id });
    expect(pushed.message).toMatchObject({ message: '', attachments: '', deleted: true });
    // A resend after a lost ack: same outcome, no error.
    expect((await request(aSocket, 'delete_message', { group_id: groupId, message_id: original.message_id })).result).toBe(0);
    const theirs = await send(bSocket, groupId, 'not yours');
    expect(await request(aSocket, 'delete_message', { group_id: groupId, message_id: theirs.message_id })).toEqual({
      result: 4,
      reason: 'only its sender may delete a message',
    });
  });
});

describe('list_message {changed_after}', () => {
  it('returns every message created, edited or deleted after a change, oldest change first, paged by psize', async () => {
    const { aSocket, bSocket, groupId } = await conversation();
    const one = await send(aSocket, groupId, 'one');
    const two = await send(bSocket, groupId, 'two');
    const mark = two.change_id as string;
    const three = await send(aSocket, groupId, 'three');
    await request(aSocket, 'update_message', { group_id: groupId, message_id: one.message_id, message: 'one, edited' });
    await request(bSocket, 'delete_message', { group_id: groupId, message_id: two.message_id });

    const changes = (await request(aSocket, 'list_message', { group_id: groupId, changed_after: mark, psize: 10 })).messages as Array<Record<string, unknown>>;
    expect(changes.map((m) => [m.message_id, m.message, m.deleted])).toEqual([
      [three.message_id, 'three', false],
      [one.message_id, 'one, edited', false],
      [two.message_id, '', true],
    ]);
    const firstPage = (await request(aSocket, 'list_message', { group_id: groupId, changed_after: mark, psize: 2 })).messages as Array<Record<string, unknown>>;
    expect(firstPage).toHaveLength(2);
    const rest = (await request(aSocket, 'list_message', { group_id: groupId, changed_after: firstPage[1]!.change_id, psize: 2 })).messages as Array<Record<string, unknown>>;
    expect(rest.map((m) => m.message_id)).toEqual([two.message_id]);
  });
});
