// What one connection may have waiting: requests received and not handled yet. A count
// alone (limits.pendingPerSocket) did not bound memory, because a request's size varies a
// thousandfold: a Netalo packet of 850 KB holding 420,000 tiny nested arrays is about 16 MB
// of heap once parsed, and four sockets each queueing such packets ran the server out of
// memory; so did one talker connection queueing 1 MB frames behind its own slow sign-ins.
// So each request is also weighed (`weightOf`: roughly the heap its parsed JSON takes), and a
// connection's waiting requests may weigh at most limits.pendingWeightPerSocket. Across all
// connections of the server they may weigh at most limits.pendingWeightTotal, so that
// many connections together cannot do what one may not.

/** Heap bytes, roughly, of one JSON value besides its text: V8's object, array or number. */
const VALUE_BYTES = 32;

/**
 * Roughly the heap `value` takes (its values and their text), walked without recursion;
 * stops counting once past `cap` (then the result is only known to exceed it).
 */
export function weightOf(value: unknown, cap: number): number {
  let weight = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && weight <= cap) {
    const v = stack.pop();
    weight += VALUE_BYTES;
    if (typeof v === 'string') weight += v.length;
    else if (ArrayBuffer.isView(v)) weight += v.byteLength;
    else if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        weight += key.length;
        stack.push(item);
      }
    }
  }
  return weight;
}

/** The server's total, shared by every connection's PendingBudget. */
export class SharedPendingWeight {
  weight = 0;
  constructor(readonly max: number) {}
}

export class PendingBudget {
  private count = 0;
  private weight = 0;

  constructor(
    private readonly limits: { pendingPerSocket: number; pendingWeightPerSocket: number },
    private readonly shared: SharedPendingWeight,
  ) {}

  /**
   * Takes room for a request of `payload`: its weight, to hand back with `release` once it
   * has been handled; null (nothing taken) when it would not fit.
   */
  take(payload: unknown): number | null {
    if (this.count >= this.limits.pendingPerSocket) return null;
    const room = Math.min(this.limits.pendingWeightPerSocket - this.weight, this.shared.max - this.shared.weight);
    const weight = weightOf(payload, Math.max(room, 0));
    if (weight > room) return null;
    this.count += 1;
    this.weight += weight;
    this.shared.weight += weight;
    return weight;
  }

  release(weight: number): void {
    this.count -= 1;
    this.weight -= weight;
    this.shared.weight -= weight;
  }
}
