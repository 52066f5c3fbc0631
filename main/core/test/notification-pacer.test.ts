// Pacing a flood's notification updates: the first few in a second show at once, then only
// the newest shows when the window has room; closing drops what waits; tags are independent.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationRequest } from '../../../contract/domain';
import { NotificationPacer } from '../notification-pacer';

function request(tag: string, count: number): NotificationRequest {
  return { tag, accountId: 'a', conversationId: tag, title: 'Bob', body: `${count} new messages`, count };
}

function setup() {
  const log: string[] = [];
  const pacer = new NotificationPacer(
    (n) => log.push(`show ${n.tag} ${n.count}`),
    (tag) => log.push(`close ${tag}`),
    1_000,
    3,
  );
  return { log, pacer };
}

describe('NotificationPacer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the allowance at once, then only the newest when the window has room', async () => {
    const { log, pacer } = setup();
    for (let n = 1; n <= 50; n++) pacer.show(request('t', n));
    expect(log).toEqual(['show t 1', 'show t 2', 'show t 3']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(['show t 1', 'show t 2', 'show t 3', 'show t 50']);
    // A quiet while later, updates show at once again.
    await vi.advanceTimersByTimeAsync(5_000);
    pacer.show(request('t', 51));
    expect(log.at(-1)).toBe('show t 51');
  });

  it('closing a tag drops its held update; other tags are not held back by it', async () => {
    const { log, pacer } = setup();
    for (let n = 1; n <= 5; n++) pacer.show(request('t', n));
    pacer.show(request('u', 1));
    pacer.closeTag('t');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(log).toEqual(['show t 1', 'show t 2', 'show t 3', 'show u 1', 'close t']);
    // After the close a new burst starts with its allowance.
    pacer.show(request('t', 1));
    expect(log.at(-1)).toBe('show t 1');
  });
});
