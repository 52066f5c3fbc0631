import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Message } from '../contract';
import { ALICE, conversation, freshDbName, incoming } from '../testing/harness';
import { ParleyDb } from './database';
import { APPLY_SLICE, writeChanges, type DataOp } from './writer';

describe('a big step is applied in slices', () => {
  it('lets other tasks run between slices of APPLY_SLICE changes, in one transaction, nothing lost', async () => {
    const db = new ParleyDb(freshDbName());
    await db.conversations.put(conversation('c1', 10));
    // Another task of the page: it runs whenever the writer lets it (node's setImmediate, as
    // fake-indexeddb answers requests: a task after each answer).
    const nextTask = (globalThis as unknown as { setImmediate: (run: () => void) => void }).setImmediate;
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) nextTask(tick);
    };
    nextTask(tick);
    // Each message notes the tick in which the writer applied it (reading its text).
    const appliedAt: number[] = [];
    const count = APPLY_SLICE * 3 + 7;
    const ops: DataOp[] = Array.from({ length: count }, (_, i) => {
      const message: Message = incoming('c1', String(10_000 + i), '', 10_000 + i);
      Object.defineProperty(message, 'text', {
        enumerable: true,
        get: () => {
          if (appliedAt[i] === undefined) appliedAt[i] = ticks;
          return `slice ${i}`;
        },
      });
      return { op: 'message', message };
    });
    const result = await writeChanges(db, ops, { myUserIds: { [ALICE.id]: ALICE.userId } }).finally(() => {
      ticking = false;
    });
    const perTick = new Map<number, number>();
    for (const t of appliedAt) perTick.set(t, (perTick.get(t) ?? 0) + 1);
    // Never more than a slice in one task (all of them in one before).
    expect(Math.max(...perTick.values())).toBeLessThanOrEqual(APPLY_SLICE);
    expect(perTick.size).toBeGreaterThanOrEqual(4);
    expect(result.messages).toHaveLength(count);
    expect(await db.threadMessages.count()).toBe(count);
    expect((await db.conversations.get([ALICE.id, 'c1']))?.lastMessage?.text).toBe(`slice ${count - 1}`);
  });
});
