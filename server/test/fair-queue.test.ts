// The reference server's request queue (netalo/fair-queue.ts): a share of each round per
// user, that user's sockets taking turns within it, each socket's order kept, and a limit on
// what one socket may have waiting.

import { describe, expect, it } from 'vitest';
import { FairQueue } from '../netalo/fair-queue';

/** A queue whose turns have no time limit (what runs when must not depend on this machine's speed). */
function queue(maxPerOwner = 100) {
  const errors: unknown[] = [];
  const ran: string[] = [];
  let turns = 0;
  const q = new FairQueue(maxPerOwner, (e) => errors.push(e), (work) => {
    turns += 1;
    work();
  }, { maxTasks: 1000, maxMs: Infinity });
  /** Queues `count` requests named `name1`, `name2`… from `owner` in `group`; each says whether it was taken. */
  const add = (owner: object, name: string, count: number, group?: unknown) =>
    Array.from({ length: count }, (_, i) => q.enqueue(owner, () => ran.push(`${name}${i + 1}`), ...(group === undefined ? [] : [group])));
  const drained = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { q, add, ran, errors, drained, turns: () => turns };
}

describe('FairQueue', () => {
  it('gives each user one request a round, whatever the number of their sockets, the sockets taking turns', async () => {
    const { add, ran, drained, turns } = queue();
    const [a1, a2, a3, b] = [{}, {}, {}, {}];
    add(a1, 'a1-', 3, 'alice');
    add(a2, 'a2-', 3, 'alice');
    add(a3, 'a3-', 3, 'alice');
    add(b, 'b-', 3, 'bob');
    await drained();
    expect(turns()).toBe(1);
    expect(ran).toEqual(['a1-1', 'b-1', 'a2-1', 'b-2', 'a3-1', 'b-3', 'a1-2', 'a2-2', 'a3-2', 'a1-3', 'a2-3', 'a3-3']);
  });

  it('without a group, each socket is its own share (one request of each a round)', async () => {
    const { add, ran, drained } = queue();
    const [s, t] = [{}, {}];
    add(s, 's', 3);
    add(t, 't', 2);
    await drained();
    expect(ran).toEqual(['s1', 't1', 's2', 't2', 's3']);
  });

  it('limits what each socket has waiting, not the user: another socket of the same user is still taken', async () => {
    const { add, ran, drained } = queue(2);
    const [a1, a2] = [{}, {}];
    expect(add(a1, 'a1-', 3, 'alice')).toEqual([true, true, false]);
    expect(add(a2, 'a2-', 2, 'alice')).toEqual([true, true]);
    await drained();
    expect(ran).toEqual(['a1-1', 'a2-1', 'a1-2', 'a2-2']);
    // Once run, the socket may queue again.
    expect(add(a1, 'again-', 1, 'alice')).toEqual([true]);
    await drained();
    expect(ran.at(-1)).toBe('again-1');
  });

  it('takes a request queued while a turn runs in a later round, and keeps going after one throws', async () => {
    const { q, ran, errors, drained } = queue();
    const a = {};
    q.enqueue(a, () => {
      ran.push('first');
      q.enqueue(a, () => ran.push('queued meanwhile'), 'alice');
      throw new Error('boom');
    }, 'alice');
    q.enqueue({}, () => ran.push('bob'), 'bob');
    await drained();
    expect(ran).toEqual(['first', 'bob', 'queued meanwhile']);
    expect(errors).toHaveLength(1);
  });
});
