import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../cli-args';

describe('parseCliArgs', () => {
  it('has safe defaults: 127.0.0.1:7450, .parley-data/server', () => {
    expect(parseCliArgs([])).toEqual({ port: 7450, host: '127.0.0.1', dataDir: '.parley-data/server', demo: false, largeIds: false, help: false });
  });

  it('reads every option, with a space or an equals sign', () => {
    expect(parseCliArgs(['--port', '0', '--host=0.0.0.0', '--data', '/tmp/d', '--demo', '--session-ttl', '5', '--talker-port=7455', '--large-ids'])).toEqual({
      port: 0,
      talkerPort: 7455,
      host: '0.0.0.0',
      dataDir: '/tmp/d',
      demo: true,
      sessionTtlSeconds: 5,
      largeIds: true,
      help: false,
    });
  });

  it('takes PARLEY_LARGE_IDS=1 from the environment as --large-ids', () => {
    expect(parseCliArgs([], { PARLEY_LARGE_IDS: '1' }).largeIds).toBe(true);
    expect(parseCliArgs([], { PARLEY_LARGE_IDS: '0' }).largeIds).toBe(false);
    expect(parseCliArgs(['--large-ids'], {}).largeIds).toBe(true);
  });

  it('reads --allowed-host, repeated or comma-separated, and refuses what is no host name', () => {
    expect(parseCliArgs(['--allowed-host', 'chat.example.org,[::2]', '--allowed-host=lan-box']).allowedHosts).toEqual(['chat.example.org', '[::2]', 'lan-box']);
    expect(() => parseCliArgs(['--allowed-host', 'evil@example.org'])).toThrow(/--allowed-host/);
  });

  it('refuses what it does not understand', () => {
    expect(() => parseCliArgs(['--port', 'http'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--port'])).toThrow(/needs a value/);
    expect(() => parseCliArgs(['--talker-port', '-1'])).toThrow(/--talker-port/);
    expect(() => parseCliArgs(['--session-ttl', '0'])).toThrow(/--session-ttl/);
    expect(() => parseCliArgs(['--verbose'])).toThrow(/unknown option/);
  });
});
