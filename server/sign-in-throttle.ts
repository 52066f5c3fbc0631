// Slows password guessing down, per account and per remote address, with exponential
// back-off: after `freeFailures` failed sign-ins, each further attempt must wait
// baseDelay × 2^(failures − freeFailures), up to maxDelay, after the last failure.
//
// Every attempt counts as a failure from the moment it starts (`begin`), so that a
// hundred guesses sent at once cannot all slip past the check before the first one has
// failed. A success takes it back: it resets the account's counter, and only un-counts
// its own attempt at the address (otherwise signing in to one's own account between
// guesses would wipe the address's record). An attempt that was never judged (the
// server was busy) is un-counted everywhere.
//
// Both fronts use one throttle, keyed by the username, so talker cannot be used to guess
// a Netalo password faster.

import type { Clock } from './clock';
import type { BackOff } from './limits';

interface Failures {
  count: number;
  last: number;
}

export class SignInThrottledError extends Error {
  constructor(
    readonly scope: 'account' | 'address',
    readonly retryAfterMs: number,
  ) {
    super(`too many failed sign-ins for this ${scope}`);
    this.name = 'SignInThrottledError';
  }
}

export interface SignInAttempt {
  /** The password was right. */
  succeeded(): void;
  /** The password was never checked (busy, or an internal error): this attempt does not count. */
  cancelled(): void;
}

class FailureLog {
  private readonly entries = new Map<string, Failures>();

  constructor(
    private readonly rule: BackOff,
    private readonly maxKeys = 100_000,
  ) {}

  /** ms until another attempt is allowed; 0 = now. */
  waitMs(key: string, now: number): number {
    const entry = this.live(key, now);
    if (!entry || entry.count < this.rule.freeFailures) return 0;
    const delay = Math.min(this.rule.maxDelayMs, this.rule.baseDelayMs * 2 ** (entry.count - this.rule.freeFailures));
    return Math.max(0, entry.last + delay - now);
  }

  add(key: string, now: number): void {
    const entry = this.live(key, now) ?? { count: 0, last: now };
    this.entries.delete(key); // re-inserted last: least recently used first
    this.entries.set(key, { count: entry.count + 1, last: now });
    while (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value as string);
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry) entry.count = Math.max(0, entry.count - 1);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private live(key: string, now: number): Failures | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.last > this.rule.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

export class SignInThrottle {
  private readonly accounts: FailureLog;
  private readonly addresses: FailureLog;

  constructor(
    rules: { perAccount: BackOff; perAddress: BackOff },
    private readonly clock: Clock,
  ) {
    this.accounts = new FailureLog(rules.perAccount);
    this.addresses = new FailureLog(rules.perAddress);
  }

  /** Starts an attempt; throws SignInThrottledError while the account or the address must wait. */
  begin(account: string, address: string): SignInAttempt {
    const now = this.clock();
    const accountKey = account.toLowerCase();
    const accountWait = this.accounts.waitMs(accountKey, now);
    if (accountWait > 0) throw new SignInThrottledError('account', accountWait);
    const addressWait = this.addresses.waitMs(address, now);
    if (addressWait > 0) throw new SignInThrottledError('address', addressWait);
    this.accounts.add(accountKey, now);
    this.addresses.add(address, now);
    let settled = false;
    const settle = (work: () => void) => {
      if (settled) return;
      settled = true;
      work();
    };
    return {
      succeeded: () =>
        settle(() => {
          this.accounts.reset(accountKey);
          this.addresses.remove(address);
        }),
      cancelled: () =>
        settle(() => {
          this.accounts.remove(accountKey);
          this.addresses.remove(address);
        }),
    };
  }
}
