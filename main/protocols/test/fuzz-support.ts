// Shared pieces of the adapters' property-based fuzz tests (fast-check): hostile values a
// broken or malicious server might send, structure-aware mutation of valid payloads, a
// logger that proves nothing of a payload's content is logged, and a counter of payloads.
//
// Runs are seeded (FUZZ_SEED, default below) so a failure in CI reproduces on any machine;
// FUZZ_SEED=random explores new inputs, FUZZ_RUNS scales how many.

import fc from 'fast-check';
import { createMemoryLogger } from '../../core/logger';

const DEFAULT_SEED = 20_261_202;
export const FUZZ_SEED = process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? DEFAULT_SEED);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);

/** fc.assert's options: the seed, and `runs` scaled by FUZZ_RUNS. */
export function fuzzOptions(runs: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(runs * SCALE)), endOnFailure: true };
}

/** Counts every payload a property was run on, for the summary each fuzz file prints. */
export class FuzzCounter {
  private counts = new Map<string, number>();
  /** Wraps a predicate so that each call counts one payload under `name`. */
  count<A extends unknown[], R>(name: string, predicate: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
      return predicate(...args);
    };
  }
  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  summary(label: string): string {
    const parts = [...this.counts].map(([name, n]) => `${name} ${n}`).join(', ');
    return `[parley] fuzz ${label}: ${this.total()} payloads fuzzed (seed ${FUZZ_SEED}): ${parts}`;
  }
}

/** Marks content in a payload: a log line that contains it has logged the payload. */
export const SECRET = 'S3CRET-payload-content-9f2c';

/** A logger that remembers its lines, and can tell whether any line leaked payload content. */
export function watchedLogger() {
  const log = createMemoryLogger();
  return Object.assign(log, {
    leaked: () => log.lines.some((l) => l.includes(SECRET)),
    clear: () => {
      log.lines.length = 0;
    },
  });
}

/** An object whose keys stay own keys, "__proto__" included (as JSON.parse makes them). */
export function ownObject(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'then'] as const;

const HUGE = 'x'.repeat(1_000_000);

/** Numbers and numeric text around every edge an ID, a count or a time has. */
export const edgeNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(0, -0, -1, 1, 0.5, 1e20, 1e300, -1e300, 2 ** 53, 2 ** 53 + 2, 2 ** 64, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity),
  fc.constantFrom<unknown>(2n ** 53n + 1n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 64n + 1n, 10n ** 30n, -(2n ** 63n)),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.constantFrom('18446744073709551615', '18446744073709551616', '99999999999999999999', '99999999999999999999999', '-1', '00001', '1e3', ' 1', '0x10', 'NaN', 'Infinity', '1.5', ''),
  fc.integer(),
  fc.double(),
);

/** Strings of every kind: empty, control characters, lone surrogates, quotes, the secret, very long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 4 },
  { arbitrary: fc.constantFrom('', '\u0000', '\ud800', "'", '"', '\\', '{', '[', 'null', SECRET, `${SECRET}'"\\`), weight: 2 },
  { arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => HUGE.slice(0, n)), weight: 1 },
  { arbitrary: fc.constant(HUGE), weight: 1 },
);

/** Nesting far deeper than any payload has (and than the wire codec's 64 levels). */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 10, max: 2_000 }), fc.boolean())
  .map(([depth, arrays]) => {
    let v: unknown = SECRET;
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
    return v;
  });

/** Any value a decoded packet could hold, and some it could not (a Buffer, a Date, a Map). */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.constantFrom<unknown>(null, undefined, true, false, SECRET), weight: 3 },
    { arbitrary: edgeNumber, weight: 3 },
    { arbitrary: hostileString, weight: 3 },
    { arbitrary: fc.array(tie('value'), { maxLength: 5 }), weight: 2 },
    {
      arbitrary: fc
        .array(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS, SECRET), fc.string({ maxLength: 8 })), tie('value')), { maxLength: 5 })
        .map(ownObject),
      weight: 2,
    },
    { arbitrary: deepValue, weight: 1 },
    { arbitrary: fc.constantFrom<unknown>(Buffer.from(SECRET), new Date(0), new Map([[SECRET, 1]]), new Uint8Array(3), Object.create(null), Object.assign(new Array(3), { 1: SECRET })), weight: 1 },
  ),
})).value;

/**
 * Structure-aware mutation: a valid payload with one field (at any depth) replaced by a
 * hostile value, removed, or joined by a pollution key. Most inputs then fail validation at
 * exactly one place, which is where decoders tend to break.
 */
export function mutated(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), hostileValue, fc.constantFrom('replace', 'remove', 'pollute', 'wrap') as fc.Arbitrary<string>).map(
    ([value, pick, replacement, how]) => mutate(value, pick, replacement, how),
  );
}

function mutate(value: unknown, pick: number, replacement: unknown, how: string): unknown {
  const paths: string[][] = [];
  const walk = (v: unknown, path: string[]) => {
    paths.push(path);
    if (v && typeof v === 'object' && path.length < 6) for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k]);
  };
  walk(value, []);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return how === 'wrap' ? [value] : replacement;
  const copy = structuredClone(value) as Record<string, unknown>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
  const key = path[path.length - 1]!;
  if (how === 'remove') delete parent[key];
  else if (how === 'pollute') Object.defineProperty(parent, '__proto__', { value: replacement, enumerable: true, writable: true, configurable: true });
  else if (how === 'wrap') parent[key] = [parent[key]];
  else parent[key] = replacement;
  return copy;
}

/** Only these escape a parser that is documented to throw on bad input. */
export function isControlledError(e: unknown, types: ReadonlyArray<new (...args: never[]) => Error>): boolean {
  // A RangeError (stack overflow), a TypeError (a bug reaching into undefined) is never controlled.
  return types.some((t) => e instanceof t && e.constructor === t);
}
