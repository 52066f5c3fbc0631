// The Netalo document's contract, event by event (shared/seeds/000_da95aeafb05a49a8.txt):
// every client event in its table is sent to a real server in two forms and must answer
// result 0 with the response the document's row lists:
// - "document": the document's own example string, single-quoted pseudo-JSON, verbatim but
//   for its IDs, which are put in place of the example's (123, 456, ...) by field name;
// - "object": what real clients send (shared/protocol-notes.md): a plain object, IDs as
//   JSON numbers (written as bare integers, exact even above 2^53), `attachments`, no nonce.
// Objects are checked for the fields the document lists and those real servers also send
// (protocol notes; server/PROTOCOL.md, Objects). The whole contract runs twice: with IDs as
// the real system hands them out (users and groups below 2^53) and with --large-ids.
// The call events (server/PROTOCOL.md, Calls) run in their own group each, against the same contract.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, online, request, signUp, startTestServer, type TestServer, type TestUser } from './support';

// ---- the document's examples, verbatim (the JavaScript quoting around them removed) ----

const EXAMPLES = {
  register_profile_token: `{'uin': 123, 'type': 1, 'token': 'abc'}`,
  unregister_profile_token: `{'uin': 123, 'type': 1, 'token': 'abc'}`,
  create_group: `{'appid': 123, 'name': "Netalo", 'type': 2, 'avatar_url': 'some url', 'owner_uin': 123, 'occupants_uin': [123, 456]}`,
  // Emitted as "create_group" in the document, by mistake: the event is update_group. Ends in a stray "}".
  update_group: `{'group_id': 123, 'name': "Netalo", 'avatar_url': 'some url', 'owner_uin': 123, 'push_all': [123, 456], 'pull_all': [789, 102]}}`,
  leave_group: `{'group_id': 123}`,
  delete_conversation: `{'group_id': 123}`,
  list_group: `{'uin': 123, 'pindex': 0, 'psize': 10, 'sort_by': 1}`,
  block_user: `{'group_id': 123, 'blocked_uin': 456}`,
  unblock_user: `{'group_id': 123, 'blocked_uin': 456}`,
  check_group: `{'type': 1, 'occupants_uin': [123, 456]}`,
  mute_group: `{'group_id': 123}`,
  unmute_group: `{'group_id': 123}`,
  pin_group: `{'group_id': 123}`,
  unpin_group: `{'group_id': 123}`,
  create_message: `{'group_id': 123, 'type': 1, 'message': 'abc', 'nonce': 'random', 'version': 0}`,
  update_message: `{'group_id': 123, 'message_id': 456, 'message': 'abc'}`,
  delete_message: `{'group_id': 123, 'message_id': 456}`,
  // A stray quote after the last number.
  list_message: `{'group_id': 123, 'last_message_id': 1598157020, 'last_seen_message_id': 1598151020'}`,
  // The document shows `event` only as received (socket.on): this is its parameter table in its style.
  event: `{'type': 8, 'sender_uin': 123, 'receiver_uin': 456, 'data': '', 'group_id': 789}`,
  // `callee_uins` lists the caller too; `answer_call` leaves out `answer` (accepting, then).
  create_call: `{'media_type': 2, 'group_id': 123, 'caller_uin': 456, 'callee_uins': [123,456]}`,
  answer_call: `{'call_id': 123, 'group_id': 456, 'uin': 789}`,
  stop_call: `{'call_id': 123, 'group_id': 456, 'uin': 789}`,
  call_status: `{'call_id': 123, 'group_id': 1}`,
  ice_sdp: `{'call_id': 123, 'group_id': 456, 'sender_uin': 789, 'receiver_uin': 123, 'type': 1, 'sdp': 'sdp'}`,
  ice_candidate: `{'call_id': 123, 'group_id': 456, 'sender_uin': 789, 'receiver_uin': 123, 'type': 1, 'candidate': 'candidate', 'sdp_mid': '0', 'sdp_mline_index': 0}`,
} as const;

