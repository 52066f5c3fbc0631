// Typing that lapses by itself. Some protocols never say "stopped typing" (talker switches
// typing off on its server 1.5 s after the last packet and tells nobody reliably), so a
// typing state may carry `expiresAt`; main then sends the `typing: false` itself when that
// time passes without a renewal. The renderer never runs a timer for it.

import type { TypingState } from '../../contract/domain';

export class TypingExpiry {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly emit: (typing: TypingState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Passes the state on, and arranges its end when it expires. */
  track(typing: TypingState): void {
    const key = `${typing.conversationId}|${typing.userId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.emit(typing);
    if (!typing.typing || typing.expiresAt === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      const { expiresAt: _expired, ...rest } = typing;
      this.emit({ ...rest, typing: false });
    }, Math.max(0, typing.expiresAt - this.now()));
    timer.unref?.();
    this.timers.set(key, timer);
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
