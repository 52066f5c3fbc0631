// Runs of messages in a thread: who gets a name and avatar, what sits tight, where days break.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../contract';
import { GROUP_WINDOW_MS, layoutThread } from './thread-layout';

const ME = 'me';
const day = new Date(2025, 2, 4, 10, 0).getTime();
const row = (senderId: string, minute: number, kind: Message['kind'] = 'text') => ({ senderId, sentAt: day + minute * 60_000, kind });

describe('layoutThread', () => {
  it('in a group, names the sender at the start of each run of someone else’s messages', () => {
    const rows = [row('bob', 0), row('bob', 1), row('carol', 2), row('carol', 3), row('bob', 4), row(ME, 5), row(ME, 6), row('carol', 7)];
    expect(layoutThread(rows, 'group', ME).map((l) => l.showSender)).toEqual([true, false, true, false, true, false, false, true]);
    expect(layoutThread(rows, 'group', ME).map((l) => l.grouped)).toEqual([false, true, false, true, false, false, true, false]);
  });

  it('never names anyone in a direct conversation', () => {
    const rows = [row('bob', 0), row('bob', 1), row(ME, 2), row('bob', 3)];
    expect(layoutThread(rows, 'direct', ME).some((l) => l.showSender)).toBe(false);
  });

  it('starts a new run after a pause, a new day, or a system line', () => {
    const pause = GROUP_WINDOW_MS / 60_000 + 1;
    const rows = [
      row('bob', 0),
      row('bob', pause), // after a pause
      row('alice', pause + 1, 'system'),
      row('bob', pause + 2), // after a system line
      row('bob', 24 * 60 + 1), // the next day
    ];
    const layout = layoutThread(rows, 'group', ME);
    expect(layout.map((l) => l.showSender)).toEqual([true, true, false, true, true]);
    expect(layout.map((l) => l.newDay)).toEqual([true, false, false, false, true]);
    // A system line is never grouped with what is around it, and never named.
    expect(layout[2]).toEqual({ newDay: false, grouped: false, showSender: false });
  });

  it('treats my own messages as mine even before I know my user id (never named, never grouped with others)', () => {
    const layout = layoutThread([row('bob', 0), row('carol', 1)], 'group', undefined);
    expect(layout.map((l) => l.showSender)).toEqual([true, true]);
  });
});
