// Keyed token buckets (per user, per address). A bucket holds up to `burst` tokens and
// refills continuously; each request takes one. Memory is bounded: past `maxKeys` the
// least recently used key is forgotten (it starts full again; an active flooder is always
// recently used, so it is never the one forgotten).

import type { Clock } from './clock';
import type { RateLimit } from './limits';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  /**
   * Takes `amount` tokens for `key` (one request, or bytes): 0 when granted, else the ms
   * until they are there (never, for more than `burst`: then Infinity).
   */
  take(key: string, amount = 1): number {
    if (amount > this.limit.burst) return Infinity;
    const now = this.clock();
    const bucket = this.current(key, now);
    this.buckets.delete(key); // re-inserted last: Map order is then least recently used first
    if (bucket.tokens >= amount) {
      bucket.tokens -= amount;
      this.store(key, bucket);
      return 0;
    }
    this.store(key, bucket);
    return Math.ceil((amount - bucket.tokens) * this.msPerToken());
  }

  /** Gives back tokens taken for a request that turned out not to count (or to need fewer). */
  refund(key: string, amount = 1): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.limit.burst, bucket.tokens + amount);
  }

  private current(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.limit.burst, at: now };
    const elapsed = Math.max(0, now - bucket.at);
    return { tokens: Math.min(this.limit.burst, bucket.tokens + elapsed / this.msPerToken()), at: now };
  }

  private store(key: string, bucket: Bucket): void {
    this.buckets.set(key, bucket);
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
  }

  private msPerToken(): number {
    return this.limit.perMs / this.limit.burst;
  }
}
