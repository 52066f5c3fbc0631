import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseLanguage, currentLanguage, formatLocale, pickLanguage, preferencesFor, setLanguages, subscribeLanguage, t } from './index';
import { daysBetween, formatClock, formatListTime, formatRelative } from './time';

// Catalogues whose plural messages have one distinct word per form, so each test sees which
// form the language's rules picked (the real translations may share words between forms).
// `search.matches` carries the plurals; `app.starting` is broken ICU; `app.name` is missing.
vi.mock('./catalogues/pl', () => ({
  default: {
    'search.matches': '{count, plural, one {# ONE} few {# FEW} many {# MANY} other {# OTHER}}',
    'app.starting': 'Uruchamianie {',
    'account.on': '{name} w {protocol}',
  },
}));
vi.mock('./catalogues/ar', () => ({
  default: { 'search.matches': '{count, plural, zero {# ZERO} one {# ONE} two {# TWO} few {# FEW} many {# MANY} other {# OTHER}}' },
}));
vi.mock('./catalogues/zh', () => ({
  default: { 'search.matches': '{count, plural, one {# ONE} other {# 条消息}}', 'account.on': '{name}（{protocol}）' },
}));
vi.mock('./catalogues/vi', () => ({
  default: { 'search.matches': '{count, plural, one {# ONE} other {# tin nhắn}}', 'account.on': '{name} trên {missing}' },
}));

afterEach(() => setLanguages(['en']));

describe('choosing the language', () => {
  it('follows the first system language it has, with that system locale for formats', () => {
    expect(pickLanguage(['fr-FR', 'pl-PL', 'en-GB'])).toEqual({ catalogue: 'pl', formatLocale: 'pl-PL' });
    expect(pickLanguage(['zh-CN'])).toEqual({ catalogue: 'zh', formatLocale: 'zh-CN' });
    expect(pickLanguage(['en-GB', 'ar'])).toEqual({ catalogue: 'en', formatLocale: 'en-GB' });
  });

  it('falls back to English for a language without a catalogue', () => {
    expect(pickLanguage(['xx-YY'])).toEqual({ catalogue: 'en', formatLocale: 'en' });
    expect(pickLanguage([])).toEqual({ catalogue: 'en', formatLocale: 'en' });
  });

  it('a chosen language beats the system, in the system’s own variant of it when there is one', () => {
    expect(preferencesFor('system', ['vi-VN', 'en'])).toEqual(['vi-VN', 'en']);
    expect(preferencesFor('ar', ['en-US', 'ar-SA'])).toEqual(['ar-SA']);
    expect(preferencesFor('pl', ['en-US'])).toEqual(['pl']);
  });

  it('loads the chosen catalogue, then switches and tells listeners once', async () => {
    const heard = vi.fn();
    const stop = subscribeLanguage(heard);
    await chooseLanguage('pl', ['en-US']);
    expect(currentLanguage()).toBe('pl');
    expect(formatLocale()).toBe('pl');
    expect(t('account.on', { name: 'Ala', protocol: 'Netalo' })).toBe('Ala w Netalo');
    expect(heard).toHaveBeenCalledTimes(1);
    await chooseLanguage('system', ['en-GB']);
    expect(currentLanguage()).toBe('en');
    expect(formatLocale()).toBe('en-GB');
    stop();
  });

  it('a later choice wins over one still loading', async () => {
    const first = chooseLanguage('ar', ['en']);
    const second = chooseLanguage('zh', ['en']);
    await Promise.all([first, second]);
    expect(currentLanguage()).toBe('zh');
  });
});

describe('t', () => {
  it('fills variables', () => {
    expect(t('signin.error.unreachable', { server: 'http://x' })).toBe(
      'Can’t reach the server at http://x. Check the address and your connection.',
    );
  });

  it('picks the English plural form for the count', () => {
    expect(t('newConversation.results', { count: 1 })).toBe('1 person found');
    expect(t('newConversation.results', { count: 3 })).toBe('3 people found');
  });

  it('Polish: one, few (2–4, 22–24), many (5–21, 25…)', async () => {
    await chooseLanguage('pl', []);
    expect([1, 2, 5, 22, 25].map((count) => t('search.matches', { count }))).toEqual(['1 ONE', '2 FEW', '5 MANY', '22 FEW', '25 MANY']);
  });

  it('Arabic: zero, one, two, few (3–10), many (11–99), other (100)', async () => {
    await chooseLanguage('ar', ['ar']);
    expect([0, 1, 2, 3, 11, 100].map((count) => t('search.matches', { count }))).toEqual(['0 ZERO', '1 ONE', '2 TWO', '3 FEW', '11 MANY', '100 OTHER']);
  });

  it('Chinese and Vietnamese have one form: 1 takes it too', async () => {
    await chooseLanguage('zh', []);
    expect(t('search.matches', { count: 1 })).toBe('1 条消息');
    expect(t('search.matches', { count: 7 })).toBe('7 条消息');
    await chooseLanguage('vi', []);
    expect(t('search.matches', { count: 1 })).toBe('1 tin nhắn');
  });

  it('formats the count as the locale writes numbers', async () => {
    await chooseLanguage('pl', []);
    expect(t('search.matches', { count: 12345 })).toBe(`${new Intl.NumberFormat('pl').format(12345)} MANY`);
    expect(t('search.matches', { count: 12345 })).toBe('12\u00a0345 MANY');
    await chooseLanguage('ar', ['ar-EG']);
    expect(t('search.matches', { count: 3 })).toBe('٣ FEW');
  });

  it('shows English for a key the language lacks', async () => {
    await chooseLanguage('pl', []);
    expect(t('app.name')).toBe('Parley');
    expect(t('newConversation.results', { count: 2 })).toBe('2 people found');
  });

  it('shows English for a malformed message, and reports it once', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await chooseLanguage('pl', []);
    expect(t('app.starting')).toBe('Starting Parley…');
    expect(t('app.starting')).toBe('Starting Parley…');
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]![0])).toContain('app.starting');
    error.mockRestore();
  });

  it('shows English when a translation names a variable the caller does not pass', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await chooseLanguage('vi', []);
    expect(t('account.on', { name: 'An', protocol: 'Netalo' })).toBe('An on Netalo');
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
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

  it('formats in the chosen language’s locale', async () => {
    const at = new Date(2025, 2, 4, 14, 5).getTime();
    await chooseLanguage('system', ['en-US']);
    expect(formatClock(at)).toMatch(/^2:05\sPM$/);
    await chooseLanguage('pl', ['en-US']);
    expect(formatClock(at)).toBe('14:05');
    expect(formatListTime(at, now)).toBe('4 mar');
    await chooseLanguage('zh', []);
    expect(formatListTime(at, now)).toBe('3月4日');
    await chooseLanguage('vi', []);
    expect(formatListTime(new Date(2025, 5, 12, 9, 0).getTime(), now)).toBe('Hôm qua');
    await chooseLanguage('ar', ['ar-SA']);
    expect(formatClock(at)).toBe('٢:٠٥ م');
  });

  it('counts calendar days, not 24-hour periods', () => {
    expect(daysBetween(new Date(2025, 5, 12, 23, 59).getTime(), new Date(2025, 5, 13, 0, 1).getTime())).toBe(1);
  });

  it('says how long ago', () => {
    expect(formatRelative(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(formatRelative(now - 10_000, now, 'en')).toBe('now');
  });
});
