import { describe, expect, it } from 'vitest';
import { initials } from './avatar';

describe('initials', () => {
  it('takes the first and last words’ first letters in scripts with capitals', () => {
    expect(initials('Bob Stone')).toBe('BS');
    expect(initials('carol díaz')).toBe('CD');
    expect(initials('  ')).toBe('?');
  });

  it('takes one letter in scripts without capitals (Arabic, Chinese)', () => {
    expect(initials('أحمد العتيبي')).toBe('أ');
    expect(initials('王小明')).toBe('王');
    expect(initials('7 Eleven')).toBe('7E'); // a digit is no script: as before
  });
});
