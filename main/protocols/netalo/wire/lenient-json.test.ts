import { describe, expect, it } from 'vitest';
import { parseLenientJson } from './lenient-json';

const BIG = '1152921504606846977'; // 2^60 + 1: a double would round it to ...976

describe('parseLenientJson: plain JSON', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    const samples = [
      '{"a":1,"b":[true,false,null],"c":"x\\ny\\u00e9\\"","d":{"e":-2.5e3}}',
      '[]',
      '{}',
      ' [ 1 , 2 ] ',
      '"\\/\\b\\f\\r\\t\\\\"',
      '0',
      '-0.5',
      '9007199254740991',
      '-9007199254740991',
      '1e400',
    ];
    for (const text of samples) expect(parseLenientJson(text)).toEqual(JSON.parse(text));
  });

  it('keeps integers beyond 2^53 as their exact decimal strings', () => {
    expect(parseLenientJson(`{"group_id": ${BIG}, "uins": [${BIG}, 5]}`)).toEqual({ group_id: BIG, uins: [BIG, 5] });
    expect(parseLenientJson('9007199254740992')).toBe('9007199254740992');
    expect(parseLenientJson('-9007199254740993')).toBe('-9007199254740993');
    expect(parseLenientJson('18446744073709551615')).toBe('18446744073709551615');
  });

  it('reads big integers exactly wherever they sit beside strings that hold digits or quotes', () => {
    // The native fast path must never take a text with an unsafe bare integer.
    expect(parseLenientJson(`["message",{"id":"${BIG}","n":${BIG},"t":"a\\"${BIG}","at":1764700000000000}]`)).toEqual([
      'message',
      { id: BIG, n: BIG, t: `a"${BIG}`, at: 1764700000000000 },
    ]);
    expect(parseLenientJson(`{"s":"\\\\","n":${BIG}}`)).toEqual({ s: '\\', n: BIG });
    expect(parseLenientJson('[9007199254740991,-9007199254740992]')).toEqual([9007199254740991, '-9007199254740992']);
  });

  it('leaves fractions and exponents as numbers, however large', () => {
    expect(parseLenientJson('1152921504606846977.5')).toBe(Number('1152921504606846977.5'));
    expect(parseLenientJson('1e20')).toBe(1e20);
  });

  it('makes "__proto__" an ordinary key, never the prototype', () => {
    const value = parseLenientJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses single quotes unless asked', () => {
    expect(() => parseLenientJson("{'a': 1}")).toThrow(SyntaxError);
    expect(() => parseLenientJson('"it\\\'s"')).toThrow(SyntaxError);
  });

  it('throws a SyntaxError naming the position on malformed input', () => {
    const bad = ['', '{', '{"a" 1}', '{"a":1,}', '[1,]', '[1 2]', '01', '1.', '-', 'tru', '"abc', '{"a":1}x', '{a:1}', '"\\x"', '"\\u12"', '"a\nb"', 'NaN'];
    for (const text of bad) {
      expect(() => parseLenientJson(text), text).toThrow(SyntaxError);
    }
    expect(() => parseLenientJson('{"a" 1}')).toThrow(/position 5/);
    expect(() => parseLenientJson('[1, 2')).toThrow(/end of input.*at position 5/);
  });

  it('refuses nesting deeper than 64 levels without exhausting the stack', () => {
    const ok = '['.repeat(64) + ']'.repeat(64);
    expect(() => parseLenientJson(ok)).not.toThrow();
    expect(() => parseLenientJson('['.repeat(65) + ']'.repeat(65))).toThrow(/deeper than 64/);
    expect(() => parseLenientJson('[{"a":'.repeat(100_000))).toThrow(SyntaxError);
  });
});

describe('parseLenientJson: the Netalo document pseudo-JSON', () => {
  const single = { allowSingleQuotes: true };

  it('parses the create_group example, single and double quotes mixed', () => {
    const text = `{'appid': 123, 'name': "Netalo", 'type': 2, 'avatar_url': 'some url', 'owner_uin': 123, 'occupants_uin': [123, 456]}`;
    expect(parseLenientJson(text, single)).toEqual({
      appid: 123,
      name: 'Netalo',
      type: 2,
      avatar_url: 'some url',
      owner_uin: 123,
      occupants_uin: [123, 456],
    });
  });

  it('keeps big IDs exact in pseudo-JSON too', () => {
    expect(parseLenientJson(`{'group_id': ${BIG}, 'message': 'abc'}`, single)).toEqual({ group_id: BIG, message: 'abc' });
  });

  it('handles quotes inside strings and escaped single quotes', () => {
    expect(parseLenientJson(`{'a': "it's", 'b': 'say "hi"', 'c': 'it\\'s'}`, single)).toEqual({
      a: "it's",
      b: 'say "hi"',
      c: "it's",
    });
  });

  it('still refuses what is malformed in any dialect', () => {
    // The document's list_message example has a stray quote; it is not accepted.
    expect(() => parseLenientJson(`{'group_id': 123, 'last_seen_message_id': 1598151020'}`, single)).toThrow(SyntaxError);
    expect(() => parseLenientJson(`{'a': 'unterminated}`, single)).toThrow(/Unterminated string/);
    expect(() => parseLenientJson(`{a: 1}`, single)).toThrow(SyntaxError);
  });
});
