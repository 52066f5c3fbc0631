import { describe, expect, it } from 'vitest';
import { createIdGenerator, createServerIds, createSmallIdGenerator, messageOrderKey } from '../ids';

const TWO_POW_48 = 2n ** 48n;
const TWO_POW_53 = 2n ** 53n;

describe('snowflake IDs above 2^53 (messages, change_ids, calls)', () => {
  it('are odd decimal strings above 2^53, strictly increasing even within one millisecond', () => {
    const ids = createIdGenerator({ clock: () => 1_800_000_000_000 });
    const values = Array.from({ length: 10_000 }, () => BigInt(ids.next())); // > 4096: spills into borrowed ms
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as bigint;
      expect(v > TWO_POW_53 && v < 2n ** 63n).toBe(true);
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
    expect(BigInt(ids.next()) > TWO_POW_53).toBe(true);
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

describe('IDs below 2^53 (users and groups, as in the real system)', () => {
  it('sit around 2^48 today: at least 2^48, below 2^53, exact as a double', () => {
    const ids = createSmallIdGenerator({ clock: () => Date.parse('2026-12-01T00:00:00Z') });
    const v = BigInt(ids.next());
    expect(v >= TWO_POW_48 && v < 2n ** 49n).toBe(true);
    expect(BigInt(Number(v))).toBe(v);
  });

  it('are strictly increasing decimal strings, even past 2048 in one millisecond', () => {
    const ids = createSmallIdGenerator({ clock: () => 1_800_000_000_000 });
    const texts = Array.from({ length: 5_000 }, () => ids.next()); // > 2048: spills into borrowed ms
    const values = texts.map(BigInt);
    for (let i = 0; i < values.length; i++) {
      expect(texts[i]).toMatch(/^[1-9]\d*$/);
      expect((values[i] as bigint) < TWO_POW_53).toBe(true);
      if (i > 0) expect(values[i]! > values[i - 1]!).toBe(true);
    }
  });

  it('follow time: a later millisecond gives a larger ID, an earlier clock no smaller one', () => {
    let now = 1_800_000_000_000;
    const ids = createSmallIdGenerator({ clock: () => now });
    const a = BigInt(ids.next());
    now += 1;
    const b = BigInt(ids.next());
    expect((b >> 11n) - (a >> 11n)).toBe(1n); // the time bits are one millisecond apart
    now -= 60_000; // the clock steps back a minute
    const c = BigInt(ids.next());
    expect(c > b).toBe(true);
  });

  it('continue above a floor (the largest stored one) after a restart with an earlier clock', () => {
    const before = createSmallIdGenerator({ clock: () => 1_900_000_000_000 });
    const floor = BigInt(before.next());
    const after = createSmallIdGenerator({ clock: () => 1_800_000_000_000, floor });
    const next = BigInt(after.next());
    expect(next > floor).toBe(true);
    expect(next < TWO_POW_53).toBe(true);
  });

  it('ignore a floor from the range above 2^53 (it can never equal one of theirs)', () => {
    const large = BigInt(createIdGenerator({ clock: () => 1_900_000_000_000 }).next());
    const ids = createSmallIdGenerator({ clock: () => 1_800_000_000_000, floor: large });
    expect(BigInt(ids.next()) < TWO_POW_53).toBe(true);
  });

  it('stay at least 2^48 under a clock set to 1970', () => {
    const ids = createSmallIdGenerator({ clock: () => 0 });
    expect(BigInt(ids.next()) >= TWO_POW_48).toBe(true);
  });

  it('refuse rather than cross 2^53 (a clock in the year 2200)', () => {
    const ids = createSmallIdGenerator({ clock: () => Date.parse('2200-01-01T00:00:00Z') });
    expect(() => ids.next()).toThrow(/below 2\^53/);
  });
});

describe('createServerIds', () => {
  const clock = () => 1_800_000_000_000;

  it('gives users and groups IDs below 2^53 from one sequence, messages IDs above', () => {
    const ids = createServerIds({ clock, floors: { small: 0n, any: 0n }, largeIds: false });
    const user = BigInt(ids.users.next());
    const group = BigInt(ids.groups.next());
    const message = BigInt(ids.messages.next());
    expect(user < TWO_POW_53 && group < TWO_POW_53).toBe(true);
    expect(group > user).toBe(true); // one sequence: a user and a group never share an ID
    expect(message > TWO_POW_53).toBe(true);
  });

  it('with largeIds, gives every kind IDs above 2^53', () => {
    const ids = createServerIds({ clock, floors: { small: 0n, any: 0n }, largeIds: true });
    for (const kind of ['users', 'groups', 'messages'] as const) expect(BigInt(ids[kind].next()) > TWO_POW_53).toBe(true);
  });

  it('continues each range above its own floor', () => {
    const later = () => 1_900_000_000_000;
    const stored = createServerIds({ clock: later, floors: { small: 0n, any: 0n }, largeIds: false });
    const small = BigInt(stored.users.next());
    const any = BigInt(stored.messages.next());
    const ids = createServerIds({ clock, floors: { small, any }, largeIds: false });
    expect(BigInt(ids.groups.next()) > small).toBe(true);
    expect(BigInt(ids.messages.next()) > any).toBe(true);
  });
});

describe('messageOrderKey', () => {
  it('orders an ID below 2^53 among message IDs by its time', () => {
    let now = 1_800_000_000_000;
    const ids = createServerIds({ clock: () => now, floors: { small: 0n, any: 0n }, largeIds: false });
    const earlierMessage = BigInt(ids.messages.next());
    now += 1;
    const group = ids.groups.next();
    now += 1;
    const laterMessage = BigInt(ids.messages.next());
    const key = messageOrderKey(group);
    expect(key > earlierMessage && key < laterMessage).toBe(true);
  });

  it('leaves an ID above 2^53 as it is', () => {
    const id = createIdGenerator({ clock: () => 1_800_000_000_000 }).next();
    expect(messageOrderKey(id)).toBe(BigInt(id));
  });
});
