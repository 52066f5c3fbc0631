// Every abuse limit of the reference server in one place (server/PROTOCOL.md, "Limits").
// The defaults are chosen so that no person, and no existing client, test or benchmark,
// ever meets them (the burst benchmark, B5, sends 8 × 5,000 messages as one user: a warm-up
// and three runs, each into Parley and into the bare page; B4 as many); tests pass
// smaller ones through startServer({ limits }) to see them act.

/** A token bucket: `burst` at once, refilled at `burst` per `perMs`. */
export interface RateLimit {
  burst: number;
  perMs: number;
}

/** Exponential back-off after `freeFailures` failed sign-ins within `windowMs`. */
export interface BackOff {
  freeFailures: number;
  /** The first wait; each further failure doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures older than this (counted from the last one) are forgotten. */
  windowMs: number;
}

export interface ServerLimits {
  signInPerAccount: BackOff;
  /** Higher than per account: many people may share one address (an office, a NAT). */
  signInPerAddress: BackOff;
  /** Sign-ups (and talker /register) per remote address. */
  signUpsPerAddress: RateLimit;
  /** scrypt runs at once; further ones wait in a queue of `queue`, beyond which requests get 503. */
  hashing: { concurrency: number; queue: number };
  /** create_message (Netalo) and messeage (talker) per user. */
  messagesPerUser: RateLimit;
  /** create_group per user. */
  groupsPerUser: RateLimit;
  /** Live Netalo sockets (and signed-in talker connections) per user. */
  connectionsPerUser: number;
  /** TCP connections from one address, on each port; beyond, a new one is closed at once. */
  connectionsPerAddress: number;
  /** TCP connections in all, on each port; beyond, a new one is closed at once. */
  connectionsPerPort: number;
  /** Requests received from one connection (Netalo, talker, AZStack) and not yet handled; beyond, refused at once. */
  pendingPerSocket: number;
  /** What those requests may weigh together, roughly in heap bytes (pending-budget.ts); beyond, refused at once. */
  pendingWeightPerSocket: number;
  /** What every connection's waiting requests may weigh together. */
  pendingWeightTotal: number;
  /** What may wait to go out to one client that is not reading it (slow-readers.ts); beyond, its connection is closed. */
  behindPerConnection: { bytes: number; packets: number };
  /** The largest file POST /api/v1/files takes, in bytes (413 beyond). */
  uploadBytes: number;
  /** Bytes of files (uploads) and media (talker's data URIs) one user may store, per window: the disk is not theirs alone. */
  storedBytesPerUser: RateLimit;
}

import { MAX_BEHIND_BYTES, MAX_BEHIND_PACKETS } from './slow-readers';

const MINUTE = 60_000;

export const DEFAULT_LIMITS: ServerLimits = {
  signInPerAccount: { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE, windowMs: 60 * MINUTE },
  signInPerAddress: { freeFailures: 20, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE, windowMs: 60 * MINUTE },
  signUpsPerAddress: { burst: 100, perMs: 60 * MINUTE },
  // libuv has 4 threads by default; leave two for the file system and DNS.
  hashing: { concurrency: 2, queue: 64 },
  messagesPerUser: { burst: 50_000, perMs: 10 * MINUTE },
  groupsPerUser: { burst: 200, perMs: 10 * MINUTE },
  connectionsPerUser: 20,
  // Far beyond what the people behind one address (an office, a NAT) keep open; and five
  // ports of 3,000 in all stay well inside the file descriptors (20,000 here).
  connectionsPerAddress: 2_000,
  connectionsPerPort: 3_000,
  pendingPerSocket: 10_000,
  // Room for three of the largest requests any client sends (a talker message carrying 10 MB of media).
  pendingWeightPerSocket: 32 * 1024 * 1024,
  pendingWeightTotal: 512 * 1024 * 1024,
  behindPerConnection: { bytes: MAX_BEHIND_BYTES, packets: MAX_BEHIND_PACKETS },
  uploadBytes: 25 * 1024 * 1024,
  // 2 GiB a day: a hundred of the largest files; 1 GB in 4 s before there was a limit.
  storedBytesPerUser: { burst: 2 * 1024 * 1024 * 1024, perMs: 24 * 60 * MINUTE },
};

export type LimitsOverride = { [K in keyof ServerLimits]?: ServerLimits[K] extends number ? number : Partial<ServerLimits[K]> };

/** The defaults with `override` laid over them, field by field. */
export function resolveLimits(override: LimitsOverride = {}): ServerLimits {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof ServerLimits>) {
    const base = DEFAULT_LIMITS[key];
    const over = override[key];
    merged[key] = typeof base === 'number' ? (over ?? base) : { ...base, ...(over as object | undefined) };
  }
  return merged as unknown as ServerLimits;
}

/** Whole seconds to wait, at least 1: what Retry-After and `retry_after` carry. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
