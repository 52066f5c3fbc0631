import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../ids';

describe('snowflake IDs', () => {
  it('are odd decimal strings above 2^53, strictly increasing even within one millisecond', () => {
    const ids = createIdGenerator({ clock: () => 1_800_000_000_000 });
    const values = Array.from({ length: 10_000 }, () => BigInt(ids.next())); // > 4096: spills into borrowed ms
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as bigint;
      expect(v > 2n ** 53n && v < 2n ** 63n).toBe(true);
      expect(v % 2n).toBe(1n);
      if (i > 0) expect(v > (values[i - 1] as bigint)).toBe(true);
    }
  });

  it('keep increasing when the clock steps backwards', () => {
    let now = 1_800_000_000_000;
    const ids = createIdGenerator({ clock: () => now });
    const first = BigInt(ids.next());
    now -= 60_000;
    expect(BigInt(ids.next()) > first).toBe(true);
  });

  it('continue above a floor (the largest stored ID) after a restart with an earlier clock', () => {
    const before = createIdGenerator({ clock: () => 1_900_000_000_000 });
    const floor = BigInt(before.next());
    const after = createIdGenerator({ clock: () => 1_800_000_000_000, floor });
    expect(BigInt(after.next()) > floor).toBe(true);
  });

  it('stay above 2^53 even under a clock set to 1970', () => {
    const ids = createIdGenerator({ clock: () => 0 });
    expect(BigInt(ids.next()) > 2n ** 53n).toBe(true);
  });

  it('follow time: a later millisecond gives a larger ID', () => {
    let now = 1_800_000_000_000;
    const ids = createIdGenerator({ clock: () => now });
    const a = BigInt(ids.next());
    now += 1;
    const b = BigInt(ids.next());
    expect((b >> 22n) - (a >> 22n)).toBe(1n); // the time bits are one millisecond apart
    expect(b > a).toBe(true);
  });
});
