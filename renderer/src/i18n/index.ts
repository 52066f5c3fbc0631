// `t(key, vars)`: every user-visible string. The catalogue follows the user's preferred
// languages; the date/number formats follow the matching system locale (so en-GB gets 14:05).

import en, { type MessageKey, type PluralForms, type Translation } from './catalogues/en';

export type { MessageKey } from './catalogues/en';
export type Vars = Record<string, string | number>;

// Every file in catalogues/ is a language, named by its BCP 47 tag: adding one needs no code.
const modules = import.meta.glob<{ default: Translation }>('./catalogues/*.ts', { eager: true });
const catalogues: Record<string, Translation> = {};
for (const [path, module] of Object.entries(modules)) {
  const tag = /([\w-]+)\.ts$/.exec(path)?.[1];
  if (tag) catalogues[tag.toLowerCase()] = module.default;
}

/** The first preferred language we have a catalogue for (exact tag, then its base language). */
export function pickLanguage(preferred: readonly string[]): { catalogue: string; formatLocale: string } {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (catalogues[lower]) return { catalogue: lower, formatLocale: tag };
    const base = lower.split('-')[0]!;
    if (catalogues[base]) return { catalogue: base, formatLocale: tag };
  }
  return { catalogue: 'en', formatLocale: 'en' };
}

let active: Translation = en;
let locale = 'en';
let plurals = new Intl.PluralRules('en');

export function setLanguages(preferred: readonly string[]): void {
  const picked = pickLanguage(preferred);
  active = catalogues[picked.catalogue] ?? en;
  locale = picked.formatLocale;
  plurals = new Intl.PluralRules(locale);
}

/** The locale for Intl formatters (dates, times, numbers). */
export function formatLocale(): string {
  return locale;
}

function interpolate(template: string, vars: Vars | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function t(key: MessageKey, vars?: Vars): string {
  const entry: string | PluralForms = active[key] ?? en[key];
  if (typeof entry === 'string') return interpolate(entry, vars);
  const count = Number(vars?.count ?? 0);
  const form = plurals.select(count) as keyof PluralForms;
  return interpolate(entry[form] ?? entry.other, vars);
}

setLanguages(typeof navigator === 'undefined' ? ['en'] : navigator.languages.length ? navigator.languages : [navigator.language]);
