// Main's own words: OS notifications and the tray speak the language the user chose in
// settings, from the same catalogues as the windows (renderer/src/i18n/catalogues/) and the
// same formatter (intl-messageformat, ICU plurals). The renderer's t() cannot be used here:
// it loads catalogues through Vite. Main bundles all five (a few tens of kB of text).

import { IntlMessageFormat } from 'intl-messageformat';
import type { LanguageChoice } from '../../contract/domain';
import ar from '../../renderer/src/i18n/catalogues/ar';
import en, { type MessageKey, type Translation } from '../../renderer/src/i18n/catalogues/en';
import pl from '../../renderer/src/i18n/catalogues/pl';
import vi from '../../renderer/src/i18n/catalogues/vi';
import zh from '../../renderer/src/i18n/catalogues/zh';

type Language = Exclude<LanguageChoice, 'system'>;
const CATALOGUES: Readonly<Record<Language, Translation>> = { en, zh, ar, vi, pl };

export type Vars = Record<string, string | number>;

/** The system's preferred languages (Node reads LANG/LC_ALL; Electron passes the OS's own list). */
let system: readonly string[] = [Intl.DateTimeFormat().resolvedOptions().locale];
/** Where the choice is read from at each call, so a change in settings applies to the next notification. */
let choice: () => LanguageChoice | undefined = () => 'system';

/** Electron: `app.getPreferredSystemLanguages()`, which knows the OS's list better than LANG. */
export function setSystemLanguages(languages: readonly string[]): void {
  if (languages.length) system = [...languages];
}

/** The core's settings: read at each call. */
export function followLanguageSetting(read: () => LanguageChoice | undefined): void {
  choice = read;
}

/** The catalogue and the Intl locale for a choice: 'system' takes the first system language we have. */
export function resolveLanguage(chosen: LanguageChoice | undefined, systemLanguages: readonly string[]): { language: Language; locale: string } {
  const preferred = !chosen || chosen === 'system' ? systemLanguages : [systemLanguages.find((tag) => baseOf(tag) === chosen) ?? chosen];
  for (const tag of preferred) {
    const base = baseOf(tag);
    if (base in CATALOGUES) return { language: base as Language, locale: canonical(tag) ?? base };
  }
  return { language: 'en', locale: 'en' };
}

/** Tags already made canonical: `t()` runs for every notification of a burst, and Intl's check is slow. */
const canonicalTags = new Map<string, string | undefined>();

/** A tag Intl accepts ('en_US' from LANG becomes 'en-US'), or undefined. */
function canonical(tag: string): string | undefined {
  if (canonicalTags.has(tag)) return canonicalTags.get(tag);
  let out: string | undefined;
  try {
    out = Intl.getCanonicalLocales(tag.replace(/_/g, '-').split('.')[0])[0];
  } catch {
    out = undefined;
  }
  canonicalTags.set(tag, out);
  return out;
}

function baseOf(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? '';
}

// Parsing is the costly part; a notification burst asks for the same few keys.
const compiled = new Map<string, IntlMessageFormat>();

function formatter(language: Language, locale: string, key: MessageKey): IntlMessageFormat {
  const id = `${language}|${locale}|${key}`;
  let f = compiled.get(id);
  if (!f) {
    const text = CATALOGUES[language][key];
    try {
      f = new IntlMessageFormat(text ?? en[key], locale);
    } catch {
      // A broken translation (the catalogue test catches these): English rather than nothing.
      f = new IntlMessageFormat(en[key], 'en');
    }
    compiled.set(id, f);
  }
  return f;
}

/** A catalogue message in the chosen language, English where a translation is missing. */
export function t(key: MessageKey, vars?: Vars): string {
  const { language, locale } = resolveLanguage(choice(), system);
  const out = formatter(language, locale, key).format(vars);
  return Array.isArray(out) ? out.join('') : String(out);
}
