// Runs before the first paint (a classic script in <head>): shows the theme and text size
// the last run chose, mirrored by src/app/settings/appearance.ts under the same key, so that
// a dark window never flashes light while the app loads. The app applies main's settings
// again once it starts (and keeps following the system while the theme is "system").
/* global window */
(function (win) {
  var choice;
  try {
    choice = JSON.parse(win.localStorage.getItem('parley.appearance') || '{}') || {};
  } catch {
    choice = {};
  }
  var root = win.document.documentElement;
  var systemDark = win.matchMedia && win.matchMedia('(prefers-color-scheme: dark)').matches;
  root.dataset.theme = choice.theme === 'dark' || choice.theme === 'light' ? choice.theme : systemDark ? 'dark' : 'light';
  var scale = { small: 0.9, large: 1.15, larger: 1.3 }[choice.textSize];
  if (scale) root.style.zoom = String(scale);
  // The direction too (src/i18n/index.ts keeps the choice under 'parley.language'), so an
  // Arabic window's shell is laid out right to left from its first paint, not after the app loads.
  var language;
  try {
    language = win.localStorage.getItem('parley.language') || 'system';
  } catch {
    language = 'system';
  }
  if (language === 'system') language = String((win.navigator.languages && win.navigator.languages[0]) || win.navigator.language || 'en').toLowerCase().split('-')[0];
  if (language === 'ar') {
    root.dir = 'rtl';
    root.lang = 'ar';
  }
})(window);
