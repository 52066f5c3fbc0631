// The page's first Intl formatters load the locale's data: 15–60 ms of main thread on a cold
// start, measured on bench B1, where the list's first row waited for it (its time, its
// unread count) in the rows painted before React and again in React's first render. Made
// once the shell has painted (main.tsx), while the start waits for the host and its code,
// the list's first rows are then formatted at once.

export function warmIntl(locales: readonly string[] = globalThis.navigator?.languages ?? []): void {
  try {
    const locale = locales[0];
    new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(0);
    new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(0);
    new Intl.PluralRules(locale).select(1);
    new Intl.NumberFormat(locale).format(1);
  } catch {
    // An odd locale tag: the formatters that need it pay for it later, as before.
  }
}
