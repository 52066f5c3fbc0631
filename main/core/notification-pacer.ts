// Paces a burst's notification updates. A burst from one conversation is one notification
// whose count grows (notification-policy.ts): every message replaced it, so 10,000 pushed
// messages were 10,000 OS (or page) notifications shown and closed, the most expensive work
// on the receive path. Per tag, the first `allowance` updates within `windowMs` show at once
// (a conversation at human pace never waits); past that, only the newest is kept and shown
// when the window has room again, so a flood updates it a few times a second and its last
// state ("N new messages", the newest text) always shows. Closing a tag drops what it held.

import type { NotificationRequest } from '../../contract/domain';

export const PACE_WINDOW_MS = 1_000;
export const PACE_ALLOWANCE = 5;

export class NotificationPacer {
  /** Per tag: when its recent updates were shown (within the window). */
  private readonly shownAt = new Map<string, number[]>();
  /** Per tag: the newest update held back, and the timer that shows it. */
  private readonly held = new Map<string, { request: NotificationRequest; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly notify: (request: NotificationRequest) => void,
    private readonly close: (tag: string) => void,
    private readonly windowMs = PACE_WINDOW_MS,
    private readonly allowance = PACE_ALLOWANCE,
    private readonly now: () => number = Date.now,
  ) {}

  show(request: NotificationRequest): void {
    const { tag } = request;
    const held = this.held.get(tag);
    if (held) return void (held.request = request); // the newest replaces what waits
    const recent = this.recent(tag);
    if (recent.length < this.allowance) {
      recent.push(this.now());
      this.notify(request);
      return;
    }
    const wait = recent[0]! + this.windowMs - this.now();
    const timer = setTimeout(() => {
      const entry = this.held.get(tag);
      this.held.delete(tag);
      if (entry) this.show(entry.request);
    }, Math.max(wait, 0));
    timer.unref?.();
    this.held.set(tag, { request, timer });
  }

  /** Closes the tag's notification; an update it held back is dropped. */
  closeTag(tag: string): void {
    this.drop(tag);
    this.close(tag);
  }

  stop(): void {
    for (const tag of [...this.held.keys()]) this.drop(tag);
    this.shownAt.clear();
  }

  private drop(tag: string): void {
    const held = this.held.get(tag);
    if (held) clearTimeout(held.timer);
    this.held.delete(tag);
    this.shownAt.delete(tag);
  }

  /** The tag's updates shown within the window, oldest first. */
  private recent(tag: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.shownAt.get(tag) ?? []).filter((at) => at > since);
    this.shownAt.set(tag, recent);
    return recent;
  }
}
