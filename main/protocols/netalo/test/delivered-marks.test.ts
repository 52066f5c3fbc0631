// The pacing of "delivered" marks during a burst: one request per conversation per interval,
// the newest always sent at its end, conversations independent, nothing after stop().

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../../core/logger';
import { DeliveredMarks } from '../delivered-marks';

const A = '100';
const B = '200';

function setup() {
  const sent: Array<[string, string]> = [];
  const marks = new DeliveredMarks(async (conversationId, messageId) => void sent.push([conversationId, messageId]), createMemoryLogger(), 1_000);
  return { sent, marks };
}

describe('DeliveredMarks pacing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first mark at once, then at most one per second, always the newest', async () => {
    const { sent, marks } = setup();
    marks.note(A, '11');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([[A, '11']]);
    // A burst within the second: nothing more goes until the second is over.
    for (let id = 12; id <= 40; id++) marks.note(A, String(id));
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toEqual([[A, '11']]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([
      [A, '11'],
      [A, '40'],
    ]);
    // An older one arriving late changes nothing; a quiet second later the next goes at once.
    marks.note(A, '39');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toHaveLength(2);
    marks.note(A, '41');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.at(-1)).toEqual([A, '41']);
  });

  it('paces each conversation on its own', async () => {
    const { sent, marks } = setup();
    marks.note(A, '1');
    marks.note(A, '2');
    marks.note(B, '5');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([
      [A, '1'],
      [B, '5'],
    ]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([
      [A, '1'],
      [B, '5'],
      [A, '2'],
    ]);
  });

  it('sends nothing once stopped, even what was waiting', async () => {
    const { sent, marks } = setup();
    marks.note(A, '1');
    marks.note(A, '2');
    await vi.advanceTimersByTimeAsync(0);
    marks.stop();
    marks.note(A, '3');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toEqual([[A, '1']]);
  });
});
