// The AZStack front's contract with the official SDK, one row per service: the request in
// the field forms of ../shared/protocol-notes.md (AZStack, Service numbers), and the shape
// of every reply and push it causes — every field the SDK reads, with its type (numbers
// where the SDK needs numbers). A second table sends each service a bad body and checks
// the failure reply carries what the SDK matches on (or that nothing comes back).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AzClient, msgId, signIn, startAzServer, type AzTestServer, type Body } from './azstack-support';

const int = z.number().int();
const r0 = z.literal(0);
const r1 = z.literal(1);
const chatType = z.union([z.literal(1), z.literal(2)]);
const userInfo = z.object({ userId: int, username: z.string(), fullname: z.string(), status: z.union([r0, r1]), lastVisitDate: int });
const historyItem = z.object({ senderId: int, receiverId: int, msgId: int, status: int, deleted: int, created: int, modified: int, serviceType: int });
const lastMsg = z.object({ sender: int, msgId: int, status: int, created: int, serviceType: int, msg: z.string(), msgType: int });
const groupCreated = z.object({ type: z.union([r0, r1]), group: int, msgId: int, admin: int, name: z.string(), members: z.array(int), created: int });

type Who = 'a' | 'a2' | 'b' | 'c';
interface Ctx {
  alice: number;
  bob: number;
  carol: number;
  group: number;
  publicGroup: number;
  text: number;
  groupText: number;
  callId: number;
}
interface Row {
  service: number;
  what: string;
  from?: Who;
  body: (x: Ctx) => unknown;
  /** The reply's shape (on `replyService`, else the same number); absent = no reply expected. */
  reply?: z.ZodType;
  replyService?: number;
  pushes?: Array<{ to: Who; service: number; shape: z.ZodType }>;
  after?: (reply: Body, x: Ctx) => void;
}

