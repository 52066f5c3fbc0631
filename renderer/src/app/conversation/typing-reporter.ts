// When the composer tells main "I am typing" and "I stopped". Start at most every
// REPEAT_MS while keystrokes come (a protocol such as Netalo has no expiry of its own, so
// the other side needs the repeat to know it still holds); stop on send, when the box is
// cleared, after IDLE_MS without a keystroke, and when the composer goes away (another
// conversation opened). Pure of React and of the clock: tests drive it with fake time.

export const TYPING_REPEAT_MS = 3_000;
export const TYPING_IDLE_MS = 5_000;

export interface TypingReporterDeps {
  send(typing: boolean): void;
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

export class TypingReporter {
  private typing = false;
  private startedAt = 0;
  private idle: unknown = undefined;

  constructor(private readonly deps: TypingReporterDeps) {}

  /** The text in the box changed (a keystroke, a paste, a cut). */
  changed(text: string): void {
    if (text.trim().length === 0) {
      this.stop();
      return;
    }
    const now = this.deps.now();
    if (!this.typing || now - this.startedAt >= TYPING_REPEAT_MS) {
      this.typing = true;
      this.startedAt = now;
      this.deps.send(true);
    }
    this.clearIdle();
    this.idle = this.deps.setTimer(() => {
      this.idle = undefined;
      this.stop();
    }, TYPING_IDLE_MS);
  }

  /** Sent, cleared, idle, or leaving the conversation: "stopped", once, if "typing" was said. */
  stop(): void {
    this.clearIdle();
    if (!this.typing) return;
    this.typing = false;
    this.deps.send(false);
  }

  private clearIdle(): void {
    if (this.idle === undefined) return;
    this.deps.clearTimer(this.idle);
    this.idle = undefined;
  }
}
