// AZStack's msgIds are chosen by the client (notes, Identity): unix seconds at start-up, then
// +1; the same counter numbers group operations and calls. Unique per sender only, and the
// server keys messages by (sender, msgId): a restart must never reuse one. The clock alone
// does not promise that (a burst of sends runs the counter ahead of the clock; a restart
// soon after would start below it), so the adapter reserves blocks ahead and persists the
// block's end in its secret (`reserved`); a restart starts at max(clock, reserved).

export const RESERVE_BLOCK = 1000;

export class MsgIds {
  private next: number;
  private reserved: number;

  constructor(
    stored: number | undefined,
    private readonly persist: (reservedUpTo: number) => void,
    now: () => number = Date.now,
  ) {
    this.next = Math.max(Math.floor(now() / 1000), stored ?? 0);
    this.reserved = this.next;
  }

  /** The next msgId; the block it falls in is persisted before it is handed out. */
  take(): number {
    if (this.next >= this.reserved) {
      this.reserved = this.next + RESERVE_BLOCK;
      this.persist(this.reserved);
    }
    return this.next++;
  }
}
