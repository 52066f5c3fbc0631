// Every catalogue against English: the same keys (none missing, none invented), the same
// variables, ICU MessageFormat that parses, and plurals with every form the language's rules
// (Intl.PluralRules) can pick. A key added to en.ts without its translations fails here.

import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import ar from './ar';
import en from './en';
import pl from './pl';
import vi from './vi';
import zh from './zh';

const TRANSLATIONS: Record<string, Partial<Record<string, string>>> = { zh, ar, vi, pl };
const english: Record<string, string> = en;

// The parser's element kinds (@formatjs/icu-messageformat-parser's TYPE), as far as we use them.
const ARGUMENT = 1;
const NUMBER = 2;
const DATE = 3;
const TIME = 4;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
  pluralType?: string;
}

interface Shape {
  /** Every variable the message reads, whatever its kind. */
  variables: Set<string>;
  /** Each plural: its variable and the categories (and =N cases) it offers. */
  plurals: { variable: string; categories: string[] }[];
}

function shapeOf(message: string, language: string): Shape {
  const ast = new IntlMessageFormat(message, language).getAst() as unknown as Element[];
  const shape: Shape = { variables: new Set(), plurals: [] };
  const walk = (elements: Element[]) => {
    for (const e of elements) {
      if ([ARGUMENT, NUMBER, DATE, TIME, SELECT, PLURAL].includes(e.type)) shape.variables.add(String(e.value));
      if (e.type === PLURAL) shape.plurals.push({ variable: String(e.value), categories: Object.keys(e.options ?? {}) });
      if (e.options) for (const option of Object.values(e.options)) walk(option.value);
      if (e.type === TAG && e.children) walk(e.children);
    }
  };
  walk(ast);
  return shape;
}

function sorted(set: Set<string>): string[] {
  return [...set].sort();
}

/** Sample values: numbers for plural variables (one of each category somewhere), text for the rest. */
function samples(shape: Shape, count: number): Record<string, string | number> {
  const plural = new Set(shape.plurals.map((p) => p.variable));
  return Object.fromEntries([...shape.variables].map((v) => [v, plural.has(v) ? count : `<${v}>`]));
}

describe('the English catalogue', () => {
  it.each(Object.keys(english))('%s parses, with plurals for English', (key) => {
    const shape = shapeOf(english[key]!, 'en');
    for (const p of shape.plurals) expect(p.categories).toEqual(expect.arrayContaining(['one', 'other']));
  });
});

describe.each(Object.entries(TRANSLATIONS))('the %s catalogue', (language, catalogue) => {
  const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];

  it('has every key of en.ts and no other', () => {
    const missing = Object.keys(english).filter((key) => catalogue[key] === undefined);
    const extra = Object.keys(catalogue).filter((key) => english[key] === undefined);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('keeps the keys in en.ts order (so a side-by-side diff lines up)', () => {
    expect(Object.keys(catalogue)).toEqual(Object.keys(english).filter((key) => key in catalogue));
  });

  it.each(Object.keys(english).filter((key) => catalogue[key] !== undefined))('%s', (key) => {
    const mine = shapeOf(catalogue[key]!, language);
    const theirs = shapeOf(english[key]!, 'en');
    // The same variables: a renamed or dropped one would show "{name}" or lose the name.
    expect(sorted(mine.variables)).toEqual(sorted(theirs.variables));
    // Every plural offers each form this language can pick.
    for (const p of mine.plurals) expect(p.categories, `plural on ${p.variable}`).toEqual(expect.arrayContaining(needed));
    // A count English declines must be declined here too where the language has forms.
    if (needed.length > 1) {
      for (const p of theirs.plurals) expect(mine.plurals.map((m) => m.variable), `plural on ${p.variable}`).toContain(p.variable);
    }
    // It formats for a count of each category.
    for (const n of [0, 1, 2, 3, 5, 11, 22, 100, 101, 1.5]) {
      expect(() => new IntlMessageFormat(catalogue[key]!, language).format(samples(mine, n))).not.toThrow();
    }
  });
});
