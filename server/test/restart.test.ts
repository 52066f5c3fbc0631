import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../db';
import { MIGRATIONS } from '../schema';
import { directGroup, online, postJson, request, send, signUp, startTestServer } from './support';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-restart-test-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a data directory across restarts', () => {
  it('seeds the demo users once; a second --demo run neither duplicates nor fails', async () => {
    const first = await startTestServer({ dataDir, demo: true });
    const alice = await postJson(`${first.url}/api/v1/signin`, { username: 'alice', password: 'alice-parley' });
    expect(alice.status).toBe(200);
    expect(alice.body.user).toMatchObject({ username: 'alice', display_name: 'Alice Martin' });
    await first.stop();

    const second = await startTestServer({ dataDir, demo: true });
    try {
      const again = await postJson(`${second.url}/api/v1/signin`, { username: 'alice', password: 'alice-parley' });
      expect((again.body.user as Record<string, unknown>).uin).toBe((alice.body.user as Record<string, unknown>).uin);
      const bob = await postJson(`${second.url}/api/v1/signin`, { username: 'bob', password: 'bob-parley' });
      expect(bob.body.user).toMatchObject({ display_name: 'Bob Okafor' });
      const carol = await postJson(`${second.url}/api/v1/signin`, { username: 'carol', password: 'carol-parley' });
      expect(carol.body.user).toMatchObject({ display_name: 'Carol Nguyen' });
      const search = await fetch(`${second.url}/api/v1/users?q=o`, { headers: { Session: again.body.session as string } });
      const names = ((await search.json()) as { users: Array<{ username: string }> }).users.map((u) => u.username).sort();
      expect(names).toEqual(['bob', 'carol']);
    } finally {
      await second.stop();
    }
  });

  it('keeps sessions, groups and messages, and new IDs continue above the stored ones', async () => {
    const first = await startTestServer({ dataDir });
    const a = await signUp(first.url);
    const b = await signUp(first.url);
    const aSocket = await online(first, a);
    const group = await directGroup(aSocket, b.uin);
    const before = await send(aSocket, group.group_id as string, 'before restart');
    await first.stop();

    const second = await startTestServer({ dataDir });
    try {
      const socket = await online(second, a); // the same session still works
      const after = await send(socket, group.group_id as string, 'after restart');
      expect(BigInt(after.message_id as string) > BigInt(before.message_id as string)).toBe(true);
      const listed = await request(socket, 'list_message', { group_id: group.group_id });
      expect((listed.messages as Array<Record<string, unknown>>).map((m) => m.message)).toEqual(['after restart', 'before restart']);
    } finally {
      await second.stop();
    }
  });

  it('records the schema version and refuses a database from a newer server', async () => {
    const db = new Database(join(dataDir, DATABASE_FILE));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    await expect(startTestServer({ dataDir })).rejects.toThrow(/newer than this server/);
  });
});
