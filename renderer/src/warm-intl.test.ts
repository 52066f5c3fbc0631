import { describe, expect, it, vi } from 'vitest';
import { warmIntl } from './warm-intl';

describe('warmIntl', () => {
  it('makes the formatters the list uses first, in the preferred locale', () => {
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    warmIntl(['pl-PL']);
    expect(made).toHaveBeenCalledWith('pl-PL', { hour: 'numeric', minute: '2-digit' });
    made.mockRestore();
  });

  it('never throws, whatever the locale tag', () => {
    expect(() => warmIntl(['not a tag!'])).not.toThrow();
    expect(() => warmIntl([])).not.toThrow();
  });
});
