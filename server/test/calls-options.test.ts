// The call timings on the command line and in the environment (cli-args.ts), and the server
// refusing nonsense for them (start-server.ts).

import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../cli-args';
import { startServer } from '../start-server';

describe('call timings', () => {
  it('are absent unless given: the server then uses 30 s to ring and 10 s of grace', () => {
    const options = parseCliArgs([]);
    expect(options.callRingSeconds).toBeUndefined();
    expect(options.callGraceSeconds).toBeUndefined();
  });

  it('--call-ring-seconds and --call-grace-seconds, in either form, fractions allowed', () => {
    expect(parseCliArgs(['--call-ring-seconds', '5', '--call-grace-seconds=0.5'])).toMatchObject({ callRingSeconds: 5, callGraceSeconds: 0.5 });
  });

  it('PARLEY_CALL_RING_SECONDS / PARLEY_CALL_GRACE_SECONDS, and the options win over them', () => {
    const env = { PARLEY_CALL_RING_SECONDS: '3', PARLEY_CALL_GRACE_SECONDS: '2' };
    expect(parseCliArgs([], env)).toMatchObject({ callRingSeconds: 3, callGraceSeconds: 2 });
    expect(parseCliArgs(['--call-ring-seconds', '7'], env)).toMatchObject({ callRingSeconds: 7, callGraceSeconds: 2 });
  });

  it('refuses anything but a positive number of seconds up to a day', () => {
    for (const bad of ['0', '-1', 'soon', '86401', 'Infinity']) {
      expect(() => parseCliArgs(['--call-ring-seconds', bad])).toThrow(/--call-ring-seconds must be a number of seconds/);
      expect(() => parseCliArgs(['--call-grace-seconds', bad])).toThrow(/--call-grace-seconds must be a number of seconds/);
    }
    expect(() => parseCliArgs(['--call-ring-seconds'])).toThrow(/needs a value/);
    expect(() => parseCliArgs([], { PARLEY_CALL_RING_SECONDS: 'x' })).toThrow(/PARLEY_CALL_RING_SECONDS must be/);
  });

  it('startServer refuses a ring or grace time that is not positive', async () => {
    await expect(startServer({ port: 0, dataDir: '/nonexistent-never-opened', callRingSeconds: 0 })).rejects.toThrow(/callRingSeconds and callGraceSeconds must be positive/);
    await expect(startServer({ port: 0, dataDir: '/nonexistent-never-opened', callGraceSeconds: -1 })).rejects.toThrow(/must be positive/);
  });
});
