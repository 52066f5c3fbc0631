import { afterEach, describe, expect, it } from 'vitest';
import { pickLanguage, setLanguages, t } from './index';
import { daysBetween, formatListTime, formatRelative } from './time';

afterEach(() => setLanguages(['en']));

describe('t', () => {
  it('fills variables', () => {
    expect(t('signin.error.unreachable', { server: 'http://x' })).toBe(
      'Can’t reach the server at http://x. Check the address and your connection.',
    );
  });

  it('picks the plural form for the count', () => {
    expect(t('newConversation.results', { count: 1 })).toBe('1 person found');
    expect(t('newConversation.results', { count: 3 })).toBe('3 people found');
  });

  it('falls back to English for a language without a catalogue, keeping its formats', () => {
    expect(pickLanguage(['xx-YY', 'en-GB'])).toEqual({ catalogue: 'en', formatLocale: 'en-GB' });
    expect(pickLanguage(['xx'])).toEqual({ catalogue: 'en', formatLocale: 'en' });
  });
});

describe('times', () => {
  const now = new Date(2025, 5, 13, 18, 0).getTime(); // a Friday

  it('shows the clock today, "yesterday", the weekday this week, the date before', () => {
    expect(formatListTime(new Date(2025, 5, 13, 14, 5).getTime(), now, 'en-GB')).toBe('14:05');
    expect(formatListTime(new Date(2025, 5, 12, 9, 0).getTime(), now, 'en')).toBe('yesterday');
    expect(formatListTime(new Date(2025, 5, 9, 9, 0).getTime(), now, 'en')).toBe('Mon');
    expect(formatListTime(new Date(2025, 2, 4, 9, 0).getTime(), now, 'en')).toBe('Mar 4');
    expect(formatListTime(new Date(2023, 2, 4, 9, 0).getTime(), now, 'en')).toBe('Mar 4, 2023');
  });

  it('counts calendar days, not 24-hour periods', () => {
    expect(daysBetween(new Date(2025, 5, 12, 23, 59).getTime(), new Date(2025, 5, 13, 0, 1).getTime())).toBe(1);
  });

  it('says how long ago', () => {
    expect(formatRelative(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(formatRelative(now - 10_000, now, 'en')).toBe('now');
  });
});
