import { describe, expect, it } from 'vitest';
import type { Result } from '../contract';
import { TAKE_WITHIN_MS } from './early-answers';
import { createPushedAnswers } from './pushed-answers';

const session = (accounts: Array<[string, 'online' | 'offline']>): Result<unknown> => ({
  ok: true,
  value: { protocols: [], accounts: accounts.map(([id, connection]) => ({ account: { id }, connection })) },
});
const page = (id: string): Result<unknown> => ({ ok: true, value: { items: [{ id }] } });
const lost: Result<unknown> = { ok: false, error: { code: 'offline', message: 'gone' } };

describe('pushed answers', () => {
  it('hands the pushed session, then the pages it names, to the first matching calls, once', async () => {
    const pushed = createPushedAnswers(50);
    pushed.arrived('session.get', {}, session([['a', 'online']]));
    pushed.arrived('conversations.list', { accountId: 'a', limit: 50 }, page('c1'));
    expect(await pushed.take('session.get', {})).toEqual(session([['a', 'online']]));
    // Arguments in any order are the same question.
    expect(await pushed.take('conversations.list', { limit: 50, accountId: 'a' })).toEqual(page('c1'));
    expect(pushed.take('session.get', {})).toBeNull();
    expect(pushed.take('conversations.list', { accountId: 'a', limit: 50 })).toBeNull();
  });

  it('lets a call made before its answer arrived wait for it', async () => {
    const pushed = createPushedAnswers(50);
    const asked = pushed.take('session.get', {});
    expect(asked).not.toBeNull();
    // Not pushed for this account (offline), nor for another page size: asked as usual.
    pushed.arrived('session.get', {}, session([['a', 'online'], ['b', 'offline']]));
    expect(await asked).toEqual(session([['a', 'online'], ['b', 'offline']]));
    expect(pushed.take('conversations.list', { accountId: 'b', limit: 50 })).toBeNull();
    expect(pushed.take('conversations.list', { accountId: 'a', limit: 20 })).toBeNull();
    const list = pushed.take('conversations.list', { accountId: 'a', limit: 50 });
    pushed.arrived('conversations.list', { accountId: 'a', limit: 50 }, page('c1'));
    expect(await list).toEqual(page('c1'));
  });

  it('drops an answer nobody asked for once an event that may change it arrives, and stops expecting more', () => {
    const pushed = createPushedAnswers(50);
    pushed.arrived('session.get', {}, session([['a', 'online']]));
    pushed.heard([{ name: 'unread.changed', payload: { total: 1, byAccount: { a: 1 } } }]);
    expect(pushed.take('session.get', {})).not.toBeNull();
    pushed.heard([{ name: 'conversation.updated', payload: { conversation: { id: 'c1' } } }] as never);
    pushed.arrived('conversations.list', { accountId: 'a', limit: 50 }, page('c1'));
    expect(pushed.take('conversations.list', { accountId: 'a', limit: 50 })).toBeNull();
  });

  it('still answers a call that was already waiting when an event came (as an asked call would be)', async () => {
    const pushed = createPushedAnswers(50);
    const asked = pushed.take('session.get', {});
    pushed.heard([{ name: 'accounts.changed', payload: { accounts: [] } }]);
    pushed.arrived('session.get', {}, session([['a', 'online']]));
    expect(await asked).toEqual(session([['a', 'online']]));
    // The pages it names are not taken: they were read after the event.
    pushed.arrived('conversations.list', { accountId: 'a', limit: 50 }, page('c1'));
    expect(pushed.take('conversations.list', { accountId: 'a', limit: 50 })).toBeNull();
  });

  it('settles waiting calls as lost when the socket closes, and hands out nothing after', async () => {
    const pushed = createPushedAnswers(50);
    const asked = pushed.take('session.get', {});
    pushed.closed(lost);
    expect(await asked).toEqual(lost);
    pushed.arrived('session.get', {}, session([['a', 'online']]));
    expect(pushed.take('session.get', {})).toBeNull();
  });

  it('hands out nothing past the time limit, nor for any other command', () => {
    let now = 0;
    const pushed = createPushedAnswers(50, () => now);
    pushed.arrived('session.get', {}, session([['a', 'online']]));
    expect(pushed.take('settings.get', {})).toBeNull();
    now = TAKE_WITHIN_MS + 1;
    expect(pushed.take('session.get', {})).toBeNull();
  });
});
