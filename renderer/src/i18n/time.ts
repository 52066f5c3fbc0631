// Times as people read them, via Intl. List: today "14:05", yesterday "yesterday", this
// week "Mon", older "Mar 4" (with the year when it is not this year).

import { formatLocale, t } from './index';

const DAY = 86_400_000;
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  const key = `r|${locale}`;
  let f = cache.get(key) as Intl.RelativeTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return f;
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Calendar days between two instants in local time (0 = same day). Rounded: DST days are 23 or 25 h. */
export function daysBetween(earlier: number, later: number): number {
  return Math.round((startOfDay(later) - startOfDay(earlier)) / DAY);
}

export function formatClock(ms: number, locale = formatLocale()): string {
  return dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(ms);
}

export function formatListTime(ms: number, now: number, locale = formatLocale()): string {
  const days = daysBetween(ms, now);
  if (days <= 0) return formatClock(ms, locale);
  if (days === 1) return relativeFormat(locale).format(-1, 'day');
  if (days < 7) return dateFormat(locale, { weekday: 'short' }).format(ms);
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return dateFormat(locale, sameYear ? { month: 'short', day: 'numeric' } : { dateStyle: 'medium' }).format(ms);
}

export function formatDaySeparator(ms: number, now: number, locale = formatLocale()): string {
  const days = daysBetween(ms, now);
  if (days <= 0) return t('time.today');
  if (days === 1) return t('time.yesterday');
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return dateFormat(
    locale,
    sameYear ? { weekday: 'long', month: 'long', day: 'numeric' } : { year: 'numeric', month: 'long', day: 'numeric' },
  ).format(ms);
}

/** "5 minutes ago", "yesterday": for how fresh the cache is. */
export function formatRelative(ms: number, now: number, locale = formatLocale()): string {
  const seconds = Math.round((ms - now) / 1000);
  const rtf = relativeFormat(locale);
  if (Math.abs(seconds) < 60) return rtf.format(0, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(hours, 'hour');
  return rtf.format(-daysBetween(ms, now), 'day');
}

export function formatFullDateTime(ms: number, locale = formatLocale()): string {
  return dateFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(ms);
}
