// The AZStack front keeps everything across a restart: the demo key pair, userIds, messages
// (and their (sender, msgId) keys), statuses, unread counts, groups and their history.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { msgId, signIn, startAzServer, type Body } from './azstack-support';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-azstack-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('restart', () => {
  it('keeps keys, ids, messages, marks and groups', async () => {
    const first = await startAzServer({ dataDir });
    const a = await signIn(first, 'alice', 'alice-parley');
    const b = await signIn(first, 'bob', 'bob-parley');
    const ids = [msgId(), msgId(), msgId()];
    for (const id of ids) {
      a.client.send(72, { msgId: id, to: b.userId, msg: `before restart ${id}` });
      await a.client.next(72);
    }
    b.client.send(153, { type: 1, chatId: a.userId, senderId: a.userId, msgId: ids[0] });
    await b.client.next(153);
    const groupMsg = msgId();
    a.client.send(42, { msgId: groupMsg, type: 0, name: 'Kept', members: [b.userId] });
    const group = (await a.client.next(42)).group as number;
    const publicKey = first.publicKey;
    await first.stop();

    const second = await startAzServer({ dataDir });
    try {
      expect(second.publicKey).toBe(publicKey);
      const a2 = await signIn(second, 'alice', 'alice-parley');
      const b2 = await signIn(second, 'bob', 'bob-parley');
      expect([a2.userId, b2.userId]).toEqual([a.userId, b.userId]);

      b2.client.send(170, { page: 1, lastCreated: Date.now() });
      const list = (await b2.client.next(170)).list as Body[];
      expect(list.find((c) => c.type === 1 && c.chatId === a.userId)).toMatchObject({ unread: 2, lastMsg: { msgId: ids[2], sender: a.userId } });
      expect(list.find((c) => c.type === 2 && c.chatId === group)).toMatchObject({ lastMsg: { serviceType: 143, name: 'Kept' } });

      b2.client.send(169, { page: 1, lastCreated: Date.now(), type: 1, chatId: a.userId });
      const history = (await b2.client.next(169)).list as Body[];
      expect(history.map((m) => [m.msgId, m.status])).toEqual([
        [ids[2], 1],
        [ids[1], 1],
        [ids[0], 3],
      ]);

      // The (sender, msgId) keys survive: a resend is not stored twice.
      a2.client.send(72, { msgId: ids[2], to: b2.userId, msg: `before restart ${ids[2]}` });
      expect(await a2.client.next(72)).toMatchObject({ r: 1, msgId: ids[2] });
      a2.client.send(148, { group, requestId: 1 });
      expect(await a2.client.next(148)).toMatchObject({ r: 0, name: 'Kept', admin: a.userId });
      b2.client.send(173, { page: 1, type: 1, chatId: a.userId });
      expect(((await b2.client.next(173)).list as Body[]).map((m) => m.msgId)).toEqual([ids[1], ids[2]]);
    } finally {
      await second.stop();
    }
  });
});
