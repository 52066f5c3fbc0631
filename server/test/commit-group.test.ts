// Group commit: a queue turn's requests share one SQLite transaction; their acks and pushes
// go out only after it committed, in order; a request that fails rolls back only its own
// writes; a failed commit answers every request of the turn as failed.

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/core/logger';
import type { SessionStore } from '../sessions';
import { CommitGroup } from '../netalo/commit-group';
import type { Handler, NetaloServices, NetaloSocket } from '../netalo/context';
import { createDispatcher } from '../netalo/dispatch';
import { FairQueue } from '../netalo/fair-queue';
import { RequestError } from '../netalo/results';

function setup() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE notes (text TEXT NOT NULL)');
  let commits = 0;
  // Count COMMITs the way SQLite sees them: a commit hook is not exposed, so count the outer transactions.
  const counted = { transaction: (fn: (...args: unknown[]) => unknown) => { const tx = db.transaction(fn); return (...args: unknown[]) => { const r = tx(...args); commits++; return r; }; } };
  const group = new CommitGroup(counted as unknown as Pick<Database.Database, 'transaction'>);
  const log = createMemoryLogger();
  const events: string[] = [];
  const services = { transaction: (work: () => unknown) => db.transaction(work)() } as unknown as NetaloServices;
  const handlers: Record<string, Handler> = {
    note: (ctx, payload) =>
      ctx.services.transaction(() => {
        const text = (payload as { text: string }).text;
        db.prepare('INSERT INTO notes (text) VALUES (?)').run(text);
        if (text === 'refused') throw new RequestError(4, 'no');
        ctx.afterAck(() => events.push(`push ${text}`));
        return {};
      }),
  };
  const sessions = { resolveKey: () => ({ key: 'key', uin: '1', expiresAt: 0 }) } as unknown as SessionStore;
  const dispatch = createDispatcher({ handlers, services, sessions, log, afterCommit: group.afterCommit });
  // No time limit on a turn here: what shares a commit must not depend on this machine's speed.
  const queue = new FairQueue(1000, (e) => events.push(`error ${String(e)}`), (work) => group.run(work), { maxTasks: 64, maxMs: Infinity });
  const socket = { id: 's', data: { uin: '1', sessionKey: 'key' }, emit: () => undefined, disconnect: () => undefined } as unknown as NetaloSocket;
  const send = (text: string) =>
    new Promise<number>((resolve) =>
      queue.enqueue(socket, () =>
        dispatch(socket, 'note', [
          { text },
          (reply: { result: number }) => {
            // What is acknowledged is already stored, and visible outside the transaction.
            events.push(`ack ${text} ${reply.result} stored=${db.inTransaction ? 'open' : (db.prepare('SELECT count(*) AS n FROM notes WHERE text = ?').get(text) as { n: number }).n}`);
            resolve(reply.result);
          },
        ]),
      ),
    );
  return { db, events, send, commits: () => commits };
}

describe('group commit', () => {
  it('runs a burst in one transaction; acks (after the commit) and pushes in order; a refused request rolls back alone', async () => {
    const { db, events, send, commits } = setup();
    const results = await Promise.all(['a', 'b', 'refused', 'c'].map(send));
    expect(results).toEqual([0, 0, 4, 0]);
    expect(commits()).toBe(1);
    expect(events).toEqual(['ack a 0 stored=1', 'push a', 'ack b 0 stored=1', 'push b', 'ack refused 4 stored=0', 'ack c 0 stored=1', 'push c']);
    expect(db.prepare('SELECT text FROM notes ORDER BY rowid').all()).toEqual([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
  });

  it('answers every request of the turn as failed, with no push, when the commit fails', () => {
    const told: Array<[number, string]> = [];
    const group = new CommitGroup({
      transaction: ((fn: (...args: unknown[]) => void) => (...args: unknown[]) => {
        fn(...args);
        throw new Error('disk I/O error');
      }) as unknown as Database.Database['transaction'],
    });
    expect(() =>
      group.run(() => {
        group.afterCommit((committed) => told.push([1, String(committed)]));
        group.afterCommit((committed) => told.push([2, String(committed)]));
      }),
    ).toThrow('disk I/O error');
    expect(told).toEqual([
      [1, 'false'],
      [2, 'false'],
    ]);
    // Outside a group, at once and committed.
    group.afterCommit((committed) => told.push([3, String(committed)]));
    expect(told.at(-1)).toEqual([3, 'true']);
  });
});
