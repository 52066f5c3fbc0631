// The sign-in form's prefill for the bundled server's AZStack demo app: read from the file
// `npm start` names, and never a reason for the host not to start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../logger';
import { signInPrefillFromEnv } from '../sign-in-prefill';

const dir = mkdtempSync(join(tmpdir(), 'parley-test-prefill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAv1234567890abcdef+/=';

describe('signInPrefillFromEnv', () => {
  it('prefills the demo app’s ID and the public key from its file', () => {
    const file = join(dir, 'parley-demo.pub');
    writeFileSync(file, `${KEY}\n`);
    const log = createMemoryLogger();
    expect(signInPrefillFromEnv({ PARLEY_AZSTACK_APP_ID: 'parley-demo', PARLEY_AZSTACK_PUBLIC_KEY_FILE: file }, log)).toEqual({
      azstack: { appId: 'parley-demo', publicKey: KEY },
    });
    expect(log.lines).toEqual([]);
  });

  it('prefills nothing without both variables', () => {
    const log = createMemoryLogger();
    expect(signInPrefillFromEnv({}, log)).toEqual({});
    expect(signInPrefillFromEnv({ PARLEY_AZSTACK_APP_ID: 'parley-demo' }, log)).toEqual({});
  });

  it('keeps the app ID but not a key file that is missing, too large or not a key, and says why in the log', () => {
    const big = join(dir, 'big.pub');
    writeFileSync(big, 'A'.repeat(9 * 1024));
    const garbage = join(dir, 'garbage.pub');
    writeFileSync(garbage, '<script>alert(1)</script>');
    for (const file of [join(dir, 'missing.pub'), big, garbage]) {
      const log = createMemoryLogger();
      expect(signInPrefillFromEnv({ PARLEY_AZSTACK_APP_ID: 'parley-demo', PARLEY_AZSTACK_PUBLIC_KEY_FILE: file }, log)).toEqual({ azstack: { appId: 'parley-demo' } });
      expect(log.lines.join('\n')).toContain('AZStack public key not prefilled');
    }
  });
});
