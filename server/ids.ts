// Snowflake-style IDs for users, groups, messages (and later calls).
//
// Layout of the 64-bit value (always below 2^63, so it fits SQLite's signed INTEGER):
//   bits 22..62  milliseconds since 2020-01-01 (41 bits: good until about 2089)
//   bits 10..21  a sequence number within that millisecond (4096 per ms)
//   bits  0..9   this process's node number, random and always odd
// Why these choices:
// - time first, so a newer message has a larger ID and "newest first" is "ORDER BY id DESC";
// - strictly increasing even within one millisecond, or when the clock steps backwards
//   (we then keep counting from the last time we used, borrowing the next ms if needed);
// - an odd low part, so every ID is an odd number above 2^53: a double can never hold one
//   exactly, and any client that lets an ID pass through a JavaScript number shows the bug
//   at once instead of only for some IDs.

import { randomInt } from 'node:crypto';

const EPOCH_MS = 1_577_836_800_000n; // 2020-01-01T00:00:00Z
const SEQUENCE_BITS = 12n;
const NODE_BITS = 10n;
const MAX_SEQUENCE = (1n << SEQUENCE_BITS) - 1n;
// The smallest time part ever used: keeps every ID above 2^54 even under a clock set to 1970.
const MIN_TIME = 1n << 32n;

export interface IdGenerator {
  /** A new ID, larger than every ID this generator (or `floor`) has seen, as a decimal string. */
  next(): string;
}

export function createIdGenerator(opts: { clock: () => number; floor?: bigint; node?: number }): IdGenerator {
  const node = BigInt(opts.node ?? (randomInt(512) << 1) | 1) & ((1n << NODE_BITS) - 1n);
  let lastTime = MIN_TIME;
  let sequence = 0n;
  if (opts.floor !== undefined && opts.floor > 0n) {
    // Continue after the largest ID already stored: a restart with a clock that went back
    // (or a fast restart within the same ms) must not reuse or reorder IDs.
    const floorTime = opts.floor >> (SEQUENCE_BITS + NODE_BITS);
    if (floorTime >= lastTime) {
      lastTime = floorTime;
      sequence = (opts.floor >> NODE_BITS) & MAX_SEQUENCE;
    }
  }
  return {
    next(): string {
      const now = BigInt(Math.floor(opts.clock())) - EPOCH_MS;
      if (now > lastTime) {
        lastTime = now;
        sequence = 0n;
      } else if (sequence < MAX_SEQUENCE) {
        sequence += 1n;
      } else {
        lastTime += 1n; // 4096 IDs in one ms: borrow the next millisecond
        sequence = 0n;
      }
      return ((lastTime << (SEQUENCE_BITS + NODE_BITS)) | (sequence << NODE_BITS) | node).toString();
    },
  };
}
