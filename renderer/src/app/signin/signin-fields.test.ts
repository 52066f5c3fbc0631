import { describe, expect, it } from 'vitest';
import type { ProtocolInfo } from '../../contract';
import { t } from '../../i18n';
import { credentialsFor, formFields, normalisePublicKey, validateFields } from './signin-fields';

type Info = Pick<ProtocolInfo, 'protocol' | 'fields'>;
const NETALO: Info = { protocol: 'netalo', fields: ['serverUrl', 'username', 'password'] };
const MINGDAO: Info = { protocol: 'mingdao', fields: ['serverUrl', 'login', 'password'] };
const AZSTACK: Info = { protocol: 'azstack', fields: ['serverUrl', 'appId', 'publicKey', 'username', 'password'] };
const KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQAB';

describe('the sign-in form’s fields', () => {
  it('asks what the protocol names, the server first, with the usual words', () => {
    expect(formFields(NETALO).map((f) => [f.field, f.label])).toEqual([
      ['serverUrl', 'signin.server'],
      ['username', 'signin.username'],
      ['password', 'signin.password'],
    ]);
    expect(formFields({ protocol: 'talker', fields: ['login', 'password'] }).map((f) => f.field)).toEqual(['serverUrl', 'login', 'password']);
  });

  it('words AZStack’s fields as the app does: a user ID and optional credentials, a multi-line key', () => {
    const specs = formFields(AZSTACK);
    expect(specs.map((f) => f.field)).toEqual(['serverUrl', 'appId', 'publicKey', 'username', 'password']);
    expect(t(specs[3]!.label)).toBe('AZStack user ID');
    expect(t(specs[4]!.label)).toBe('User credentials (optional)');
    expect(specs[4]!.required).toBeNull();
    expect(specs.find((f) => f.field === 'publicKey')?.multiline).toBe(true);
    // Only AZStack's words change: Netalo's username is still a username.
    expect(t(formFields(NETALO)[1]!.label)).toBe('Username');
  });

  it('says under each field what is missing, in words for the user', () => {
    const errors = validateFields(formFields(AZSTACK), { serverUrl: 'http://127.0.0.1:7458' });
    expect(errors).toEqual({
      appId: 'Enter the app ID.',
      publicKey: 'Paste the app’s public key.',
      username: 'Enter your AZStack user ID.',
    });
    expect(validateFields(formFields(MINGDAO), { serverUrl: '' })).toEqual({
      serverUrl: 'Enter the server’s address.',
      login: 'Enter your username or email.',
      password: 'Enter your password.',
    });
  });

  it('refuses a server that is not a web address, a key that is not base64, a name with spaces, anything too long', () => {
    const specs = formFields(AZSTACK);
    const errors = validateFields(specs, { serverUrl: 'ftp://x', appId: 'a'.repeat(129), publicKey: 'not a key!', username: 'al ice', password: '' });
    expect(errors.serverUrl).toBe('Enter an address that starts with http:// or https://.');
    expect(errors.appId).toBe('This is too long: 128 characters at most.');
    expect(errors.publicKey).toMatch(/doesn’t look like a public key/);
    expect(errors.username).toBe('This can’t contain spaces.');
    expect(errors.password).toBeUndefined();
  });

  it('accepts a key pasted as PEM, wrapped, with stray blank lines', () => {
    const pem = `-----BEGIN PUBLIC KEY-----\n${KEY.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n\n`;
    expect(normalisePublicKey(pem)).toBe(KEY);
    expect(validateFields(formFields(AZSTACK), { serverUrl: 'http://h', appId: 'parley-demo', publicKey: pem, username: 'alice' })).toEqual({});
  });

  it('sends the contract’s credentials: trimmed names, the key as base64, the password as typed', () => {
    expect(credentialsFor(AZSTACK, { serverUrl: ' http://h:1 ', appId: ' parley-demo ', publicKey: `\n${KEY}\n`, username: ' alice ', password: ' pw ' })).toEqual({
      protocol: 'azstack',
      serverUrl: 'http://h:1',
      appId: 'parley-demo',
      publicKey: KEY,
      username: 'alice',
      password: ' pw ',
    });
    expect(credentialsFor(MINGDAO, { serverUrl: 'http://m', login: 'bob', username: 'bob', password: 'x' })).toEqual({
      protocol: 'mingdao',
      serverUrl: 'http://m',
      login: 'bob',
      password: 'x',
    });
  });
});
