// A restart of the server keeps everything the Mingdao front holds (SQLite, migration 9):
// sessions (pss_id), messages not yet read (delivered at the next connection), unread
// counts, pins, groups and memberships, removed contacts, the inbox notice; and ids keep
// growing.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, startMingdaoServer, type MingdaoServer } from './mingdao-support';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-mingdao-restart-'));
let server: MingdaoServer | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Mingdao front across a restart', () => {
  it('keeps sessions, unread messages and counts, pins, groups, removed contacts and the inbox', async () => {
    server = await startMingdaoServer({ dataDir });
    const [alice, bob, carol] = await Promise.all([server.login('alice'), server.login('bob'), server.login('carol')]);
    const a = await server.online(alice);
    const c = await server.online(carol);
    const sent: string[] = [];
    for (const msg of ['while', 'you were out']) sent.push(((await call(a.socket, 'send message', { touser: bob.accountId, msg })) as [{ id: string }])[0].id);
    const [, group] = (await call(a.socket, 'create group', { name: 'Kept', members: [bob.accountId, carol.accountId] })) as [false, { id: string }];
    const [{ id: groupMessage }] = (await call(c.socket, 'send group message', { togroup: group.id, msg: 'in the group' })) as [{ id: string }];
    expect(await call(a.socket, 'sticky on top', { type: 2, id: group.id, top: true })).toEqual([false, 1]);
    expect(await call(c.socket, 'remove contact', { id: alice.accountId })).toEqual([false, 1]);
    const before = (await call(a.socket, 'sessions')) as [false, { list: unknown[] }];
    await server.stop();

    server = await startMingdaoServer({ dataDir });
    // The same pss_id still signs in; bob is pushed what came while he was away, oldest first.
    const b = await server.online(bob);
    await call(b.socket, 'current chat', { id: '' });
    const pushed = [...(b.seen.get('new message') ?? []), ...(b.seen.get('new group message') ?? [])] as Array<{ id: string; msg: { con: string } }>;
    expect(pushed.map((m) => m.id)).toEqual([...sent, groupMessage]);
    expect(await call(b.socket, 'unread count')).toEqual([
      false,
      { user: [{ id: alice.accountId, num: 2 }], group: [{ id: group.id, num: 1, ispush: true, at: false }], num: 3, notPush: 0 },
    ]);
    expect(b.seen.get('new inbox message')).toHaveLength(1); // bob's first connection was this one

    const a2 = await server.online(alice);
    expect(a2.seen.get('new inbox message')).toBeUndefined(); // alice's welcome was before the restart
    expect(await call(a2.socket, 'sessions')).toEqual(before);
    expect((before[1].list[0] as { type: number; top: boolean }).top).toBe(true);
    expect(await call(a2.socket, 'send message', { touser: carol.accountId, msg: 'hello?' })).toEqual([{ error: 'removeit' }]);
    const [{ id: later }] = (await call(a2.socket, 'send group message', { togroup: group.id, msg: 'after' })) as [{ id: string }];
    expect(BigInt(later) > BigInt(groupMessage)).toBe(true);
  });
});
