// fast-check arbitraries for the fuzz tests: values a hostile or broken client might send.
// Wrong types, huge strings, deep (but transport-legal) nesting, pseudo-JSON text, numbers
// beyond 2^53 and 2^64 (as BigInt, which the lossless wire codec writes as bare integers),
// prototype-pollution keys as real own keys, and, mixed in, real IDs so that some requests
// get past validation into the handlers.

import fc from 'fast-check';

/** Numbers and numeric text around every edge an ID or a count has. */
export const edgeNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(0, -0, -1, 1, 0.5, 1e20, 2 ** 53, 2 ** 53 + 2, 2 ** 64, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER),
  fc.constantFrom<unknown>(2n ** 53n + 1n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 64n + 1n, 10n ** 30n, -(2n ** 63n)),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.constantFrom('18446744073709551615', '18446744073709551616', '99999999999999999999999', '-1', '00001', '1e3', ' 1', '0x10', 'NaN', 'Infinity', '1.5', ''),
  fc.integer(),
  fc.double(),
);

/** A string that is long (up to 200,000 characters: well under the 1 MB transport limit). */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 10_000, max: 200_000 }), fc.constantFrom('x', 'é', '😀', '\u0000', "'", '"', '\\'))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

/** Nesting as deep as the wire codec accepts (64 levels), arrays or objects. */
export const deepValue: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 10, max: 60 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
});

/** An object built from entries with defineProperty: a "__proto__" key stays an own key on the wire. */
export function ownObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

export const pollutionKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Any value, a little bit of everything. */
export function nastyValue(realIds: readonly string[]): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    { weight: 3, arbitrary: edgeNumber },
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(null, undefined, true, false, '', [], {}) },
    { weight: 3, arbitrary: fc.constantFrom(...realIds) },
    { weight: 1, arbitrary: hugeString },
  );
  return fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 2, arbitrary: fc.array(scalar, { maxLength: 8 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true, withDate: true }) },
    { weight: 1, arbitrary: deepValue },
    { weight: 1, arbitrary: fc.constantFrom(...pollutionKeys).chain((k) => scalar.map((v) => ownObject([[k, v]]))) },
  );
}

/** A request object: mostly the fields a handler reads, with hostile values, sometimes extra keys. */
export function requestObject(fields: readonly string[], realIds: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: fc.constantFrom(...pollutionKeys) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
  return fc.array(fc.tuple(key, nastyValue(realIds)), { maxLength: 8 }).map(ownObject);
}

/** Text a client might send instead of an object: JSON, the document's pseudo-JSON, or garbage. */
export function textPayload(fields: readonly string[], realIds: readonly string[]): fc.Arbitrary<string> {
  const asJson = requestObject(fields, realIds).map((o) => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null');
  return fc.oneof(
    asJson,
    asJson.map((t) => t.replace(/"/g, "'")), // the document's single quotes
    asJson.chain((t) => fc.integer({ min: 0, max: t.length }).map((n) => t.slice(0, n))), // cut short
    fc.json({ maxDepth: 4 }),
    fc.string({ maxLength: 60 }),
    fc.integer({ min: 65, max: 5000 }).map((n) => '['.repeat(n)), // deeper than the parser allows
    fc.constantFrom('{"__proto__": {"polluted": 1}}', '{"constructor": {"prototype": {"polluted": 1}}}', "{'group_id': 1, 'last_seen_message_id': 1598151020'}"),
  );
}

/** What goes out as one socket payload: an object, text, or something else entirely. */
export function payload(fields: readonly string[], realIds: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: requestObject(fields, realIds) }, { weight: 2, arbitrary: textPayload(fields, realIds) }, { weight: 2, arbitrary: nastyValue(realIds) });
}