const rows: Row[] = [
  { service: 1, what: 'keep-alive', body: () => ({}) },
  {
    service: 72,
    what: '1:1 text',
    body: (x) => ({ msgId: (x.text = msgId()), to: x.bob, msg: 'contract' }),
    reply: z.object({ r: z.union([r0, r1]), from: int, msgId: int }),
    pushes: [
      { to: 'b', service: 73, shape: z.object({ from: int, msgId: int, time: int, msg: z.string() }) },
      { to: 'a2', service: 174, shape: z.object({ to: int, msgId: int, time: int, msg: z.string() }) },
    ],
  },
  {
    service: 167,
    what: 'delivered 1:1',
    from: 'b',
    body: (x) => ({ to: x.alice, msgId: x.text }),
    pushes: [{ to: 'a', service: 167, shape: z.object({ from: int, msgId: int }) }],
  },
  {
    service: 153,
    what: 'seen 1:1',
    from: 'b',
    body: (x) => ({ type: 1, chatId: x.alice, senderId: x.alice, msgId: x.text }),
    reply: z.object({ r: z.union([r0, r1]), type: z.literal(1), msgId: int, from: int }),
    pushes: [{ to: 'a', service: 153, shape: z.object({ type: z.literal(1), from: int, senderId: int, msgId: int }).refine((b) => !('r' in b)) }],
  },
  { service: 142, what: 'typing 1:1', body: (x) => ({ to: x.bob }), pushes: [{ to: 'b', service: 142, shape: z.object({ from: int }) }] },
  {
    service: 170,
    what: 'conversations',
    from: 'b',
    body: () => ({ page: 1, lastCreated: Date.now() }),
    reply: z.object({ done: z.union([r0, r1]), page: int, list: z.array(z.object({ type: chatType, chatId: int, modified: int, unread: int, lastMsg })).min(1) }),
  },
  {
    service: 173,
    what: 'unread messages',
    from: 'b',
    body: (x) => ({ page: 1, type: 1, chatId: x.alice }),
    reply: z.object({ type: chatType, chatId: int, done: z.union([r0, r1]), page: int, list: z.array(historyItem) }),
  },
  {
    service: 169,
    what: 'history page',
    from: 'b',
    body: (x) => ({ page: 1, lastCreated: Date.now(), type: 1, chatId: x.alice }),
    reply: z.object({ type: chatType, chatId: int, done: z.union([r0, r1]), page: int, list: z.array(historyItem.extend({ msg: z.string() })).min(1) }),
  },
  {
    service: 164,
    what: 'users by ids',
    body: (x) => ({ purpose: 'contract', userIdList: [x.bob] }),
    reply: z.object({ r: r1, purpose: z.literal('contract'), done: int, userInfoList: z.array(userInfo).length(1) }),
  },
  {
    service: 165,
    what: 'users by usernames',
    body: () => ({ purpose: 'names', usernameList: ['bob', 'carol'] }),
    reply: z.object({ r: r1, purpose: z.literal('names'), done: int, userInfoList: z.array(userInfo).length(2) }),
  },
  {
    service: 42,
    what: 'create group',
    body: (x) => ({ msgId: msgId(), type: 0, name: 'Contract', members: [x.bob] }),
    reply: groupCreated.extend({ r: r1 }),
    pushes: [
      { to: 'b', service: 143, shape: groupCreated },
      { to: 'a2', service: 143, shape: groupCreated },
    ],
    after: (reply, x) => {
      x.group = reply.group as number;
    },
  },
  {
    service: 45,
    what: 'group text',
    body: (x) => ({ msgId: (x.groupText = msgId()), group: x.group, msg: 'to the group' }),
    reply: z.object({ r: z.union([r0, r1]), group: int, msgId: int }),
    pushes: [
      { to: 'b', service: 146, shape: z.object({ group: int, from: int, msgId: int, created: int, msg: z.string() }) },
      { to: 'a2', service: 176, shape: z.object({ group: int, from: int, msgId: int, created: int, msg: z.string() }) },
    ],
  },
  {
    service: 74,
    what: 'delivered group',
    from: 'b',
    body: (x) => ({ group: x.group, msgId: x.groupText, msgSender: x.alice }),
    pushes: [{ to: 'a', service: 74, shape: z.object({ group: int, from: int, msgId: int }) }],
  },
  {
    service: 153,
    what: 'seen group',
    from: 'b',
    body: (x) => ({ type: 2, chatId: x.group, senderId: x.alice, msgId: x.groupText }),
    reply: z.object({ r: z.union([r0, r1]), type: z.literal(2), chatId: int, msgId: int, from: int }),
    pushes: [{ to: 'a', service: 153, shape: z.object({ type: z.literal(2), chatId: int, from: int, msgId: int }) }],
  },
  { service: 149, what: 'typing group', from: 'b', body: (x) => ({ group: x.group }), pushes: [{ to: 'a', service: 149, shape: z.object({ group: int, from: int }) }] },
  {
    service: 44,
    what: 'invite',
    body: (x) => ({ msgId: msgId(), group: x.group, members: [x.carol] }),
    reply: z.object({ r: r0, group: int, msgId: int, inviteResult: z.array(z.object({ user: int, r: int })).length(1), created: int }),
    pushes: [{ to: 'c', service: 144, shape: z.object({ group: int, from: int, msgId: int, invited: z.array(int), created: int }) }],
  },
  {
    service: 150,
    what: 'rename',
    body: (x) => ({ msgId: msgId(), group: x.group, name: 'Renamed' }),
    reply: z.object({ r: r0, group: int, msgId: int, newName: z.string(), created: int }),
    pushes: [{ to: 'b', service: 152, shape: z.object({ group: int, from: int, msgId: int, name: z.string(), created: int }) }],
  },
  {
    service: 159,
    what: 'change admin',
    body: (x) => ({ msgId: msgId(), group: x.group, newAdmin: x.bob, from: x.alice }),
    reply: z.object({ r: r0, group: int, msgId: int, newAdmin: int, created: int }),
    pushes: [{ to: 'c', service: 160, shape: z.object({ group: int, from: int, msgId: int, newAdmin: int, created: int }) }],
  },
  {
    service: 148,
    what: 'group details',
    body: (x) => ({ group: x.group, requestId: 77 }),
    reply: z.object({
      r: r0,
      requestId: z.literal(77),
      type: int,
      group: int,
      name: z.string(),
      admin: int,
      members: z.array(z.object({ userId: int, username: z.string(), fullname: z.string(), online: int, lastVisitDate: int })).length(3),
    }),
  },
  { service: 147, what: 'private groups', body: () => ({}), reply: z.array(z.object({ groupId: int, name: z.string(), admin: int, members: z.array(int) })).min(1) },
  {
    service: 151,
    what: 'recall group',
    body: (x) => ({ type: 2, chatId: x.group, group: x.group, msgId: x.groupText }),
    reply: z.object({ r: z.union([r0, r1]), msgId: int }),
    pushes: [{ to: 'b', service: 151, shape: z.object({ group: int, from: int, msgId: int }) }],
  },
  {
    service: 43,
    what: 'leave',
    from: 'c',
    body: (x) => ({ msgId: msgId(), group: x.group, leaveUser: x.carol, newAdmin: 0 }),
    reply: z.object({ r: r0, group: int, msgId: int, leaveUserId: int, created: int }),
    pushes: [{ to: 'a', service: 145, shape: z.object({ group: int, from: int, msgId: int, leaveUser: int, newAdmin: int, created: int }) }],
  },
  {
    service: 42,
    what: 'create public group',
    from: 'b',
    body: () => ({ msgId: msgId(), type: 1, name: 'Public', members: [] }),
    reply: groupCreated.extend({ r: r1 }),
    after: (reply, x) => {
      x.publicGroup = reply.group as number;
    },
  },
  {
    service: 198,
    what: 'public groups',
    body: () => ({}),
    reply: z.object({ done: int, list: z.array(z.object({ groupId: int, name: z.string(), admin: int, count: int, inGroup: int, autoJoin: int })).min(1) }),
  },
  {
    service: 197,
    what: 'join public group',
    from: 'c',
    body: (x) => ({ msgId: msgId(), group: x.publicGroup }),
    reply: z.object({ r: r0, group: int, msgId: int, created: int }),
    pushes: [{ to: 'b', service: 197, shape: z.object({ group: int, from: int, msgId: int, created: int }).refine((b) => !('r' in b)) }],
  },
  {
    service: 127,
    what: 'recall 1:1',
    body: (x) => ({ type: 1, chatId: x.bob, to: x.bob, id: x.text }),
    reply: z.object({ r: z.union([r0, r1]), id: int, from: int }),
    pushes: [{ to: 'b', service: 127, shape: z.object({ from: int, to: int, id: int }).refine((b) => !('r' in b)) }],
  },
  {
    service: 168,
    what: 'delete message',
    from: 'b',
    body: (x) => ({ type: 1, chatId: x.alice, senderId: x.alice, msgId: x.text }),
    reply: z.object({ r: r0 }),
  },
  {
    service: 171,
    what: 'delete conversation',
    from: 'b',
    body: (x) => ({ chatId: x.alice, type: 1, lastTimeCreated: Date.now() }),
    reply: z.object({ r: r0, type: chatType, chatId: int }),
  },
  {
    service: 186,
    what: 'call offer',
    body: (x) => ({ callId: (x.callId = msgId()), mediaType: 1, to: x.bob, sdp: { type: 'offer', sdp: 'v=0\r\n' } }),
    pushes: [{ to: 'b', service: 186, shape: z.object({ callId: int, mediaType: int, to: int, from: int, sdp: z.object({ type: z.string(), sdp: z.string() }) }) }],
  },
  {
    service: 187,
    what: 'call ICE',
    body: (x) => ({ callId: x.callId, to: x.bob, type: 2, data: { sdpMid: '0', sdpMLineIndex: 0, sdp: 'candidate:1' } }),
    pushes: [{ to: 'b', service: 187, shape: z.object({ callId: int, to: int, from: int, type: z.literal(2), data: z.object({ sdpMid: z.string(), sdpMLineIndex: int, sdp: z.string() }) }) }],
  },
  {
    service: 188,
    what: 'call status',
    from: 'b',
    body: (x) => ({ callId: x.callId, to: x.alice, status: 180 }),
    pushes: [{ to: 'a', service: 188, shape: z.object({ callId: int, from: int, to: int, status: int }) }],
  },
  {
    service: 199,
    what: 'call status on my other device',
    body: (x) => ({ callId: x.callId, to: x.bob, status: 700 }),
    pushes: [{ to: 'a2', service: 199, shape: z.object({ callId: int, to: int, status: int }) }],
  },
  { service: 105, what: 'app state', body: () => ({ state: 2 }), reply: z.object({}) },
  { service: 38, what: 'push register', body: () => ({ id: 'token', type: 1, appBundleId: 'x' }), replyService: 39, reply: z.object({ r: r1 }) },
  { service: 40, what: 'push unregister', body: () => ({ id: 'token' }), replyService: 41, reply: z.object({ r: r1 }) },
  { service: 112, what: 'stickers', body: () => ({ default: 1 }), reply: z.object({ packets: z.array(z.unknown()) }) },
];

