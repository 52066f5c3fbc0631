// Main's schema refusals become field messages in the user's words: the real contract schema
// refuses, contract/argument-issues.ts turns zod's issues into data, and the form says what
// is wrong under each field, never "Invalid arguments for session.signIn: …".
import { describe, expect, it } from 'vitest';
import { argumentIssues } from '../../../../contract/argument-issues';
import { commands } from '../../../../contract/commands';
import type { ParleyErrorData } from '../../contract';
import { fieldErrorsFrom } from './argument-errors';
import { formFields, validateFields } from './signin-fields';

const NETALO = formFields({ protocol: 'netalo', fields: ['serverUrl', 'username', 'password'] });

/** What main answers when `session.signIn`'s schema refuses `args` (as main/core/dispatch.ts does). */
function refusal(args: unknown): ParleyErrorData {
  const parsed = commands['session.signIn'].args.safeParse(args);
  if (parsed.success) throw new Error('expected the schema to refuse');
  return { code: 'invalid-argument', message: 'Invalid arguments for session.signIn: …', issues: argumentIssues(parsed.error.issues) };
}

describe('field messages for main’s schema refusals', () => {
  it('a one-letter username: “use at least 2 characters” under the username, not developer text', () => {
    const errors = fieldErrorsFrom(refusal({ protocol: 'netalo', serverUrl: 'http://127.0.0.1:1', username: 'a', password: 'x' }), NETALO);
    expect(errors).toEqual({ username: 'Use at least 2 characters.' });
  });

  it('each bad field gets its own message: a bad address, a username with other characters, a missing password', () => {
    const errors = fieldErrorsFrom(refusal({ protocol: 'netalo', serverUrl: 'ftp://x', username: 'bob!', password: '' }), NETALO);
    expect(errors).toEqual({
      serverUrl: 'Enter an address that starts with http:// or https://.',
      username: 'Use only letters, digits, dots, dashes and underscores.',
      password: 'Enter your password.',
    });
  });

  it('no issue data, or an issue about nothing on the form: no field messages (the general message shows)', () => {
    expect(fieldErrorsFrom({ code: 'invalid-argument', message: 'x' }, NETALO)).toBeNull();
    expect(fieldErrorsFrom({ code: 'invalid-argument', message: 'x', issues: [{ path: 'protocol', problem: 'invalid' }] }, NETALO)).toBeNull();
    expect(fieldErrorsFrom({ code: 'invalid-credentials', message: 'x' }, NETALO)).toBeNull();
  });

  it('the issues carry no value received (a password never travels back)', () => {
    const issues = refusal({ protocol: 'netalo', serverUrl: 'http://h', username: 'ok', password: 'x'.repeat(2000) }).issues!;
    expect(issues).toEqual([{ path: 'password', problem: 'too-big', limit: 1024 }]);
  });

  it('the form itself catches a too-short username and a sign-up password under 8 before sending', () => {
    const values = { serverUrl: 'http://127.0.0.1:1', username: 'a', password: 'short' };
    expect(validateFields(NETALO, values)).toEqual({ username: 'Use at least 2 characters.' });
    const signUp = NETALO.map((f) => (f.field === 'password' ? { ...f, minLength: 8 } : f));
    expect(validateFields(signUp, { ...values, username: 'dave' })).toEqual({ password: 'Use at least 8 characters.' });
  });
});
