// Start at login, the spell-checker's language, the Help menu and the update feed, each
// against a FAKE of the Electron object it drives (fakeLoginApp, fakeSpellSession, a fake
// updater): not Electron, which is not installed here. What the real OS then does with a
// login item or an autostart entry cannot be seen from a test (see the closing report).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../contract/domain';
import { createMemoryLogger } from '../../core/logger';
import { tempDirsForFile } from '../../core/test/temp-dirs';
import { appMenuTemplate } from '../app-menu';
import { applyDesktopSettings, autostartEntry, spellCheckLanguagesFor, type DesktopSettingsDeps } from '../desktop-settings';
import { startUpdates, updateFeed, type Updater } from '../updates';

const tempDir = tempDirsForFile();

function fakeLoginApp() {
  return { setLoginItemSettings: vi.fn(), getPreferredSystemLanguages: vi.fn(() => ['vi-VN', 'en-US']) };
}
function fakeSpellSession(available = ['en-US', 'en-GB', 'pl', 'vi', 'ar', 'zh-CN']) {
  return { setSpellCheckerLanguages: vi.fn(), setSpellCheckerEnabled: vi.fn(), availableSpellCheckerLanguages: available };
}
function deps(platform: NodeJS.Platform, overrides: Partial<DesktopSettingsDeps> = {}) {
  const app = fakeLoginApp();
  const session = fakeSpellSession();
  const all = { app, session, platform, execPath: '/opt/Parley/parley', autostartDir: join(tempDir('autostart'), 'autostart'), log: createMemoryLogger(), ...overrides };
  return { app, session, deps: all as unknown as DesktopSettingsDeps, autostartDir: all.autostartDir };
}
const settings = (changes: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...changes });

describe('start at login', () => {
  it('macOS and Windows: a login item that starts Parley hidden, removed again when turned off', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { app, deps: d } = deps(platform);
      await applyDesktopSettings(settings({ startAtLogin: true }), d);
      expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, path: '/opt/Parley/parley', args: ['--hidden'] });
      await applyDesktopSettings(settings({ startAtLogin: false }), d);
      expect(app.setLoginItemSettings).toHaveBeenLastCalledWith(expect.objectContaining({ openAtLogin: false }));
    }
  });

  it('Linux: an XDG autostart entry, written when on and removed when off', async () => {
    const { app, deps: d, autostartDir } = deps('linux');
    const entry = join(autostartDir, 'parley.desktop');
    await applyDesktopSettings(settings({ startAtLogin: true }), d);
    expect(readFileSync(entry, 'utf8')).toContain('Exec="/opt/Parley/parley" --hidden');
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
    await applyDesktopSettings(settings({ startAtLogin: false }), d);
    expect(existsSync(entry)).toBe(false);
  });

  it('quotes an executable path the desktop would otherwise split or expand', () => {
    expect(autostartEntry('/home/a b/Parley $HOME`x`.AppImage')).toContain('Exec="/home/a b/Parley \\$HOME\\`x\\`.AppImage" --hidden');
  });
});