/** A bad body per service, and the failure reply the SDK can settle with (null: nothing comes back). */
const failures: Array<{ service: number; body: unknown; reply: z.ZodType | null }> = [
  { service: 72, body: { msgId: 1, to: 1 }, reply: z.object({ r: z.literal(2), from: int, msgId: z.literal(1) }) },
  { service: 45, body: { msgId: 2, group: 999_999, msg: 'x' }, reply: z.object({ r: z.literal(2), group: int, msgId: z.literal(2) }) },
  { service: 153, body: { chatId: 'x', msgId: 3 }, reply: z.object({ r: z.literal(2), type: z.literal(1), msgId: z.literal(3) }) },
  { service: 127, body: { type: 1, to: 1, id: 4 }, reply: z.object({ r: z.literal(2), id: z.literal(4) }) },
  { service: 151, body: { group: 1, msgId: 5 }, reply: z.object({ r: z.literal(2), msgId: z.literal(5) }) },
  { service: 168, body: { type: 1, chatId: 1, senderId: 1, msgId: 6 }, reply: z.object({ r: z.literal(1) }) },
  { service: 170, body: '[]', reply: z.object({ done: z.literal(1), page: int, list: z.array(z.unknown()).length(0) }) },
  { service: 171, body: {}, reply: z.object({ r: z.literal(1), type: chatType, chatId: int }) },
  { service: 173, body: { type: 3 }, reply: z.object({ type: chatType, chatId: int, done: z.literal(1), page: int, list: z.array(z.unknown()).length(0) }) },
  { service: 169, body: 'not json', reply: z.object({ type: chatType, chatId: int, done: z.literal(1), page: int, list: z.array(z.unknown()).length(0) }) },
  { service: 164, body: { purpose: 'f', userIdList: [-1] }, reply: z.object({ r: r0, purpose: z.literal('f'), userInfoList: z.array(z.unknown()).length(0) }) },
  { service: 165, body: { purpose: 'g' }, reply: z.object({ r: r0, purpose: z.literal('g'), userInfoList: z.array(z.unknown()).length(0) }) },
  { service: 42, body: { msgId: 7, name: '' , members: [] }, reply: z.object({ r: r0, msgId: z.literal(7) }) },
  { service: 44, body: { msgId: 8, group: 999_999, members: [1] }, reply: z.object({ r: r1, msgId: z.literal(8), inviteResult: z.array(z.unknown()) }) },
  { service: 43, body: { msgId: 9, group: 999_999, leaveUser: 1 }, reply: z.object({ r: r1, msgId: z.literal(9) }) },
  { service: 150, body: { msgId: 10, group: 999_999, name: 'x' }, reply: z.object({ r: r1, msgId: z.literal(10) }) },
  { service: 159, body: { msgId: 11, group: 999_999, newAdmin: 1 }, reply: z.object({ r: r1, msgId: z.literal(11) }) },
  { service: 197, body: { msgId: 12, group: 999_999 }, reply: z.object({ r: r1, msgId: z.literal(12) }) },
  { service: 148, body: { group: 999_999, requestId: 'q' }, reply: z.object({ r: r1, requestId: z.literal('q') }) },
  { service: 147, body: 'null', reply: z.array(z.unknown()).length(0) },
  { service: 198, body: 'null', reply: z.object({ done: z.literal(1), list: z.array(z.unknown()).length(0) }) },
  { service: 167, body: { to: 'x' }, reply: null },
  { service: 74, body: {}, reply: null },
  { service: 142, body: {}, reply: null },
  { service: 149, body: {}, reply: null },
  { service: 186, body: { callId: 1 }, reply: null },
  { service: 187, body: { callId: 1 }, reply: null },
  { service: 188, body: { callId: 1 }, reply: null },
];