/** The events of the document's table a client sends (the call events among them). */
const CALL_EVENTS = ['create_call', 'answer_call', 'stop_call', 'call_status', 'ice_sdp', 'ice_candidate'];
const CLIENT_EVENTS = Object.keys(EXAMPLES).filter((event) => !CALL_EVENTS.includes(event));
/** Typos in two examples make them invalid even as pseudo-JSON; the server never guesses at a broken payload. */
const TYPOS: Partial<Record<keyof typeof EXAMPLES, [string, string]>> = {
  update_group: [`'pull_all': [789, 102]}}`, `'pull_all': [789, 102]}`],
  list_message: [`1598151020'}`, `1598151020}`],
};

/**
 * The example with real IDs in place of the example's, by field name: `'group_id': 123` →
 * `'group_id': 285622781010304`, `'occupants_uin': [123, 456]` → the list given. Nothing
 * else in the string changes.
 */
function withIds(example: string, ids: Record<string, string | string[]>): string {
  let text = example;
  for (const [field, value] of Object.entries(ids)) {
    const pattern = new RegExp(`'${field}': (\\d+|\\[[\\d, ]*\\])`);
    if (!pattern.test(text)) throw new Error(`the example has no ID field '${field}': ${example}`);
    text = text.replace(pattern, `'${field}': ${Array.isArray(value) ? `[${value.join(', ')}]` : value}`);
  }
  return text;
}

/** The document's example for `event` with its typo (if any) corrected and real IDs put in. */
function example(event: keyof typeof EXAMPLES, ids: Record<string, string | string[]>): string {
  const typo = TYPOS[event];
  const text = typo ? EXAMPLES[event].replace(typo[0], typo[1]) : EXAMPLES[event];
  return withIds(text, ids);
}

/** An ID as real clients send it: a JSON number (a BigInt is written as a bare integer, exactly). */
const num = (id: string): bigint => BigInt(id);

// ---- the objects' shapes ----

type Obj = Record<string, unknown>;
const DECIMAL_ID = /^[1-9]\d*$/;
const isId = (v: unknown) => typeof v === 'string' && DECIMAL_ID.test(v);
const isIdList = (v: unknown) => Array.isArray(v) && v.every(isId);
const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const isString = (v: unknown) => typeof v === 'string';
const isMarkList = (v: unknown) => Array.isArray(v) && v.every((m: Obj) => isId(m?.uin) && isId(m?.message_id));

type Check = (v: unknown) => boolean;

function problems(object: unknown, what: string, fields: Record<string, Check>, optional: Record<string, Check> = {}): string[] {
  if (!object || typeof object !== 'object') return [`${what}: not an object`];
  const o = object as Obj;
  const found: string[] = [];
  for (const [field, check] of Object.entries(fields)) {
    if (!(field in o)) found.push(`${what}.${field}: missing`);
    else if (!check(o[field])) found.push(`${what}.${field}: ${JSON.stringify(o[field])?.slice(0, 80)}`);
  }
  for (const [field, check] of Object.entries(optional)) {
    if (field in o && !check(o[field])) found.push(`${what}.${field}: ${JSON.stringify(o[field])?.slice(0, 80)}`);
  }
  return found;
}

/** Message members: the document's, then the real server's (protocol notes), then Parley's. */
function messageProblems(m: unknown, what = 'message'): string[] {
  return problems(m, what, {
    // The document ("Message member"; its `result` row is the ack's, not the message's)
    message_id: isId,
    group_id: isId,
    type: isInt,
    message: isString,
    attactments: isString,
    group_name: isString,
    group_avatar: isString,
    sender_name: isString,
    send_avatar: isString,
    created_at: (v) => isInt(v) && String(v).length === 16, // µs
    // Real servers (protocol notes)
    sender_uin: isId,
    recipient_uins: isIdList,
    received_uins: isIdList,
    seen_uins: isIdList,
    deleted_uins: isIdList,
    status: isInt,
    nonce: isString,
    version: isInt,
    group_type: (v) => v === 1 || v === 2 || v === 3,
    attachments: isString,
  });
}

