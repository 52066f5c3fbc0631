// Time-ordered IDs, in two ranges, as the real Netalo system hands them out (protocol notes):
// - users and groups below 2^53 (around 2^48 today): `createSmallIdGenerator`;
// - messages (their change_ids) and, later, calls above 2^53: `createIdGenerator`.
// `createServerIds` picks the generator for each kind; with `largeIds` (--large-ids) every
// kind takes the above-2^53 one, so that client tests see only IDs a double cannot hold.
//
// Layout of an ID above 2^53 (always below 2^63, so it fits SQLite's signed INTEGER):
//   bits 22..62  milliseconds since 2020-01-01 (41 bits: good until about 2089)
//   bits 10..21  a sequence number within that millisecond (4096 per ms)
//   bits  0..9   this process's node number, random and always odd
// Layout of an ID below 2^53:
//   bits 11..52  milliseconds since 2020-01-01, at least 2^37 (so every ID is at least 2^48)
//   bits  0..10  a sequence number within that millisecond (2048 per ms)
// Why these choices:
// - time first, so a newer message has a larger ID and "newest first" is "ORDER BY id DESC";
// - strictly increasing even within one millisecond, or when the clock steps backwards
//   (we then keep counting from the last time we used, borrowing the next ms if needed);
// - an odd low part above 2^53, so a double can never hold one of those exactly, and any
//   client that lets an ID pass through a JavaScript number shows the bug at once instead
//   of only for some IDs. Below 2^53 every ID is exact in a double: some real clients pass
//   user and group IDs through Number(), and those must keep working.

import { randomInt } from 'node:crypto';

const EPOCH_MS = 1_577_836_800_000n; // 2020-01-01T00:00:00Z
const SEQUENCE_BITS = 12n;
const NODE_BITS = 10n;
const MAX_SEQUENCE = (1n << SEQUENCE_BITS) - 1n;
// The smallest time part ever used: keeps every ID above 2^54 even under a clock set to 1970.
const MIN_TIME = 1n << 32n;

/** Every ID of the small range is below this; every ID of the large range above it. */
export const SMALL_ID_LIMIT = 1n << 53n;
const SMALL_SEQUENCE_BITS = 11n;
const SMALL_MAX_SEQUENCE = (1n << SMALL_SEQUENCE_BITS) - 1n;
// 2^37 ms after 2020 is May 2024: a clock set earlier (a test's, a broken one) still gives
// IDs of the real system's size, at least 2^48.
const SMALL_MIN_TIME = 1n << 37n;
// 2^42 ms after 2020 is the year 2159; past it an ID would not fit below 2^53.
const SMALL_MAX_TIME = (1n << (53n - SMALL_SEQUENCE_BITS)) - 1n;

export interface IdGenerator {
  /** A new ID, larger than every ID this generator (or `floor`) has seen, as a decimal string. */
  next(): string;
}

/** Where a generator is: the millisecond it last used (since EPOCH_MS) and its sequence number in it. */
interface Counter {
  lastTime: bigint;
  sequence: bigint;
}

/** Moves to the clock's millisecond, or, when the clock is not ahead, to the next sequence number. */
function advance(counter: Counter, clockMs: number, maxSequence: bigint): void {
  const now = BigInt(Math.floor(clockMs)) - EPOCH_MS;
  if (now > counter.lastTime) {
    counter.lastTime = now;
    counter.sequence = 0n;
  } else if (counter.sequence < maxSequence) {
    counter.sequence += 1n;
  } else {
    counter.lastTime += 1n; // the whole sequence used in one ms: borrow the next millisecond
    counter.sequence = 0n;
  }
}

/** IDs above 2^53 (messages, change_ids, calls; everything under --large-ids). */
export function createIdGenerator(opts: { clock: () => number; floor?: bigint; node?: number }): IdGenerator {
  const node = BigInt(opts.node ?? (randomInt(512) << 1) | 1) & ((1n << NODE_BITS) - 1n);
  const counter: Counter = { lastTime: MIN_TIME, sequence: 0n };
  if (opts.floor !== undefined && opts.floor > 0n) {
    // Continue after the largest ID already stored: a restart with a clock that went back
    // (or a fast restart within the same ms) must not reuse or reorder IDs.
    const floorTime = opts.floor >> (SEQUENCE_BITS + NODE_BITS);
    if (floorTime >= counter.lastTime) {
      counter.lastTime = floorTime;
      counter.sequence = (opts.floor >> NODE_BITS) & MAX_SEQUENCE;
    }
  }
  return {
    next(): string {
      advance(counter, opts.clock(), MAX_SEQUENCE);
      return ((counter.lastTime << (SEQUENCE_BITS + NODE_BITS)) | (counter.sequence << NODE_BITS) | node).toString();
    },
  };
}

/**
 * IDs below 2^53, around 2^48 (users and groups, as in the real system). `floor`: the largest
 * ID below 2^53 already stored; larger stored IDs belong to the other range and are no
 * concern of this one (they can never be equal to an ID from here).
 */
export function createSmallIdGenerator(opts: { clock: () => number; floor?: bigint }): IdGenerator {
  const counter: Counter = { lastTime: SMALL_MIN_TIME, sequence: 0n };
  if (opts.floor !== undefined && opts.floor > 0n && opts.floor < SMALL_ID_LIMIT) {
    const floorTime = opts.floor >> SMALL_SEQUENCE_BITS;
    if (floorTime >= counter.lastTime) {
      counter.lastTime = floorTime;
      counter.sequence = opts.floor & SMALL_MAX_SEQUENCE;
    }
  }
  return {
    next(): string {
      advance(counter, opts.clock(), SMALL_MAX_SEQUENCE);
      // Unreachable before 2159 (or under a clock that far ahead): refuse rather than cross 2^53.
      if (counter.lastTime > SMALL_MAX_TIME) throw new Error('no user or group ID is left below 2^53');
      return ((counter.lastTime << SMALL_SEQUENCE_BITS) | counter.sequence).toString();
    },
  };
}

/** The generator of each kind of ID. `users` and `groups` are one generator: a user and a group never share an ID. */
export interface ServerIds {
  users: IdGenerator;
  groups: IdGenerator;
  /** Messages, their change_ids, and (later) calls. */
  messages: IdGenerator;
}

export interface StoredIdFloors {
  /** The largest stored user or group ID below 2^53 (0 if none). */
  small: bigint;
  /** The largest ID stored anywhere (0 if none). */
  any: bigint;
}

export function createServerIds(opts: { clock: () => number; floors: StoredIdFloors; largeIds: boolean }): ServerIds {
  const large = createIdGenerator({ clock: opts.clock, floor: opts.floors.any });
  if (opts.largeIds) return { users: large, groups: large, messages: large };
  const small = createSmallIdGenerator({ clock: opts.clock, floor: opts.floors.small });
  return { users: small, groups: small, messages: large };
}

/**
 * An ID as a number that compares by time with message IDs: a group without messages sorts
 * among groups by their last message by when it was created (group-store's activity_id).
 * IDs above 2^53 already are such numbers; one below 2^53 is re-laid as if it were one
 * (its millisecond and sequence in the large layout, node 0).
 */
export function messageOrderKey(id: string): bigint {
  const value = BigInt(id);
  if (value >= SMALL_ID_LIMIT) return value;
  const time = value >> SMALL_SEQUENCE_BITS;
  const sequence = value & SMALL_MAX_SEQUENCE;
  return (time << (SEQUENCE_BITS + NODE_BITS)) | (sequence << NODE_BITS);
}
