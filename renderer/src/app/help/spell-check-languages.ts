// The spell-check languages the settings offer (Electron: main/electron/desktop-settings.ts maps
// each onto a dictionary Chromium has). Chromium ships Hunspell dictionaries for these among
// Parley's languages; it has none for Arabic or Chinese, whose rows would do nothing.
// Each is named in its own language, as the language list names them.

export const SPELL_CHECK_LANGUAGES = ['en-US', 'en-GB', 'pl', 'vi'] as const;

export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