/** Group members: the document's, then the real server's (protocol notes), then Parley's (`accepted`). */
function groupProblems(g: unknown, what = 'group'): string[] {
  const found = problems(
    g,
    what,
    {
      // The document ("Group Memeber")
      group_id: isId,
      type: (v) => v === 1 || v === 2 || v === 3,
      name: isString,
      avatar_url: isString,
      owner_uin: isId,
      creator_uin: isId,
      occupants_uins: isIdList,
      created_at: (v) => isInt(v) && String(v).length === 10, // s
      updated_at: (v) => isInt(v) && String(v).length === 10,
      last_message_id: (v) => v === null || isId(v),
      // Real servers (protocol notes)
      blocked_uins: isIdList,
      removed_uins: isIdList,
      muted_uins: isIdList,
      pinned_uins: isIdList,
      last_message: (v) => v === null || messageProblems(v).length === 0,
      received_list: isMarkList,
      seen_list: isMarkList,
      unread_cnt: (v) => isInt(v) && (v as number) >= 0,
      // Parley (wire spec): false while the group is a message request for the viewer
      accepted: (v) => typeof v === 'boolean',
    },
    {
      // Left out when the viewer may see no member's presence (server/PROTOCOL.md).
      status_list: (v) =>
        Array.isArray(v) &&
        v.every((s: Obj) => isId(s?.uin) && (s.online_status === 1 || s.online_status === 2) && isString(s.message_status) && isInt(s.last_seen_at)),
    },
  );
  const last = (g as Obj | null)?.last_message;
  if (last && typeof last === 'object') found.push(...messageProblems(last, `${what}.last_message`));
  return found;
}

/** Call members: the document's ("Call member"), then Parley's `joined_uins` (server/PROTOCOL.md, Calls). */
function callProblems(c: unknown, what = 'call'): string[] {
  const isMs = (v: unknown) => isInt(v) && ((v as number) === 0 || String(v).length === 13);
  return problems(c, what, {
    call_id: (v) => isId(v) && BigInt(v as string) > 2n ** 53n,
    group_id: isId,
    media_type: (v) => v === 1 || v === 2,
    call_status: (v) => v === 1 || v === 2 || v === 3,
    caller_uin: isId,
    callee_uins: isIdList,
    group_name: isString,
    group_avatar: isString,
    sender_name: isString,
    send_avatar: isString,
    started_at: (v) => isMs(v) && v !== 0,
    accepted_at: isMs,
    stopped_at: isMs,
    joined_uins: isIdList,
  });
}

// ---- the people and their conversations ----

interface World {
  server: TestServer;
  me: TestUser;
  peer: TestUser;
  carol: TestUser;
  dave: TestUser;
  erin: TestUser;
  socket: Socket;
  peerSocket: Socket;
}

async function ok(socket: Socket, event: string, payload: unknown): Promise<Obj> {
  const answer = await request(socket, event, payload);
  expect(answer, `${event} ${typeof payload === 'string' ? payload : ''}`).toMatchObject({ result: 0 });
  return answer;
}

/** A community group (type 2) the caller owns, with these members. */
async function communityGroup(w: World, members: TestUser[], name = 'Team'): Promise<Obj> {
  const answer = await ok(w.socket, 'create_group', { type: 2, name, occupants_uins: members.map((u) => u.uin) });
  return answer.group as Obj;
}

/** The 1:1 conversation of me and `other`. */
async function direct(w: World, other: TestUser): Promise<Obj> {
  const answer = await ok(w.socket, 'create_group', { type: 1, occupants_uins: [other.uin] });
  return answer.group as Obj;
}

async function say(socket: Socket, groupId: string, text: string): Promise<Obj> {
  const answer = await ok(socket, 'create_message', { group_id: groupId, message: text });
  return answer.message as Obj;
}

type Form = 'document' | 'object';

const RANGES = [
  { label: 'user and group IDs below 2^53, as the real system', largeIds: false },
  { label: '--large-ids: every ID above 2^53', largeIds: true },
];

