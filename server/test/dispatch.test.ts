import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/core/logger';
import type { SessionStore } from '../sessions';
import type { Handler, NetaloServices, NetaloSocket } from '../netalo/context';
import { createDispatcher } from '../netalo/dispatch';
import { RequestError } from '../netalo/results';

function fakeSocket() {
  const emitted: Array<[string, unknown]> = [];
  let disconnects = 0;
  const socket = {
    id: 'socket-1',
    data: { uin: '1152921504606846977', sessionKey: 'key' },
    emit: (event: string, data: unknown) => emitted.push([event, data]),
    disconnect: () => (disconnects += 1),
  };
  return { socket: socket as unknown as NetaloSocket, emitted, disconnects: () => disconnects };
}

function setup(handlers: Record<string, Handler>, sessionValid = true) {
  const log = createMemoryLogger();
  const sessions = { resolveKey: () => (sessionValid ? { key: 'key', uin: '1', expiresAt: 0 } : null) } as unknown as SessionStore;
  const dispatch = createDispatcher({ handlers, services: {} as NetaloServices, sessions, log });
  return { dispatch, log };
}

function ackOf(): { ack: (reply: unknown) => void; replies: unknown[] } {
  const replies: unknown[] = [];
  return { ack: (reply) => replies.push(reply), replies };
}

describe('dispatch', () => {
  it('adds result 0 to what the handler returns, and runs afterAck work after the ack', () => {
    const order: string[] = [];
    const { dispatch } = setup({
      ping: (ctx, payload) => {
        ctx.afterAck(() => order.push('push'));
        return { echo: payload, uin: ctx.uin };
      },
    });
    const { socket } = fakeSocket();
    dispatch(socket, 'ping', [{ a: 1 }, (reply: unknown) => order.push(`ack ${JSON.stringify(reply)}`)]);
    expect(order).toEqual(['ack {"result":0,"echo":{"a":1},"uin":"1152921504606846977"}', 'push']);
  });

  it('turns a RequestError into its result and reason, and drops queued pushes', () => {
    let pushed = false;
    const { dispatch } = setup({
      nope: (ctx) => {
        ctx.afterAck(() => (pushed = true));
        throw new RequestError(4, 'not yours');
      },
    });
    const { ack, replies } = ackOf();
    dispatch(fakeSocket().socket, 'nope', [{}, ack]);
    expect(replies).toEqual([{ result: 4, reason: 'not yours' }]);
    expect(pushed).toBe(false);
  });

  it('turns any other throw into result 9, logged, never a crash', () => {
    const { dispatch, log } = setup({
      broken: () => {
        throw new TypeError('database is on fire');
      },
    });
    const { ack, replies } = ackOf();
    expect(() => dispatch(fakeSocket().socket, 'broken', [{}, ack])).not.toThrow();
    expect(replies).toEqual([{ result: 9, reason: expect.stringMatching(/internal error/) }]);
    expect(log.lines.some((l) => l.includes('request failed') && l.includes('database is on fire'))).toBe(true);
  });

  it('survives a failing push and a throwing ack', () => {
    const { dispatch, log } = setup({
      ok: (ctx) => {
        ctx.afterAck(() => {
          throw new Error('push exploded');
        });
        return {};
      },
    });
    expect(() =>
      dispatch(fakeSocket().socket, 'ok', [
        {},
        () => {
          throw new Error('ack exploded');
        },
      ]),
    ).not.toThrow();
    expect(log.lines.some((l) => l.includes('push exploded'))).toBe(true);
    expect(log.lines.some((l) => l.includes('ack exploded'))).toBe(true);
  });

  it('answers 5 for unknown events, including names that only look like Object.prototype keys', () => {
    const { dispatch } = setup({});
    for (const name of ['nothing', 'constructor', '__proto__', 'toString', 42]) {
      const { ack, replies } = ackOf();
      dispatch(fakeSocket().socket, name, [{}, ack]);
      expect(replies).toEqual([{ result: 5, reason: `unsupported event "${String(name)}"` }]);
    }
  });

  it('answers 2, says login 2 and disconnects when the session is no longer valid', () => {
    let ran = false;
    const { dispatch } = setup({ list_group: () => ((ran = true), {}) }, false);
    const fake = fakeSocket();
    const { ack, replies } = ackOf();
    dispatch(fake.socket, 'list_group', [{}, ack]);
    expect(ran).toBe(false);
    expect(replies).toEqual([{ result: 2, reason: expect.any(String) }]);
    expect(fake.emitted).toEqual([['login', { result: 2 }]]);
    expect(fake.disconnects()).toBe(1);
  });
});
