import { describe, expect, it, vi } from 'vitest';
import { BIGINT_MARK, stringifyLosslessJson } from './lossless-stringify';
import { parseLenientJson } from './lenient-json';

describe('stringifyLosslessJson', () => {
  it('matches JSON.stringify for ordinary values', () => {
    const samples: unknown[] = [
      { a: 1, b: [true, null, 'x"y'], c: { d: -2.5 } },
      [undefined, () => 1, Symbol('s'), NaN, Infinity],
      { skip: undefined, f: () => 1, keep: 0 },
      new Date(0),
      'é\u2028',
      null,
      [new String('s'), new Number(3), new Boolean(false)],
    ];
    for (const value of samples) expect(stringifyLosslessJson(value)).toBe(JSON.stringify(value));
  });

  it('writes a BigInt as a bare integer that parseLenientJson reads back exactly', () => {
    const text = stringifyLosslessJson({ id: 2n ** 60n + 1n, ids: [2n ** 63n - 1n] });
    expect(text).toBe('{"id":1152921504606846977,"ids":[9223372036854775807]}');
    expect(parseLenientJson(text)).toEqual({ id: '1152921504606846977', ids: ['9223372036854775807'] });
  });

  it('writes the server’s pushes with uint64 IDs in one native pass, not value by value', () => {
    const push = (n: bigint) => ['message_created', { id: n, group_id: n + 1n, message: 'r0 "1"', nonce: 'r0-1', at: 1, files: [], neg: -n }];
    stringifyLosslessJson(push(2n ** 60n));
    const stringify = vi.spyOn(JSON, 'stringify');
    let text: string;
    let calls: number;
    try {
      text = stringifyLosslessJson(push(2n ** 60n + 10n));
      calls = stringify.mock.calls.length;
    } finally {
      stringify.mockRestore();
    }
    // The value-by-value writer calls JSON.stringify for every string and key (a dozen here).
    expect(calls).toBe(1);
    expect(text).toBe('["message_created",{"id":1152921504606846986,"group_id":1152921504606846987,"message":"r0 \\"1\\"","nonce":"r0-1","at":1,"files":[],"neg":-1152921504606846986}]');
    // And a value without one after it is written as JSON.stringify writes it.
    expect(stringifyLosslessJson({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
  });

  it('keeps a text that starts like its BigInt mark a text, however the values alternate', () => {
    const tricky = { id: 5n, text: `${BIGINT_MARK}7`, key: { [`${BIGINT_MARK}8`]: 9n } };
    const expected = `{"id":5,"text":${JSON.stringify(`${BIGINT_MARK}7`)},"key":{${JSON.stringify(`${BIGINT_MARK}8`)}:9}}`;
    expect(stringifyLosslessJson(tricky)).toBe(expected);
    expect(stringifyLosslessJson({ text: `${BIGINT_MARK}1` })).toBe(JSON.stringify({ text: `${BIGINT_MARK}1` }));
    expect(stringifyLosslessJson(tricky)).toBe(expected);
    expect(parseLenientJson(stringifyLosslessJson({ big: 2n ** 64n - 1n, s: 'x' }))).toEqual({ big: '18446744073709551615', s: 'x' });
  });

  it('throws on cycles instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stringifyLosslessJson(cyclic)).toThrow(TypeError);
  });
});