describe.each(RANGES)('the Netalo document, $label', ({ largeIds }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ largeIds });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('covers every client event of the document', () => {
    expect([...CLIENT_EVENTS, ...CALL_EVENTS].sort()).toEqual(
      [
        'register_profile_token', 'unregister_profile_token', 'create_group', 'update_group', 'leave_group',
        'delete_conversation', 'list_group', 'block_user', 'unblock_user', 'check_group', 'mute_group',
        'unmute_group', 'pin_group', 'unpin_group', 'create_message', 'update_message', 'delete_message',
        'list_message', 'create_call', 'answer_call', 'stop_call', 'call_status', 'ice_sdp', 'ice_candidate', 'event',
      ].sort(),
    );
  });

  it.each(Object.entries(TYPOS))('%s: the verbatim example is malformed (%j) and is answered result 1, naming where', async (event) => {
    const me = await signUp(server.url);
    const socket = await online(server, me);
    const verbatim = EXAMPLES[event as keyof typeof EXAMPLES];
    const answer = await request(socket, event, verbatim);
    expect(answer).toMatchObject({ result: 1, reason: expect.stringMatching(/^payload is not valid JSON: .*position \d+/) });
  });

  describe.each(['document', 'object'] as Form[])('in the %s form', (form) => {
    const w = {} as World;
    const pick = <T,>(documentForm: () => string, objectForm: () => T): string | T => (form === 'document' ? documentForm() : objectForm());

    beforeAll(async () => {
      w.server = server;
      w.me = await signUp(server.url, { displayName: 'Me Myself' });
      w.peer = await signUp(server.url);
      w.carol = await signUp(server.url);
      w.dave = await signUp(server.url);
      w.erin = await signUp(server.url);
      w.socket = await online(server, w.me);
      w.peerSocket = await online(server, w.peer);
    });

    it('register_profile_token → {result: 0, uin, type, token}', async () => {
      const payload = pick(() => example('register_profile_token', { uin: w.me.uin }), () => ({ uin: num(w.me.uin), type: 1, token: 'abc' }));
      expect(await request(w.socket, 'register_profile_token', payload)).toEqual({ result: 0, uin: w.me.uin, type: 1, token: 'abc' });
    });

    it('unregister_profile_token → {result: 0, uin, token}', async () => {
      await ok(w.socket, 'register_profile_token', { type: 1, token: 'abc' });
      const payload = pick(() => example('unregister_profile_token', { uin: w.me.uin }), () => ({ uin: num(w.me.uin), token: 'abc' }));
      expect(await request(w.socket, 'unregister_profile_token', payload)).toEqual({ result: 0, uin: w.me.uin, token: 'abc' });
    });

    it('create_group → {result: 0, group}', async () => {
      const payload = pick(
        () => example('create_group', { owner_uin: w.me.uin, occupants_uin: [w.me.uin, w.peer.uin] }),
        () => ({ name: 'Netalo', type: 2, avatar_url: 'some url', owner_uin: num(w.me.uin), occupants_uins: [num(w.me.uin), num(w.peer.uin)] }),
      );
      const group = (await ok(w.socket, 'create_group', payload)).group as Obj;
      expect(groupProblems(group)).toEqual([]);
      expect(group).toMatchObject({ type: 2, name: 'Netalo', avatar_url: 'some url', owner_uin: w.me.uin, creator_uin: w.me.uin });
      expect(group.occupants_uins).toEqual([w.me.uin, w.peer.uin]);
    });

    it('update_group → {result: 0, group} (name, owner, push_all, pull_all)', async () => {
      const before = await communityGroup(w, [w.peer, w.carol, w.dave]);
      const groupId = before.group_id as string;
      const payload = pick(
        () => example('update_group', { group_id: groupId, owner_uin: w.me.uin, push_all: [w.me.uin, w.erin.uin], pull_all: [w.carol.uin, w.dave.uin] }),
        () => ({
          group_id: num(groupId),
          name: 'Netalo',
          avatar_url: 'some url',
          owner_uin: num(w.me.uin),
          push_all: [num(w.me.uin), num(w.erin.uin)],
          pull_all: [num(w.carol.uin), num(w.dave.uin)],
        }),
      );
      const group = (await ok(w.socket, 'update_group', payload)).group as Obj;
      expect(groupProblems(group)).toEqual([]);
      expect(group).toMatchObject({ group_id: groupId, name: 'Netalo', avatar_url: 'some url', owner_uin: w.me.uin });
      expect([...(group.occupants_uins as string[])].sort()).toEqual([w.me.uin, w.peer.uin, w.erin.uin].sort());
    });

    it('leave_group → {result: 0}', async () => {
      const group = await communityGroup(w, [w.peer, w.carol]);
      const payload = pick(() => example('leave_group', { group_id: group.group_id as string }), () => ({ group_id: num(group.group_id as string) }));
      await ok(w.socket, 'leave_group', payload);
    });

    it('delete_conversation → {result: 0}', async () => {
      const group = await direct(w, w.carol);
      await say(w.socket, group.group_id as string, 'to be cleared');
      const payload = pick(() => example('delete_conversation', { group_id: group.group_id as string }), () => ({ group_id: num(group.group_id as string) }));
      await ok(w.socket, 'delete_conversation', payload);
    });

    it('list_group → {result: 0, groups}, with presence of an accepted peer in status_list', async () => {
      const group = await direct(w, w.peer);
      const groupId = group.group_id as string;
      await say(w.socket, groupId, 'hello');
      await say(w.peerSocket, groupId, 'hello back'); // the peer accepts by answering
      const payload = pick(() => example('list_group', { uin: w.me.uin }), () => ({ uin: num(w.me.uin), pindex: 0, psize: 10, sort_by: 1 }));
      const groups = (await ok(w.socket, 'list_group', payload)).groups as Obj[];
      expect(groups.length).toBeGreaterThan(0);
      expect(groups.flatMap((g, i) => groupProblems(g, `groups[${i}]`))).toEqual([]);
      const listed = groups.find((g) => g.group_id === groupId);
      expect(listed?.status_list).toEqual([{ uin: w.peer.uin, online_status: 1, message_status: '', last_seen_at: expect.any(Number) }]);
    });

    it('block_user → {result: 0}', async () => {
      const group = await communityGroup(w, [w.peer, w.carol]);
      const payload = pick(
        () => example('block_user', { group_id: group.group_id as string, blocked_uin: w.carol.uin }),
        () => ({ group_id: num(group.group_id as string), blocked_uin: num(w.carol.uin) }),
      );
      await ok(w.socket, 'block_user', payload);
    });

    it('unblock_user → {result: 0} (the example says blocked_uin, the table unblocked_uin)', async () => {
      const group = await communityGroup(w, [w.peer, w.carol]);
      await ok(w.socket, 'block_user', { group_id: group.group_id, blocked_uin: w.carol.uin });
      const payload = pick(
        () => example('unblock_user', { group_id: group.group_id as string, blocked_uin: w.carol.uin }),
        () => ({ group_id: num(group.group_id as string), unblocked_uin: num(w.carol.uin) }),
      );
      await ok(w.socket, 'unblock_user', payload);
    });

    it('check_group → {result: 0, group}', async () => {
      const existing = await direct(w, w.dave);
      const payload = pick(
        () => example('check_group', { occupants_uin: [w.me.uin, w.dave.uin] }),
        () => ({ type: 1, occupants_uins: [num(w.me.uin), num(w.dave.uin)] }),
      );
      const group = (await ok(w.socket, 'check_group', payload)).group as Obj;
      expect(groupProblems(group)).toEqual([]);
      expect(group.group_id).toBe(existing.group_id);
    });

    it.each(['mute_group', 'unmute_group', 'pin_group', 'unpin_group'] as const)('%s → {result: 0}', async (event) => {
      const group = await communityGroup(w, [w.peer]);
      const payload = pick(() => example(event, { group_id: group.group_id as string }), () => ({ group_id: num(group.group_id as string) }));
      await ok(w.socket, event, payload);
    });

    it('create_message → {result: 0, message}', async () => {
      const group = await communityGroup(w, [w.peer], 'Chatters');
      const groupId = group.group_id as string;
      const payload = pick(
        () => example('create_message', { group_id: groupId }),
        // As real clients send it: no nonce, `attachments`, their sender_name.
        () => ({ group_id: num(groupId), type: 1, version: 0, sender_name: 'Me Myself', message: 'abc', attachments: '[]' }),
      );
      const message = (await ok(w.socket, 'create_message', payload)).message as Obj;
      expect(messageProblems(message)).toEqual([]);
      expect(message).toMatchObject({
        group_id: groupId,
        type: 1,
        message: 'abc',
        sender_uin: w.me.uin,
        sender_name: 'Me Myself',
        nonce: form === 'document' ? 'random' : '',
        recipient_uins: [w.peer.uin],
        group_type: 2,
        group_name: 'Chatters',
      });
    });

    it('update_message → {result: 0, message}: an edit, and (real clients) a receipt', async () => {
      const group = await communityGroup(w, [w.peer]);
      const groupId = group.group_id as string;
      const mine = await say(w.socket, groupId, 'first draft');
      const payload = pick(
        () => example('update_message', { group_id: groupId, message_id: mine.message_id as string }),
        () => ({ group_id: num(groupId), message_id: num(mine.message_id as string), message: 'abc' }),
      );
      const edited = (await ok(w.socket, 'update_message', payload)).message as Obj;
      expect(messageProblems(edited)).toEqual([]);
      expect(edited).toMatchObject({ message_id: mine.message_id, message: 'abc' });

      // The receipt form: a status and an empty message. The reader is then in seen_uins.
      const receipt =
        form === 'document'
          ? `{'group_id': ${groupId}, 'message_id': ${mine.message_id as string}, 'status': 3, 'message': ''}`
          : { group_id: num(groupId), message_id: num(mine.message_id as string), status: 3, message: '' };
      await ok(w.peerSocket, 'update_message', receipt);
      const listed = (await ok(w.socket, 'list_message', { group_id: groupId })).messages as Obj[];
      expect(listed.find((m) => m.message_id === mine.message_id)).toMatchObject({ received_uins: [w.peer.uin], seen_uins: [w.peer.uin] });
    });

    it('delete_message → {result: 0}', async () => {
      const group = await communityGroup(w, [w.peer]);
      const groupId = group.group_id as string;
      const mine = await say(w.socket, groupId, 'regrettable');
      const payload = pick(
        () => example('delete_message', { group_id: groupId, message_id: mine.message_id as string }),
        () => ({ group_id: num(groupId), message_id: num(mine.message_id as string) }),
      );
      await ok(w.socket, 'delete_message', payload);
    });

    it('list_message → {result: 0, messages}: between last_seen_message_id and last_message_id', async () => {
      const group = await communityGroup(w, [w.peer]);
      const groupId = group.group_id as string;
      const first = await say(w.socket, groupId, 'one');
      const second = await say(w.peerSocket, groupId, 'two');
      const third = await say(w.socket, groupId, 'three');
      const ids = { group_id: groupId, last_message_id: third.message_id as string, last_seen_message_id: first.message_id as string };
      const payload = pick(
        () => example('list_message', ids),
        () => ({ group_id: num(groupId), last_message_id: num(ids.last_message_id), last_seen_message_id: num(ids.last_seen_message_id), pindex: 0, psize: 20 }),
      );
      const messages = (await ok(w.socket, 'list_message', payload)).messages as Obj[];
      expect(messages.flatMap((m, i) => messageProblems(m, `messages[${i}]`))).toEqual([]);
      expect(messages.map((m) => m.message_id)).toEqual([second.message_id]);
      expect(messages[0]).toMatchObject({ sender_uin: w.peer.uin, recipient_uins: [w.me.uin], group_type: 2 });
    });

    it('event → {result: 0}: typing (8, 9) reaches the other members; an unknown type is ignored', async () => {
      const group = await communityGroup(w, [w.peer]);
      const groupId = group.group_id as string;
      await say(w.peerSocket, groupId, 'here'); // the peer accepts by answering
      const relayed = nextEvent<Obj>(w.peerSocket, 'event', (e) => e.group_id === groupId && e.type === 8);
      const payload = pick(
        () => example('event', { sender_uin: w.me.uin, receiver_uin: w.peer.uin, group_id: groupId }),
        () => ({ type: 8, group_id: num(groupId), sender_uin: num(w.me.uin), receiver_uin: num(w.peer.uin), data: '' }),
      );
      await ok(w.socket, 'event', payload);
      expect(await relayed).toMatchObject({ type: 8, group_id: groupId, sender_uin: w.me.uin, data: '' });
      const stopped = nextEvent<Obj>(w.peerSocket, 'event', (e) => e.group_id === groupId && e.type === 9);
      await ok(w.socket, 'event', { type: 9, group_id: num(groupId) });
      expect(await stopped).toMatchObject({ type: 9, sender_uin: w.me.uin });
      await ok(w.socket, 'event', { type: 42, group_id: num(groupId) });
    });

    // ---- calls: each in a group of its own, me calling the peer ----

    /** A group with the peer, and a call of mine ringing in it. */
    async function ringing(): Promise<{ groupId: string; callId: string }> {
      const group = await communityGroup(w, [w.peer], 'Callers');
      const groupId = group.group_id as string;
      const call = (await ok(w.socket, 'create_call', { group_id: groupId, media_type: 2 })).call as Obj;
      return { groupId, callId: call.call_id as string };
    }

    /** The same, answered by the peer. */
    async function answered(): Promise<{ groupId: string; callId: string }> {
      const call = await ringing();
      await ok(w.peerSocket, 'answer_call', { call_id: call.callId, answer: 1 });
      return call;
    }

    const hangUp = (callId: string) => ok(w.socket, 'stop_call', { call_id: callId });

    it('create_call → {result: 0, call}; the callee is pushed start_call {call}', async () => {
      const group = await communityGroup(w, [w.peer], 'Callers');
      const groupId = group.group_id as string;
      const rang = nextEvent<Obj>(w.peerSocket, 'start_call', (e) => (e.call as Obj)?.group_id === groupId);
      const payload = pick(
        () => example('create_call', { group_id: groupId, caller_uin: w.me.uin, callee_uins: [w.peer.uin, w.me.uin] }),
        // As real clients send it: numbers, the callee list without the caller, the labels.
        () => ({ group_id: num(groupId), caller_uin: num(w.me.uin), callee_uins: [num(w.peer.uin)], media_type: 2, group_name: 'Callers', sender_name: 'Me Myself' }),
      );
      const call = (await ok(w.socket, 'create_call', payload)).call as Obj;
      expect(callProblems(call)).toEqual([]);
      expect(call).toMatchObject({ group_id: groupId, media_type: 2, call_status: 1, caller_uin: w.me.uin, callee_uins: [w.peer.uin], joined_uins: [w.me.uin], group_name: 'Callers', sender_name: 'Me Myself', accepted_at: 0, stopped_at: 0 });
      expect((await rang).call).toEqual(call);
      await hangUp(call.call_id as string);
    });

    it('answer_call → {result: 0, call} (the example has no `answer`: it accepts); the caller is pushed answer_call', async () => {
      const { groupId, callId } = await ringing();
      const told = nextEvent<Obj>(w.socket, 'answer_call', (e) => e.call_id === callId);
      const payload = pick(
        () => example('answer_call', { call_id: callId, group_id: groupId, uin: w.peer.uin }),
        () => ({ call_id: num(callId), group_id: num(groupId), callee_uin: num(w.peer.uin), answer: 1 }),
      );
      const call = (await ok(w.peerSocket, 'answer_call', payload)).call as Obj;
      expect(callProblems(call)).toEqual([]);
      expect(call).toMatchObject({ call_id: callId, call_status: 1, joined_uins: [w.me.uin, w.peer.uin] });
      expect(await told).toMatchObject({ call_id: callId, group_id: groupId, uin: w.peer.uin, callee_uin: w.peer.uin, answer: 1 });
      expect(callProblems((await told).call)).toEqual([]);
      await hangUp(callId);
    });

    it('stop_call → {result: 0}; the others are pushed stop_call with the call over', async () => {
      const { groupId, callId } = await answered();
      const told = nextEvent<Obj>(w.peerSocket, 'stop_call', (e) => e.call_id === callId);
      const payload = pick(
        () => example('stop_call', { call_id: callId, group_id: groupId, uin: w.me.uin }),
        () => ({ call_id: num(callId), group_id: num(groupId), uin: num(w.me.uin) }),
      );
      await ok(w.socket, 'stop_call', payload);
      const stop = await told;
      expect(stop).toMatchObject({ call_id: callId, group_id: groupId, uin: w.me.uin, call_status: 3 });
      expect(callProblems(stop.call)).toEqual([]);
    });

    it('call_status → {result: 0, call_id, group_id, call_status}', async () => {
      const { groupId, callId } = await ringing();
      const payload = pick(() => example('call_status', { call_id: callId, group_id: groupId }), () => ({ call_id: num(callId), group_id: num(groupId) }));
      const answer = await ok(w.peerSocket, 'call_status', payload);
      expect(answer).toMatchObject({ call_id: callId, group_id: groupId, call_status: 1 });
      expect(callProblems(answer.call)).toEqual([]);
      await hangUp(callId);
    });

    it('ice_sdp → {result: 0}; relayed to the receiver', async () => {
      const { groupId, callId } = await answered();
      const relayed = nextEvent<Obj>(w.peerSocket, 'ice_sdp', (e) => e.call_id === callId);
      const payload = pick(
        () => example('ice_sdp', { call_id: callId, group_id: groupId, sender_uin: w.me.uin, receiver_uin: w.peer.uin }),
        () => ({ call_id: num(callId), group_id: num(groupId), sender_uin: num(w.me.uin), receiver_uin: num(w.peer.uin), type: 1, sdp: 'sdp' }),
      );
      await ok(w.socket, 'ice_sdp', payload);
      expect(await relayed).toEqual({ call_id: callId, group_id: groupId, sender_uin: w.me.uin, receiver_uin: w.peer.uin, type: 1, sdp: 'sdp' });
      await hangUp(callId);
    });

    it('ice_candidate → {result: 0}; relayed to the receiver', async () => {
      const { groupId, callId } = await answered();
      const relayed = nextEvent<Obj>(w.peerSocket, 'ice_candidate', (e) => e.call_id === callId);
      const payload = pick(
        () => example('ice_candidate', { call_id: callId, group_id: groupId, sender_uin: w.me.uin, receiver_uin: w.peer.uin }),
        () => ({ call_id: num(callId), group_id: num(groupId), sender_uin: num(w.me.uin), receiver_uin: num(w.peer.uin), candidate: 'candidate', sdp_mid: '0', sdp_mline_index: 0 }),
      );
      await ok(w.socket, 'ice_candidate', payload);
      expect(await relayed).toEqual({
        call_id: callId,
        group_id: groupId,
        sender_uin: w.me.uin,
        receiver_uin: w.peer.uin,
        candidate: 'candidate',
        sdp_mid: '0',
        sdp_mline_index: 0,
      });
      await hangUp(callId);
    });

    it('event → {result: 0}: call types (1-7) reach the receiver in the call', async () => {
      const { groupId, callId } = await answered();
      const relayed = nextEvent<Obj>(w.peerSocket, 'event', (e) => e.call_id === callId && e.type === 6);
      const payload = pick(
        () => `{'type': 6, 'sender_uin': ${w.me.uin}, 'receiver_uin': ${w.peer.uin}, 'data': '', 'group_id': ${groupId}, 'call_id': ${callId}}`,
        () => ({ type: 6, sender_uin: num(w.me.uin), receiver_uin: num(w.peer.uin), data: '', group_id: num(groupId), call_id: num(callId) }),
      );
      await ok(w.socket, 'event', payload);
      expect(await relayed).toEqual({ type: 6, sender_uin: w.me.uin, receiver_uin: w.peer.uin, call_id: callId, group_id: groupId, data: '' });
      await hangUp(callId);
    });
  });

});