let az: AzTestServer;
const clients = {} as Record<Who, AzClient>;
const x = {} as Ctx;

beforeAll(async () => {
  az = await startAzServer();
  const [a, a2, b, c] = await Promise.all([
    signIn(az, 'alice', 'alice-parley'),
    signIn(az, 'alice', 'alice-parley'),
    signIn(az, 'bob', 'bob-parley'),
    signIn(az, 'carol', 'carol-parley'),
  ]);
  Object.assign(clients, { a: a.client, a2: a2.client, b: b.client, c: c.client });
  Object.assign(x, { alice: a.userId, bob: b.userId, carol: c.userId });
});
afterAll(async () => {
  await az.stop();
});

/** Every packet a client got comes through `next`; a marker round trip shows nothing else came. */
async function nothingElse(who: Who, service: number): Promise<void> {
  const client = clients[who];
  client.send(164, { purpose: `marker-${service}`, userIdList: [] });
  await client.next(164, (b) => b.purpose === `marker-${service}`);
  expect(client.pending(service)).toEqual([]);
}

describe('every service, with the notes\' field forms', () => {
  it('29 on a master socket → {ip, port}; 179 → 162 {userId, username, fullname, ice_server}', async () => {
    const master = new AzClient(az.url);
    await master.connected();
    master.send(29, { azStackUserId: 'alice' });
    expect(z.object({ ip: z.string(), port: int }).safeParse(await master.next(29)).success).toBe(true);
    master.close();
    const { reply } = await signIn(az, 'bob', 'bob-parley');
    const shape = z.object({ userId: int, username: z.string(), fullname: z.string(), ice_server: z.array(z.object({ url: z.string(), username: z.string(), password: z.string() })) });
    expect(shape.safeParse(reply).error?.issues ?? []).toEqual([]);
  });

  for (const row of rows) {
    it(`${row.service} ${row.what}`, async () => {
      const sender = clients[row.from ?? 'a'];
      sender.send(row.service, row.body(x));
      if (row.reply) {
        const reply = await sender.nextPacket(row.replyService ?? row.service, (p) => row.service !== 153 || 'r' in ((p.body ?? {}) as Body));
        expect(typeof reply.raw).toBe('string'); // the SDK JSON.parses every body
        expect(row.reply.safeParse(reply.body).error?.issues ?? []).toEqual([]);
        row.after?.(reply.body as Body, x);
      }
      for (const push of row.pushes ?? []) {
        const got = await clients[push.to].next(push.service);
        expect(push.shape.safeParse(got).error?.issues ?? [], `push ${push.service} to ${push.to}`).toEqual([]);
      }
      if (!row.reply) await nothingElse(row.from ?? 'a', row.service);
    });
  }
});

describe('every service, with a bad body', () => {
  for (const f of failures) {
    it(`${f.service} answers ${f.reply ? 'a failure the SDK settles on' : 'nothing'}`, async () => {
      const a = clients.a;
      a.send(f.service, f.body);
      if (f.reply) {
        const reply = await a.next(f.service);
        expect(f.reply.safeParse(reply).error?.issues ?? []).toEqual([]);
      } else {
        await nothingElse('a', f.service);
        await nothingElse('b', f.service);
      }
    });
  }
});
