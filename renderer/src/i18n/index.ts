/// <reference types="vite/client" />
// `t(key, vars)`: every user-visible string. Catalogue values are ICU MessageFormat strings
// (`{name}`, `{count, plural, one {# message} other {# messages}}`), formatted by
// intl-messageformat with the language's own plural rules and Intl number formats.
// English is bundled with the app; another language's catalogue is fetched (a dynamic
// import, its own chunk) when it is chosen, so the start-up bundle carries English only.
// The date/number locale follows the matching system locale (so en-GB gets 14:05).

import { IntlMessageFormat } from 'intl-messageformat';
import type { LanguageChoice } from '../contract';
import en, { type MessageKey, type Translation } from './catalogues/en';

export type { MessageKey } from './catalogues/en';
export type Vars = Record<string, string | number>;
export type Language = Exclude<LanguageChoice, 'system'>;

/** Each language named in itself, for the settings' list (a reader finds their own). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  zh: '简体中文',
  ar: 'العربية',
  vi: 'Tiếng Việt',
  pl: 'Polski',
};
const LANGUAGES = Object.keys(LANGUAGE_NAMES) as Language[];

/** What `<html lang>` says for each: zh is Simplified Chinese, which also picks SC glyphs over JP ones. */
const HTML_LANG: Readonly<Record<Language, string>> = { en: 'en', zh: 'zh-Hans', ar: 'ar', vi: 'vi', pl: 'pl' };
const RTL: ReadonlySet<Language> = new Set(['ar']);

type Catalogue = Translation;

// Every other file in catalogues/ is a language named by its tag, loaded on demand.
const loaders = import.meta.glob<{ default: Catalogue }>(['./catalogues/*.ts', '!./catalogues/en.ts', '!./catalogues/*.test.ts']);
const loaderFor = (language: Language) => loaders[`./catalogues/${language}.ts`];
const loaded = new Map<Language, Catalogue>([['en', en]]);

interface Active {
  language: Language;
  /** The BCP 47 tag Intl formats with (the system's own variant of the language when it has one). */
  locale: string;
  catalogue: Catalogue;
}

let active: Active = { language: 'en', locale: 'en', catalogue: en };
const listeners = new Set<() => void>();

/** The first preferred language we have a catalogue for (exact tag, then its base language). */
export function pickLanguage(preferred: readonly string[]): { catalogue: Language; formatLocale: string } {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] as Language;
    if (LANGUAGES.includes(base) && (base === 'en' || loaderFor(base))) return { catalogue: base, formatLocale: tag };
  }
  return { catalogue: 'en', formatLocale: 'en' };
}

/** The preferences a choice stands for: 'system' is the system's; a language puts the system's variant of it (ar-SA) first. */
export function preferencesFor(choice: LanguageChoice, system: readonly string[]): string[] {
  if (choice === 'system') return [...system];
  const variant = system.find((tag) => tag.toLowerCase().split('-')[0] === choice);
  return [variant ?? choice];
}

/** The system's preferred languages, best first (Electron fills these from the OS locale too). */
export function systemLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return ['en'];
  return navigator.languages?.length ? navigator.languages : [navigator.language || 'en'];
}

let request = 0;

/**
 * Follows these preferences: resolves once their catalogue is in and every listener heard.
 * A loaded catalogue (English always) switches at once, synchronously; a later call wins over
 * one still loading. A catalogue that cannot load leaves English, and says so in the log.
 */
export async function setLanguages(preferred: readonly string[]): Promise<void> {
  const picked = pickLanguage(preferred);
  const mine = ++request;
  let catalogue = loaded.get(picked.catalogue);
  if (!catalogue) {
    try {
      catalogue = (await loaderFor(picked.catalogue)!()).default;
      loaded.set(picked.catalogue, catalogue);
    } catch (e) {
      console.error(`[parley] the ${picked.catalogue} catalogue did not load; staying in English`, e);
      catalogue = en;
    }
    if (mine !== request) return;
  }
  activate({ language: catalogue === en ? 'en' : picked.catalogue, locale: catalogue === en && picked.catalogue !== 'en' ? 'en' : picked.formatLocale, catalogue });
}

