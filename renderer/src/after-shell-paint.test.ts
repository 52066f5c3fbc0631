// A first start's entry waits for the shell's first frame, and never longer than a moment.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterShellPaint } from './after-shell-paint';

function fakeWindow(options: { painted?: boolean; hidden?: boolean } = {}) {
  const frames: Array<() => void> = [];
  const win = {
    performance: { getEntriesByType: (type: string) => (type === 'paint' && options.painted ? [{ name: 'first-paint' }] : []) },
    document: { visibilityState: options.hidden ? 'hidden' : 'visible' },
    requestAnimationFrame: (run: () => void) => frames.push(run),
    setTimeout: (run: () => void, ms: number) => setTimeout(run, ms),
  };
  return { win: win as unknown as Window, frame: () => frames.splice(0).forEach((run) => run()) };
}

describe('afterShellPaint', () => {
  afterEach(() => void vi.useRealTimers());

  it('runs in the task after the first frame, once', () => {
    vi.useFakeTimers();
    const { win, frame } = fakeWindow();
    const run = vi.fn();
    afterShellPaint(run, win);
    expect(run).not.toHaveBeenCalled();
    frame();
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs at once when the window has painted already or is hidden (no frames)', () => {
    for (const options of [{ painted: true }, { hidden: true }]) {
      const run = vi.fn();
      afterShellPaint(run, fakeWindow(options).win);
      expect(run).toHaveBeenCalledTimes(1);
    }
  });

  it('runs anyway when no frame comes', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    afterShellPaint(run, fakeWindow().win);
    vi.advanceTimersByTime(50);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
