import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settledOrAfter } from './settled-or-after';

describe('settledOrAfter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const watch = (p: Promise<void>) => {
    const state = { done: false };
    void p.then(() => (state.done = true));
    return state;
  };

  it('resolves as soon as the promise answers, well before the time is up', async () => {
    let answer!: (v: string) => void;
    const waited = watch(settledOrAfter(new Promise<string>((r) => (answer = r)), 1_000));
    await vi.advanceTimersByTimeAsync(10);
    expect(waited.done).toBe(false);
    answer('page');
    await vi.advanceTimersByTimeAsync(0);
    expect(waited.done).toBe(true);
  });

  it('resolves when the promise fails too: a failed answer is an answer', async () => {
    const waited = watch(settledOrAfter(Promise.reject(new Error('offline')), 1_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(waited.done).toBe(true);
  });

  it('resolves after the time when the promise never answers', async () => {
    const waited = watch(settledOrAfter(new Promise(() => undefined), 1_000));
    await vi.advanceTimersByTimeAsync(999);
    expect(waited.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waited.done).toBe(true);
  });
});
