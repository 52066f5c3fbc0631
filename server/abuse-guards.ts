// The limiters both fronts share, built once per server from its limits (limits.ts): one
// user's message quota, one address's sign-up allowance, one sign-in throttle and one
// password-hashing gate, whichever front a request comes through.

import type { Clock } from './clock';
import { HashGate } from './hash-gate';
import type { RateLimit, ServerLimits } from './limits';
import { PendingBudget, SharedPendingWeight } from './pending-budget';
import { RateLimiter } from './rate-limit';
import { SignInThrottle } from './sign-in-throttle';

/** A per-user quota: the limiter, and the limit it enforces (for the reason's words). */
export interface Quota {
  limiter: RateLimiter;
  limit: RateLimit;
  /** e.g. "messages" */
  what: string;
}

export interface AbuseGuards {
  limits: ServerLimits;
  throttle: SignInThrottle;
  gate: HashGate;
  signUps: RateLimiter;
  messages: Quota;
  groups: Quota;
  /** Bytes of files and media stored per user (a token a byte). */
  storedBytes: Quota;
  /** A new connection's allowance for requests waiting to be handled (pending-budget.ts), all sharing one total. */
  pendingBudget(): PendingBudget;
}

export function createAbuseGuards(limits: ServerLimits, clock: Clock): AbuseGuards {
  const quota = (limit: RateLimit, what: string): Quota => ({ limiter: new RateLimiter(limit, clock), limit, what });
  const pendingTotal = new SharedPendingWeight(limits.pendingWeightTotal);
  return {
    limits,
    throttle: new SignInThrottle({ perAccount: limits.signInPerAccount, perAddress: limits.signInPerAddress }, clock),
    gate: new HashGate(limits.hashing),
    signUps: new RateLimiter(limits.signUpsPerAddress, clock),
    messages: quota(limits.messagesPerUser, 'messages'),
    groups: quota(limits.groupsPerUser, 'groups created'),
    storedBytes: quota(limits.storedBytesPerUser, 'bytes of files stored'),
    pendingBudget: () => new PendingBudget(limits, pendingTotal),
  };
}

/** "at most 20000 per 600 s": how a refusal names the quota. */
export function describeQuota(quota: Quota): string {
  return `at most ${quota.limit.burst} per ${Math.round(quota.limit.perMs / 1000)} s`;
}
