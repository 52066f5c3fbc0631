// What one connection's waiting requests may weigh (pending-budget.ts).
import { describe, expect, it } from 'vitest';
import { PendingBudget, SharedPendingWeight, weightOf } from '../pending-budget';

describe('weightOf', () => {
  it('counts every value and its text', () => {
    expect(weightOf('abc', Infinity)).toBe(32 + 3);
    expect(weightOf({ group_id: '12', message: 'hello' }, Infinity)).toBe(32 + (8 + 32 + 2) + (7 + 32 + 5));
    expect(weightOf(new Uint8Array(1000), Infinity)).toBe(32 + 1000);
  });

  it('weighs 420,000 tiny nested arrays (an 850 KB packet) as the heap they take, not their few bytes of text', () => {
    const packet = JSON.parse(`{"x":[${Array(7000).fill('['.repeat(60) + ']'.repeat(60)).join(',')}]}`) as unknown;
    expect(weightOf(packet, Infinity)).toBeGreaterThan(13_000_000);
  });

  it('stops soon after passing its cap (a deep or huge value is not walked to its end)', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const w = weightOf(deep, 1000);
    expect(w).toBeGreaterThan(1000);
    expect(w).toBeLessThan(1100);
  });
});

describe('PendingBudget', () => {
  const limits = { pendingPerSocket: 3, pendingWeightPerSocket: 1000 };

  it('takes requests while their count and weight fit, and gives the room back when released', () => {
    const budget = new PendingBudget(limits, new SharedPendingWeight(10_000));
    const big = 'x'.repeat(600);
    const first = budget.take(big);
    expect(first).toBe(632);
    expect(budget.take(big)).toBeNull(); // 1,264 would pass 1,000
    budget.release(first!);
    expect(budget.take(big)).toBe(632);
  });

  it('refuses past the count however light the requests', () => {
    const budget = new PendingBudget(limits, new SharedPendingWeight(10_000));
    expect([budget.take(1), budget.take(1), budget.take(1), budget.take(1)]).toEqual([32, 32, 32, null]);
  });

  it("shares one total between connections: what one holds, another cannot take", () => {
    const shared = new SharedPendingWeight(1200);
    const a = new PendingBudget(limits, shared);
    const b = new PendingBudget(limits, shared);
    const taken = a.take('x'.repeat(900))!;
    expect(b.take('x'.repeat(400))).toBeNull();
    expect(b.take('x'.repeat(200))).toBe(232);
    a.release(taken);
    expect(b.take('x'.repeat(400))).toBe(432);
  });
});
