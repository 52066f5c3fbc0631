import { describe, expect, it } from 'vitest';
import { RequestError } from '../netalo/results';
import { checkGroupRequest, createGroupRequest, createMessageRequest, listGroupRequest, listMessageRequest, parseRequest } from '../netalo/validate';

const BIG = '1152921504606846977';

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof RequestError) return `${e.result} ${e.reason}`;
    throw e;
  }
  throw new Error('expected a RequestError');
}

describe('parseRequest', () => {
  it('fills defaults for an empty or missing payload', () => {
    expect(parseRequest(listGroupRequest, undefined)).toEqual({ uin: undefined, pindex: 0, psize: 20, sort_by: 1 });
    expect(parseRequest(listGroupRequest, null)).toEqual({ uin: undefined, pindex: 0, psize: 20, sort_by: 1 });
  });

  it('normalises IDs from strings and numbers, and keeps big ones exact', () => {
    expect(parseRequest(listMessageRequest, { group_id: BIG, last_message_id: 42, last_seen_message_id: null })).toEqual({
      group_id: BIG,
      last_message_id: '42',
      last_seen_message_id: undefined,
      pindex: 0,
      psize: 20,
    });
    expect(parseRequest(listMessageRequest, `{'group_id': ${BIG}}`).group_id).toBe(BIG);
    expect(parseRequest(listMessageRequest, { group_id: '007' }).group_id).toBe('7');
    expect(parseRequest(listMessageRequest, { group_id: '18446744073709551615' }).group_id).toBe('18446744073709551615');
  });

  it('refuses IDs that are not uint64 integers', () => {
    for (const bad of ['18446744073709551616', '-1', '1e5', '', ' 1', 1.5, -1, 2 ** 60, true, {}, []]) {
      expect(reasonOf(() => parseRequest(listMessageRequest, { group_id: bad }))).toMatch(/^1 group_id: must be an ID/);
    }
  });

  it('takes occupants_uin for occupants_uins, and dedupes the list', () => {
    expect(parseRequest(checkGroupRequest, { type: 1, occupants_uin: [BIG, Number(5), BIG] })).toEqual({ type: 1, occupants_uins: [BIG, '5'] });
    expect(reasonOf(() => parseRequest(checkGroupRequest, { type: 1, occupants_uins: [BIG, 'x'] }))).toBe('1 occupants_uins.1: must be an ID: a decimal string or a non-negative integer below 2^64');
  });

  it('accepts numeric strings for small integers, clamps psize, ignores unknown fields', () => {
    expect(parseRequest(listGroupRequest, { pindex: '2', psize: 500, sort_by: '2', appid: 9 })).toEqual({ uin: undefined, pindex: 2, psize: 100, sort_by: 2 });
    expect(parseRequest(createGroupRequest, { type: 3, occupants_uins: [], name: null })).toEqual({
      name: '',
      type: 3,
      avatar_url: '',
      owner_uin: undefined,
      occupants_uins: [],
    });
  });

  it('bounds strings by characters, not UTF-16 units', () => {
    const ok = parseRequest(createMessageRequest, { group_id: 1, message: '😀'.repeat(10_000), nonce: 'n' });
    expect(ok.message.length).toBe(20_000);
    expect(reasonOf(() => parseRequest(createMessageRequest, { group_id: 1, message: '😀'.repeat(10_001), nonce: 'n' }))).toBe(
      '1 message: must be at most 10000 characters',
    );
    expect(reasonOf(() => parseRequest(createMessageRequest, { group_id: 1, message: 'x'.repeat(5_000_000), nonce: 'n' }))).toBe(
      '1 message: must be at most 10000 characters',
    );
  });
});