describe('spell-check language', () => {
  it('follows a chosen language, mapped onto the dictionaries Chromium has', async () => {
    const { session, deps: d } = deps('linux');
    await applyDesktopSettings(settings({ spellCheckLanguage: 'pl' }), d);
    expect(session.setSpellCheckerEnabled).toHaveBeenLastCalledWith(true);
    expect(session.setSpellCheckerLanguages).toHaveBeenLastCalledWith(['pl']);
    await applyDesktopSettings(settings({ spellCheckLanguage: 'en-AU' }), d);
    expect(session.setSpellCheckerLanguages).toHaveBeenLastCalledWith(['en-US']);
  });

  it("'system' follows the interface language, else the OS's languages", async () => {
    const { session, deps: d } = deps('win32');
    await applyDesktopSettings(settings({ spellCheckLanguage: 'system', language: 'zh' }), d);
    expect(session.setSpellCheckerLanguages).toHaveBeenLastCalledWith(['zh-CN']);
    await applyDesktopSettings(settings({ spellCheckLanguage: 'system', language: 'system' }), d);
    expect(session.setSpellCheckerLanguages).toHaveBeenLastCalledWith(['vi', 'en-US']);
  });

  it("'off' turns the checker off; macOS keeps its own checker's language", async () => {
    const { session, deps: d } = deps('darwin');
    await applyDesktopSettings(settings({ spellCheckLanguage: 'off' }), d);
    expect(session.setSpellCheckerEnabled).toHaveBeenLastCalledWith(false);
    await applyDesktopSettings(settings({ spellCheckLanguage: 'pl' }), d);
    expect(session.setSpellCheckerEnabled).toHaveBeenLastCalledWith(true);
    expect(session.setSpellCheckerLanguages).not.toHaveBeenCalled();
  });

  it('never passes Chromium a language it has no dictionary for (it would throw)', () => {
    expect(spellCheckLanguagesFor(['tlh', 'ar-SA', 'en'], ['en-US', 'ar'])).toEqual(['ar', 'en-US']);
    expect(spellCheckLanguagesFor(['xx'], ['en-US'])).toEqual([]);
  });
});

describe('the Help menu', () => {
  it('offers Open Logs Folder and Copy Debug Info on every system', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const actions = { openLogsFolder: vi.fn(), copyDebugInfo: vi.fn() };
      const help = appMenuTemplate(actions, platform, true).find((m) => m.role === 'help');
      const items = help?.submenu as Array<{ id: string; click: () => void }>;
      expect(items.map((i) => i.id)).toEqual(['open-logs-folder', 'copy-debug-info']);
      items[0]!.click();
      items[1]!.click();
      expect(actions.openLogsFolder).toHaveBeenCalledOnce();
      expect(actions.copyDebugInfo).toHaveBeenCalledOnce();
    }
  });

  it('has no devtools entries in a packaged build', () => {
    const json = JSON.stringify(appMenuTemplate({ openLogsFolder: vi.fn(), copyDebugInfo: vi.fn() }, 'linux', true));
    expect(json).not.toContain('toggleDevTools');
  });
});

describe('updates', () => {
  it('are off by default and in development, and need https', () => {
    expect(updateFeed({}, true)).toEqual({ off: 'PARLEY_UPDATE_URL is not set' });
    expect(updateFeed({ PARLEY_UPDATE_URL: 'https://updates.example/parley/' }, false)).toHaveProperty('off');
    expect(updateFeed({ PARLEY_UPDATE_URL: 'http://updates.example/parley/' }, true)).toHaveProperty('off');
    expect(updateFeed({ PARLEY_UPDATE_URL: 'https://u:p@updates.example/' }, true)).toHaveProperty('off');
    expect(updateFeed({ PARLEY_UPDATE_URL: 'http://127.0.0.1:8080/feed/' }, true)).toEqual({ url: 'http://127.0.0.1:8080/feed/' });
  });

  it('when off, never load electron-updater (so it cannot reach any network)', async () => {
    const loadUpdater = vi.fn(async (): Promise<Updater> => {
      throw new Error('must not be loaded');
    });
    const stop = await startUpdates({ env: {}, packaged: true, log: createMemoryLogger(), loadUpdater });
    stop();
    expect(loadUpdater).not.toHaveBeenCalled();
  });

  it('when a feed is set, point a fake updater at it and check', async () => {
    const fakeUpdater = { setFeedURL: vi.fn(), autoDownload: false, logger: undefined as unknown, checkForUpdatesAndNotify: vi.fn(async () => null) };
    const stop = await startUpdates({
      env: { PARLEY_UPDATE_URL: 'https://updates.example/parley/' },
      packaged: true,
      log: createMemoryLogger(),
      loadUpdater: async () => fakeUpdater,
    });
    stop();
    expect(fakeUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.example/parley/' });
    expect(fakeUpdater.checkForUpdatesAndNotify).toHaveBeenCalledOnce();
  });
});
