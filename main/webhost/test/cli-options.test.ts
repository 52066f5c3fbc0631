import { describe, expect, it } from 'vitest';
import { parseCli } from '../cli-options';

const defaults = (env: NodeJS.ProcessEnv = {}) => ({ rendererDir: '/r', env });

describe('the browser host command line', () => {
  it('offers the bundled server’s fronts by default', () => {
    const o = parseCli([], defaults());
    expect(o).toMatchObject({
      serverUrl: 'http://127.0.0.1:7450',
      talkerUrl: 'http://127.0.0.1:7455',
      harajUrl: 'http://127.0.0.1:7456',
      mingdaoUrl: 'http://127.0.0.1:7457',
      azstackUrl: 'http://127.0.0.1:7458',
    });
  });

  it('takes each front’s address from its flag, else its environment variable', () => {
    const env = { PARLEY_HARAJ_URL: 'http://h.example:1', PARLEY_MINGDAO_URL: 'http://m.example:2', PARLEY_AZSTACK_URL: 'https://a.example' };
    expect(parseCli([], defaults(env))).toMatchObject({ harajUrl: 'http://h.example:1', mingdaoUrl: 'http://m.example:2', azstackUrl: 'https://a.example' });
    const o = parseCli(['--haraj-url', 'http://127.0.0.1:9001', '--mingdao-url=http://127.0.0.1:9002', '--azstack-url', 'http://127.0.0.1:9003'], defaults(env));
    expect(o).toMatchObject({ harajUrl: 'http://127.0.0.1:9001', mingdaoUrl: 'http://127.0.0.1:9002', azstackUrl: 'http://127.0.0.1:9003' });
  });

  it('treats an empty variable as unset', () => {
    expect(parseCli([], defaults({ PARLEY_AZSTACK_URL: '' })).azstackUrl).toBe('http://127.0.0.1:7458');
  });

  it('refuses an address that is not http(s), naming the flag', () => {
    expect(() => parseCli(['--haraj-url', 'ftp://x'], defaults())).toThrow(/--haraj-url must be an http/);
    expect(() => parseCli([], defaults({ PARLEY_MINGDAO_URL: 'not a url' }))).toThrow(/--mingdao-url must be an http/);
    expect(() => parseCli(['--azstack-url', 'javascript:alert(1)'], defaults())).toThrow(/--azstack-url/);
    expect(() => parseCli(['--icq-url', 'http://x'], defaults())).toThrow();
  });
});
