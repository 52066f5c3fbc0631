import { describe, expect, it } from 'vitest';
import { stringifyLosslessJson } from './lossless-stringify';
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

  it('throws on cycles instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stringifyLosslessJson(cyclic)).toThrow(TypeError);
  });
});
