// The Haraj front's /chat/ws as the document writes it: `auth`, `listen`, `unlisten` with
// their success and error responses, the generic 400, presence packets, and what hostile
// clients send (bad JSON, unknown commands, binary and oversized frames, expired tokens).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, authedSocket, openSocket, signIn, startHarajServer, type HarajTestServer, type RawSocket, type Signed } from './haraj-support';

let h: HarajTestServer;
let alice: Signed;
let bob: Signed;
let carol: Signed;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  h = await startHarajServer();
  [alice, bob, carol] = await Promise.all([signIn(h.url, 'alice'), signIn(h.url, 'bob'), signIn(h.url, 'carol')]);
  // alice and bob share a topic; carol shares none with either.
  await api(h.url, 'POST', '/chat/topics', { token: alice.access, body: { type: 'p2p', peer_id: bob.userId } });
});
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await h.stop();
});

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const ts = expect.stringMatching(ISO);

async function open(): Promise<RawSocket> {
  const s = await openSocket(h.url);
  sockets.push(s);
  return s;
}
async function authed(who: Signed): Promise<RawSocket> {
  const s = await authedSocket(h.url, who);
  sockets.push(s);
  return s;
}

describe('Haraj /chat/ws commands', () => {
  it('authenticates with the document\'s success and error responses', async () => {
    const s = await open();
    s.send({ auth: { id: 'authenticate socket', access_token: 'wrong' } });
    expect(await s.next((p) => p.id === 'authenticate socket')).toEqual({ id: 'authenticate socket', status: 401, err: 'ERR_INVALID_ACCESS_TOKEN', ts });
    const from = s.packets.length;
    s.send({ auth: { id: 'authenticate socket', access_token: alice.access } });
    expect(await s.next((p) => p.id === 'authenticate socket', from)).toEqual({ id: 'authenticate socket', status: 200, data: { user_id: alice.userId }, ts });
  });

  it('refuses listen before auth, and listen / unlisten of a peer without a p2p topic', async () => {
    const s = await open();
    expect(await s.command('listen', { peer_id: bob.userId })).toEqual({ id: expect.any(String), status: 401, err: 'ERR_INVALID_ACCESS_TOKEN', ts });
    const a = await authed(alice);
    const refused = await a.command('listen', { peer_id: carol.userId });
    expect(refused).toEqual({ id: refused.id, status: 403, err: 'ERR_FORBIDDEN_ACCESS', ts });
    expect(await a.command('unlisten', { peer_id: carol.userId })).toMatchObject({ status: 403, err: 'ERR_FORBIDDEN_ACCESS' });
    expect(await a.command('listen', { peer_id: alice.userId })).toMatchObject({ status: 403, err: 'ERR_FORBIDDEN_ACCESS' });
    expect(await a.command('listen', { peer_id: 'bob' })).toMatchObject({ status: 400, err: 'ERR_BAD_REQUEST' });
  });

  it('listens to a peer\'s presence: is_online now, then online / offline packets, until unlisten', async () => {
    const a = await authed(alice);
    const listen = await a.command('listen', { peer_id: bob.userId });
    expect(listen).toEqual({ id: listen.id, status: 200, data: { user_id: alice.userId, peer_id: bob.userId, is_online: false }, ts });
    const b = await authed(bob);
    expect(await a.next((p) => (p.pres as { what?: string } | undefined)?.what === 'online')).toEqual({ pres: { what: 'online', from_id: bob.userId, ts } });
    b.ws.close();
    expect(await a.next((p) => (p.pres as { what?: string } | undefined)?.what === 'offline')).toEqual({ pres: { what: 'offline', from_id: bob.userId, ts } });
    const unlisten = await a.command('unlisten', { peer_id: bob.userId });
    expect(unlisten).toEqual({ id: unlisten.id, status: 200, data: { user_id: alice.userId, peer_id: bob.userId }, ts });
    const from = a.packets.length;
    const again = await authed(bob);
    // A round trip after bob's auth: had an `online` been sent, it would have come before this answer.
    await a.command('listen', { peer_id: bob.userId });
    expect(a.packets.slice(from).filter((p) => p.pres !== undefined)).toEqual([]);
    again.ws.close();
  });

  it('forgets what a socket listened to when it authenticates as another user', async () => {
    const s = await authed(alice);
    expect(await s.command('listen', { peer_id: bob.userId })).toMatchObject({ status: 200 });
    expect(await s.command('auth', { access_token: carol.access })).toMatchObject({ status: 200, data: { user_id: carol.userId } });
    const from = s.packets.length;
    const b = await authed(bob);
    // A round trip after bob's auth: an `online` for the old listen would have come first.
    expect(await s.command('listen', { peer_id: bob.userId })).toMatchObject({ status: 403 });
    expect(s.packets.slice(from).filter((p) => p.pres !== undefined)).toEqual([]);
    b.ws.close();
  });

  it('answers frames that are not one known command with the generic 400, keeping the id when it can read one', async () => {
    const s = await authed(alice);
    const generic = { status: 400, err: 'ERR_BAD_REQUEST', ts };
    let from = s.packets.length;
    s.send('{"auth": ');
    expect(await s.next(() => true, from)).toEqual(generic);
    from = s.packets.length;
    s.send('[1, 2]');
    expect(await s.next(() => true, from)).toEqual(generic);
    from = s.packets.length;
    s.send({ subscribe: { id: 'x1', topic: 'all' } });
    expect(await s.next(() => true, from)).toEqual({ id: 'x1', ...generic });
    from = s.packets.length;
    s.send({ listen: { id: 'x2', peer_id: bob.userId }, unlisten: { id: 'x2', peer_id: bob.userId } });
    expect(await s.next(() => true, from)).toEqual({ id: 'x2', ...generic });
    from = s.packets.length;
    s.ws.send(Buffer.from('{"auth":{}}'), { binary: true });
    expect(await s.next(() => true, from)).toEqual(generic);
    from = s.packets.length;
    s.send({ auth: { id: { nested: true }, access_token: alice.access } });
    expect(await s.next(() => true, from)).toEqual(generic);
    // Still working after all that.
    expect(await s.command('listen', { peer_id: bob.userId })).toMatchObject({ status: 200 });
  });

  it('closes a socket that sends an oversized frame (1009), and nothing else is disturbed', async () => {
    const s = await open();
    s.send({ auth: { id: 'big', access_token: 'x'.repeat(20_000) } });
    expect((await s.closed).code).toBe(1009);
    const other = await authed(bob);
    expect(await other.command('listen', { peer_id: alice.userId })).toMatchObject({ status: 200 });
  });

  it('refuses an expired access token at auth; the refreshed one authenticates', async () => {
    const me = await signIn(h.url, 'carol');
    h.advance(60 * 60 * 1000 + 1);
    const s = await open();
    expect(await s.command('auth', { access_token: me.access })).toMatchObject({ status: 401, err: 'ERR_INVALID_ACCESS_TOKEN' });
    const refreshed = await api(h.url, 'POST', '/chat/sessions/refresh', { body: { refresh_token: me.refresh } });
    const access = (refreshed.body.data as { access_token: string }).access_token;
    expect(await s.command('auth', { access_token: access })).toMatchObject({ status: 200, data: { user_id: me.userId } });
  });

  it('serves /chat/ws only: another path is refused', async () => {
    const ws = new WebSocket(h.url.replace(/^http/, 'ws') + '/chat/other');
    ws.on('error', () => undefined); // the refusal also surfaces as an error: expected here
    const status = await new Promise<number>((resolve) =>
      ws.once('unexpected-response', (req, res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      }),
    );
    expect(status).toBe(404);
  });
});
