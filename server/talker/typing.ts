// talker's typing: the typer sends `type` over and over; the peer sees `typing` true at
// the first one and false about 1.5 s after the last, or at once when the typer sends the
// message or goes away.

export const TYPING_LAPSE_MS = 1500;

export class Typing {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly tell: (to: number, typer: number, typing: boolean) => void) {}

  type(typer: number, to: number): void {
    const key = `${typer}>${to}`;
    const running = this.timers.get(key);
    if (running) clearTimeout(running);
    else this.tell(to, typer, true);
    this.timers.set(key, setTimeout(() => this.stop(typer, to), TYPING_LAPSE_MS));
  }

  stop(typer: number, to: number): void {
    const key = `${typer}>${to}`;
    const running = this.timers.get(key);
    if (!running) return;
    clearTimeout(running);
    this.timers.delete(key);
    this.tell(to, typer, false);
  }

  /** Everyone `typer` was typing to (they went offline). */
  stopAll(typer: number): void {
    for (const key of [...this.timers.keys()]) {
      const [from, to] = key.split('>').map(Number) as [number, number];
      if (from === typer) this.stop(from, to);
    }
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
