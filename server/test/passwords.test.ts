import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../passwords';

describe('passwords', () => {
  it('hash with scrypt and a per-user salt, and verify only the right password', async () => {
    const one = await hashPassword('correct horse');
    const two = await hashPassword('correct horse');
    expect(one).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(one).not.toBe(two); // different salts
    expect(one).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', one)).toBe(true);
    expect(await verifyPassword('correct horse', two)).toBe(true);
    expect(await verifyPassword('Correct horse', one)).toBe(false);
  });

  it('never matches a malformed or tampered hash', async () => {
    const good = await hashPassword('pw-12345');
    const parts = good.split('$');
    expect(await verifyPassword('pw-12345', 'plain')).toBe(false);
    expect(await verifyPassword('pw-12345', ['scrypt', 2 ** 30, 8, 1, parts[4], parts[5]].join('$'))).toBe(false);
    expect(await verifyPassword('pw-12345', [...parts.slice(0, 5), 'AAAA'].join('$'))).toBe(false);
  });
});
