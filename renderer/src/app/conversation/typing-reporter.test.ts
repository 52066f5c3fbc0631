// The composer's typing rules: start at most every 3 s while keystrokes come; stop on send,
// on clearing the box, after 5 s without a keystroke, and on leaving the conversation.
import { describe, expect, it } from 'vitest';
import { TYPING_IDLE_MS, TYPING_REPEAT_MS, TypingReporter } from './typing-reporter';

function setup() {
  let now = 1_000;
  const sent: boolean[] = [];
  const timers = new Map<number, { at: number; run: () => void }>();
  let nextTimer = 1;
  const reporter = new TypingReporter({
    send: (typing) => sent.push(typing),
    now: () => now,
    setTimer: (run, ms) => {
      const id = nextTimer++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimer: (id) => timers.delete(id as number),
  });
  /** Moves the clock, firing the timers that fall due, in order. */
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].run();
    }
    now = until;
  };
  return { reporter, sent, advance, timers };
}

describe('typing reporter', () => {
  it('says "typing" on the first keystroke, then at most once every 3 s while keystrokes come', () => {
    const { reporter, sent, advance } = setup();
    reporter.changed('h');
    expect(sent).toEqual([true]);
    // A keystroke every 200 ms for 7 s: starts at 0, 3.0 s and 6.0 s only.
    for (let i = 1; i <= 35; i++) {
      advance(200);
      reporter.changed('h'.repeat(i + 1));
    }
    expect(sent).toEqual([true, true, true]);
    advance(TYPING_REPEAT_MS - 1); // no keystroke: nothing is repeated on its own
    expect(sent).toEqual([true, true, true]);
  });

  it('says "stopped" after 5 s without a keystroke, once', () => {
    const { reporter, sent, advance, timers } = setup();
    reporter.changed('hello');
    advance(TYPING_IDLE_MS - 1);
    expect(sent).toEqual([true]);
    advance(1);
    expect(sent).toEqual([true, false]);
    expect(timers.size).toBe(0);
    advance(60_000);
    expect(sent).toEqual([true, false]);
    // Typing again after the idle stop starts again at once.
    reporter.changed('hello!');
    expect(sent).toEqual([true, false, true]);
  });

  it('a keystroke pushes the idle stop back', () => {
    const { reporter, sent, advance } = setup();
    reporter.changed('a');
    advance(4_000);
    reporter.changed('ab');
    advance(4_000);
    expect(sent).toEqual([true, true]); // the repeat at 4 s, no stop yet
    advance(1_000);
    expect(sent).toEqual([true, true, false]);
  });

  it('says "stopped" when the box is cleared (or holds only spaces), and nothing while it stays empty', () => {
    const { reporter, sent } = setup();
    reporter.changed('draft');
    reporter.changed('   ');
    expect(sent).toEqual([true, false]);
    reporter.changed('');
    expect(sent).toEqual([true, false]);
  });

  it('stop (send, leaving the conversation) says "stopped" once, only if "typing" was said, and cancels the idle timer', () => {
    const { reporter, sent, advance, timers } = setup();
    reporter.stop();
    expect(sent).toEqual([]);
    reporter.changed('message');
    reporter.stop();
    reporter.stop();
    expect(sent).toEqual([true, false]);
    expect(timers.size).toBe(0);
    advance(TYPING_IDLE_MS * 2);
    expect(sent).toEqual([true, false]);
  });
});
