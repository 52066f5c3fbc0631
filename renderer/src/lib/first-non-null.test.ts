import { describe, expect, it } from 'vitest';
import { firstNonNull } from './first-non-null';

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failLater = (ms: number) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('down')), ms));

describe('firstNonNull', () => {
  it('takes the first answer that is not null, whichever promise it comes from', async () => {
    expect(await firstNonNull([later('slow', 30), later('fast', 1)])).toBe('fast');
    expect(await firstNonNull([later(null, 1), later('second', 20)])).toBe('second');
  });

  it('counts a rejection as no answer', async () => {
    expect(await firstNonNull([failLater(1), later('kept', 10)])).toBe('kept');
  });

  it('is null once every answer came back empty, and for no candidates at all', async () => {
    expect(await firstNonNull([later(null, 5), failLater(1)])).toBeNull();
    expect(await firstNonNull([])).toBeNull();
  });
});