/** Follows the user's choice (from settings) or the system. */
export function chooseLanguage(choice: LanguageChoice, system: readonly string[] = systemLanguages()): Promise<void> {
  return setLanguages(preferencesFor(choice, system));
}

function activate(next: Active): void {
  const changed = next.language !== active.language || next.locale !== active.locale;
  active = next;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = HTML_LANG[next.language];
    document.documentElement.dir = RTL.has(next.language) ? 'rtl' : 'ltr';
  }
  if (changed) for (const listener of listeners) listener();
}

/** Hears every language change (React re-renders through `useLanguage`). */
export function subscribeLanguage(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The language the interface is in now. */
export function currentLanguage(): Language {
  return active.language;
}

/** The locale for Intl formatters (dates, times, numbers). */
export function formatLocale(): string {
  return active.locale;
}

/** Whether the interface reads right to left. */
export function isRtl(): boolean {
  return RTL.has(active.language);
}

// Compiled formatters per language, locale and key: parsing is the costly part, and a list
// of 200 rows asks for the same few keys again and again. A message that does not compile
// is remembered as null, so it is reported once and English stands in from then on.
const compiled = new Map<string, IntlMessageFormat | null>();
const reported = new Set<string>();

function formatter(language: Language, locale: string, key: MessageKey, message: string): IntlMessageFormat | null {
  const id = `${language}|${locale}|${key}`;
  let f = compiled.get(id);
  if (f === undefined) {
    try {
      f = new IntlMessageFormat(message, locale);
    } catch (e) {
      reportOnce(id, `[parley] ${language} message "${key}" is not valid ICU MessageFormat; showing English`, e);
      f = null;
    }
    compiled.set(id, f);
  }
  return f;
}

function reportOnce(id: string, text: string, error: unknown): void {
  if (reported.has(id)) return;
  reported.add(id);
  console.error(text, error instanceof Error ? error.message : error);
}

function format(f: IntlMessageFormat, vars: Vars | undefined): string {
  const out = f.format(vars);
  return Array.isArray(out) ? out.join('') : String(out);
}

export function t(key: MessageKey, vars?: Vars): string {
  const { language, locale, catalogue } = active;
  const entry = language === 'en' ? undefined : catalogue[key];
  if (entry !== undefined) {
    const f = formatter(language, locale, key, entry);
    if (f) {
      try {
        return format(f, vars);
      } catch (e) {
        // A variable the translation names but the caller does not pass, or the like.
        reportOnce(`${language}|${key}|format`, `[parley] ${language} message "${key}" failed to format; showing English`, e);
      }
    }
  }
  // English: the language itself, or the stand-in for a missing or broken translation.
  const englishLocale = language === 'en' ? locale : 'en';
  const f = formatter('en', englishLocale, key, en[key]);
  try {
    if (f) return format(f, vars);
  } catch (e) {
    reportOnce(`en|${key}|format`, `[parley] message "${key}" failed to format`, e);
  }
  return en[key]; // never throw into a render
}

// Main keeps the choice (Settings.language), but asking it takes a round trip: this window
// remembers the last choice it saw, so the first paint is already in the right language.
const STORED_CHOICE = 'parley.language';

function storedChoice(): LanguageChoice {
  try {
    const value = globalThis.localStorage?.getItem(STORED_CHOICE);
    return value && (value === 'system' || (LANGUAGES as string[]).includes(value)) ? (value as LanguageChoice) : 'system';
  } catch {
    return 'system'; // storage blocked: follow the system
  }
}

/** Remembers the choice for the next start of this window (main's copy stays the truth). */
export function rememberChoice(choice: LanguageChoice): void {
  try {
    globalThis.localStorage?.setItem(STORED_CHOICE, choice);
  } catch {
    // storage blocked: the next start follows main's copy a moment later
  }
}

/** Resolves when the remembered language is ready (at once for English): start-up renders after it. */
export const languageReady: Promise<void> = chooseLanguage(storedChoice());
