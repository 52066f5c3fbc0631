import { describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, type CommandName } from '../../../contract/commands';
import { ParleyError } from '../../../contract/errors';
import { createDispatcher, type CommandHandlers } from '../dispatch';
import { createMemoryLogger } from '../logger';
import { fakeCapabilities } from './fake-adapter';

const fakeAccount = { id: 'a', protocol: 'netalo', serverUrl: 'http://x', userId: '1', username: 'alice', displayName: 'Alice' } as const;

/** Every handler fails loudly unless a test provides it: a call that should not happen shows. */
function handlers(overrides: Partial<CommandHandlers> = {}): CommandHandlers {
  const base = Object.fromEntries(
    COMMAND_NAMES.map((name: CommandName) => [name, () => Promise.reject(new Error(`unexpected call: ${name}`))]),
  ) as unknown as CommandHandlers;
  return { ...base, ...overrides };
}

const signInArgs = { protocol: 'netalo', serverUrl: 'http://127.0.0.1:7450', username: 'alice', password: 'hunter2-secret' } as const;

describe('dispatcher', () => {
  it('passes parsed arguments to the handler and wraps its value', async () => {
    const signIn = vi.fn(async () => ({ account: fakeAccount, connection: 'connecting' as const, capabilities: fakeCapabilities }));
    const { dispatch } = createDispatcher(handlers({ 'session.signIn': signIn }), createMemoryLogger());
    const result = await dispatch('session.signIn', { ...signInArgs, username: '  alice  ' }, { windowId: 'window-1' });
    expect(result).toEqual({ ok: true, value: { account: fakeAccount, connection: 'connecting', capabilities: fakeCapabilities } });
    // The schema trims: the handler sees what the schema produced, not what was sent; and
    // which window sent it, as the host said.
    expect(signIn).toHaveBeenCalledWith(signInArgs, { windowId: 'window-1' });
  });

  it('answers null for a handler that returns nothing', async () => {
    const { dispatch } = createDispatcher(handlers({ 'session.signOut': async () => null }), createMemoryLogger());
    expect(await dispatch('session.signOut', { accountId: 'a' })).toEqual({ ok: true, value: null });
  });

  it.each([['no.such'], ['__proto__'], ['toString'], [42], [null], [{ name: 'session.get' }]])(
    'refuses an unknown command %j',
    async (command) => {
      const { dispatch } = createDispatcher(handlers(), createMemoryLogger());
      const result = await dispatch(command, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-argument');
    },
  );

  it('refuses extra keys, naming them', async () => {
    const { dispatch } = createDispatcher(handlers(), createMemoryLogger());
    const result = await dispatch('session.get', { sneaky: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    if (!result.ok) expect(result.error.message).toMatch(/sneaky/);
  });

  it('refuses wrong types with the field and the reason, without echoing values', async () => {
    const log = createMemoryLogger();
    const { dispatch } = createDispatcher(handlers(), log);
    const result = await dispatch('session.signIn', { ...signInArgs, username: 42, serverUrl: 'javascript:alert(1)' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-argument');
    expect(result.error.message).toMatch(/username: .*expected string/);
    expect(result.error.message).toMatch(/serverUrl: /);
    expect(result.error.message).not.toContain('hunter2-secret');
    expect(result.error.message).not.toContain('alert(1)');
    expect(log.lines.join('\n')).not.toContain('hunter2-secret');
  });

  it('refuses missing arguments and a non-object', async () => {
    const { dispatch } = createDispatcher(handlers(), createMemoryLogger());
    for (const args of [undefined, null, 'x', [], { accountId: 'a' }]) {
      const result = await dispatch('messages.send', args);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
  });

  it("answers a handler's ParleyError with its code and message", async () => {
    const { dispatch } = createDispatcher(
      handlers({ 'session.get': () => Promise.reject(new ParleyError('offline', 'Not connected right now')) }),
      createMemoryLogger(),
    );
    expect(await dispatch('session.get', {})).toEqual({ ok: false, error: { code: 'offline', message: 'Not connected right now' } });
  });

  it('turns any other throw into internal, logged with its stack, without leaking it', async () => {
    const log = createMemoryLogger();
    const { dispatch } = createDispatcher(
      handlers({ 'session.get': () => Promise.reject(new TypeError('cannot read token=abc123 of undefined')) }),
      log,
    );
    const result = await dispatch('session.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).not.toContain('abc123');
    expect(log.lines.some((l) => l.includes('ERROR') && l.includes('TypeError') && l.includes('dispatch.test'))).toBe(true);
  });

  it('never rejects, whatever the handler throws', async () => {
    const { dispatch } = createDispatcher(
      handlers({
        'session.get': () => {
          // A synchronous throw of a non-Error, the worst a handler can do.
          throw 'a string';
        },
      }),
      createMemoryLogger(),
    );
    await expect(dispatch('session.get', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
