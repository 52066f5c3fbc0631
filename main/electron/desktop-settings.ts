// The settings that change the desktop outside the window: starting at login and the
// spell-checker's language. Applied at start and again whenever the settings change (the
// settings dialog writes main's copy; main is the one that acts).
//
// Start at login: Electron's login items on macOS and Windows. Linux has none in Electron:
// there it is an XDG autostart entry (~/.config/autostart/parley.desktop), which every
// desktop that follows the freedesktop spec (GNOME, KDE, Xfce, ...) reads. Launched at
// login, Parley starts hidden in the tray (the `--hidden` argument, macOS's wasOpenedAtLogin).

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App, Session } from 'electron';
import type { Settings } from '../../contract/domain';
import type { Logger } from '../core/logger';

export const HIDDEN_ARG = '--hidden';
const AUTOSTART_FILE = 'parley.desktop';

export interface DesktopSettingsDeps {
  app: Pick<App, 'setLoginItemSettings' | 'getPreferredSystemLanguages'>;
  session: Pick<Session, 'setSpellCheckerLanguages' | 'setSpellCheckerEnabled' | 'availableSpellCheckerLanguages'>;
  platform: NodeJS.Platform;
  /** The executable to start at login (process.execPath; the AppImage's own path when APPIMAGE is set). */
  execPath: string;
  /** Linux: ~/.config/autostart. */
  autostartDir: string;
  log: Logger;
}

/** Applies startAtLogin and spellCheckLanguage; each failure is logged and costs only that setting. */
export async function applyDesktopSettings(settings: Settings, deps: DesktopSettingsDeps): Promise<void> {
  try {
    await applyStartAtLogin(settings.startAtLogin, deps);
  } catch (e) {
    deps.log.warn('could not change start at login', { error: e instanceof Error ? e.message : String(e) });
  }
  try {
    applySpellCheck(settings, deps);
  } catch (e) {
    deps.log.warn('could not change the spell-check language', { error: e instanceof Error ? e.message : String(e) });
  }
}

async function applyStartAtLogin(on: boolean, deps: DesktopSettingsDeps): Promise<void> {
  if (deps.platform === 'linux') {
    const file = join(deps.autostartDir, AUTOSTART_FILE);
    if (!on) return void (await rm(file, { force: true }));
    await mkdir(deps.autostartDir, { recursive: true });
    await writeFile(file, autostartEntry(deps.execPath));
    return;
  }
  // macOS reports wasOpenedAtLogin itself; Windows passes our argument.
  deps.app.setLoginItemSettings({ openAtLogin: on, path: deps.execPath, args: [HIDDEN_ARG] });
}

/** The freedesktop autostart entry; the path is quoted as the Desktop Entry spec says. */
export function autostartEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Parley', `Exec=${quoted} ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

function applySpellCheck(settings: Settings, deps: DesktopSettingsDeps): void {
  const choice = settings.spellCheckLanguage;
  deps.session.setSpellCheckerEnabled(choice !== 'off');
  // macOS uses its own checker, which detects the language by itself.
  if (choice === 'off' || deps.platform === 'darwin') return;
  const wanted =
    choice !== 'system'
      ? [choice]
      : // The interface language when one is chosen, else the OS's preferred languages.
        settings.language && settings.language !== 'system'
        ? [settings.language]
        : deps.app.getPreferredSystemLanguages();
  const languages = spellCheckLanguagesFor(wanted, deps.session.availableSpellCheckerLanguages);
  if (languages.length > 0) deps.session.setSpellCheckerLanguages(languages);
  else deps.log.info('no spell-checker dictionary for the chosen language', { wanted: wanted.slice(0, 3) });
}

/**
 * The dictionaries Chromium has for the wanted tags: the exact tag, else the first regional
 * one of that language ('pl' → 'pl-PL'), else the bare language ('en-GB' → 'en'). Chromium
 * throws for a code it has no dictionary for, so only available ones are returned.
 */
export function spellCheckLanguagesFor(wanted: readonly string[], available: readonly string[]): string[] {
  const out: string[] = [];
  const add = (code: string | undefined) => code && !out.includes(code) && out.push(code);
  for (const tag of wanted) {
    const lower = tag.toLowerCase();
    const base = lower.split('-')[0]!;
    add(
      available.find((a) => a.toLowerCase() === lower) ??
        available.find((a) => a.toLowerCase().startsWith(base + '-')) ??
        available.find((a) => a.toLowerCase() === base),
    );
  }
  return out.slice(0, 3);
}
