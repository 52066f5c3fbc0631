// The two ID ranges on a real server (ids.ts, server/PROTOCOL.md "IDs"): users and groups
// below 2^53 (around 2^48, as the real system), messages above; --large-ids puts every ID
// above 2^53; each range continues above what is stored after a restart, even when the
// clock went back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directGroup, online, request, send, signUp, startTestServer, type TestServer } from './support';

const TWO_POW_48 = 2n ** 48n;
const TWO_POW_53 = 2n ** 53n;
const isSmall = (id: unknown) => typeof id === 'string' && BigInt(id) >= TWO_POW_48 && BigInt(id) < TWO_POW_53;
const isLarge = (id: unknown) => typeof id === 'string' && BigInt(id) > TWO_POW_53;

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});
function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-ids-'));
  dataDirs.push(dir);
  return dir;
}

/** A user, a second one, their 1:1 conversation and one message in it: one ID of each kind. */
async function oneOfEach(server: TestServer): Promise<{ uin: string; groupId: string; messageId: string; changeId: string }> {
  const a = await signUp(server.url);
  const b = await signUp(server.url);
  const socket = await online(server, a);
  const group = await directGroup(socket, b.uin);
  const message = await send(socket, group.group_id as string, 'hello');
  return { uin: b.uin, groupId: group.group_id as string, messageId: message.message_id as string, changeId: message.change_id as string };
}

describe('ID ranges', () => {
  it('by default: users and groups below 2^53 (at least 2^48), messages above', async () => {
    const server = await startTestServer();
    try {
      const ids = await oneOfEach(server);
      expect(isSmall(ids.uin)).toBe(true);
      expect(isSmall(ids.groupId)).toBe(true);
      expect(isLarge(ids.messageId)).toBe(true);
      expect(isLarge(ids.changeId)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('with largeIds (--large-ids): every ID above 2^53', async () => {
    const server = await startTestServer({ largeIds: true });
    try {
      const ids = await oneOfEach(server);
      for (const id of Object.values(ids)) expect(isLarge(id)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('list_group by activity puts a new group without messages above older groups with messages', async () => {
    const server = await startTestServer();
    try {
      const a = await signUp(server.url);
      const [b, c] = [await signUp(server.url), await signUp(server.url)];
      const socket = await online(server, a);
      const older = await directGroup(socket, b.uin);
      await send(socket, older.group_id as string, 'an older conversation');
      const newer = await directGroup(socket, c.uin); // no message yet: sorts by its creation
      const listed = await request(socket, 'list_group', { sort_by: 1 });
      const order = (listed.groups as Array<Record<string, unknown>>).map((g) => g.group_id);
      expect(order.indexOf(newer.group_id)).toBeLessThan(order.indexOf(older.group_id));
    } finally {
      await server.stop();
    }
  });

  it('continue above the stored IDs after a restart with a clock an hour back, in either mode', async () => {
    const dataDir = newDataDir();
    let now = Date.now();
    const clock = () => now;
    const runs: Array<Awaited<ReturnType<typeof oneOfEach>>> = [];
    for (const largeIds of [false, false, true, false]) {
      const server = await startTestServer({ dataDir, clock, largeIds });
      try {
        runs.push(await oneOfEach(server));
      } finally {
        await server.stop();
      }
      now -= 60 * 60 * 1000;
    }
    const [first, second, large, last] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    // Small range: strictly increasing across restarts although the clock went back each time.
    expect(isSmall(last.uin) && isSmall(second.uin)).toBe(true);
    expect(BigInt(second.uin) > BigInt(first.uin)).toBe(true);
    expect(BigInt(second.groupId) > BigInt(first.groupId)).toBe(true);
    expect(BigInt(last.uin) > BigInt(second.groupId)).toBe(true);
    // Large range: messages (and the large-ids run's users and groups) keep increasing too.
    expect(isLarge(large.uin) && isLarge(large.groupId)).toBe(true);
    const messages = runs.map((r) => BigInt(r.messageId));
    for (let i = 1; i < messages.length; i++) expect(messages[i]! > messages[i - 1]!).toBe(true);
    expect(BigInt(large.uin) > BigInt(second.messageId)).toBe(true);
    expect(BigInt(last.messageId) > BigInt(large.messageId)).toBe(true);
  });
});
