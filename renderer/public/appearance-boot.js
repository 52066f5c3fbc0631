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
})(window);
