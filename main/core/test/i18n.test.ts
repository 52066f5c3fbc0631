// Main's words (notifications, the tray) follow the language chosen in settings, with each
// language's own plural rules, and 'system' follows the OS's list.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { trayTooltip } from '../../electron/tray';
import { followLanguageSetting, resolveLanguage, setSystemLanguages, t } from '../i18n';
import { compose, composeCall } from '../notification-policy';

vi.mock('electron', async () => (await import('../../electron/test/fake-electron')).fakeElectronModule());

afterEach(() => {
  followLanguageSetting(() => 'system');
  setSystemLanguages(['en-US']);
});

describe('resolveLanguage', () => {
  it("takes the first system language Parley speaks for 'system', keeping its regional formats", () => {
    expect(resolveLanguage('system', ['de-DE', 'pl-PL', 'en'])).toEqual({ language: 'pl', locale: 'pl-PL' });
    expect(resolveLanguage(undefined, ['zh_CN.UTF-8'])).toEqual({ language: 'zh', locale: 'zh-CN' });
    expect(resolveLanguage('system', ['de-DE'])).toEqual({ language: 'en', locale: 'en' });
  });

  it("a chosen language wins over the system's, in the system's variant of it when there is one", () => {
    expect(resolveLanguage('ar', ['en-US', 'ar-SA'])).toEqual({ language: 'ar', locale: 'ar-SA' });
    expect(resolveLanguage('vi', ['en-US'])).toEqual({ language: 'vi', locale: 'vi' });
  });
});

describe('t in main', () => {
  it('follows the setting at each call', () => {
    let choice: 'system' | 'pl' | 'zh' = 'pl';
    followLanguageSetting(() => choice);
    expect(t('tray.open')).toBe('Otwórz Parley');
    choice = 'zh';
    expect(t('tray.open')).toBe('打开 Parley');
    choice = 'system';
    setSystemLanguages(['vi-VN']);
    expect(t('tray.open')).toBe('Mở Parley');
  });

  it("uses the language's plural forms", () => {
    followLanguageSetting(() => 'pl');
    expect([1, 2, 5, 22].map((count) => t('tray.unread', { count }))).toEqual([
      '1 nieprzeczytana wiadomość',
      '2 nieprzeczytane wiadomości',
      '5 nieprzeczytanych wiadomości',
      '22 nieprzeczytane wiadomości',
    ]);
    followLanguageSetting(() => 'en');
    expect(t('tray.unread', { count: 0 })).toBe('no unread messages');
  });

  it('words notifications and the tray in the chosen language', () => {
    followLanguageSetting(() => 'pl');
    const group = { kind: 'group' as const, title: 'Wspinaczka', muted: false, request: false };
    const message = { accountId: 'a', conversationId: 'c', senderId: 'u', senderName: 'Ala', kind: 'text' as const, text: 'cześć' };
    expect(compose(message, group, 3, true)).toEqual({ title: 'Wspinaczka', body: '3 nowe wiadomości\nAla: cześć' });
    expect(compose(message, group, 1, false).body).toBe('Nowa wiadomość');
    expect(composeCall({ media: 'video', group: false, callerName: 'Ala', groupTitle: '' })).toEqual({
      title: 'Połączenie wideo od Ala',
      body: 'Przychodzące połączenie wideo',
    });
    expect(trayTooltip({ unread: 5, doNotDisturb: true, offline: false })).toBe('Parley · 5 nieprzeczytanych wiadomości · Nie przeszkadzać');
  });
});
