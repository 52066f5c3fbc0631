// The one script that runs before the first paint, inline in index.html's <head> (the build
// puts it there: vite.config.ts), and the hash by which both hosts' Content-Security-Policy
// allow it (main/core/content-security-policy.ts). One string, so that what is served and
// what the policy allows cannot drift apart.
//
// It shows the theme, text size and direction the last run chose, mirrored into localStorage
// by renderer/src/app/settings/appearance.ts (APPEARANCE_KEY) and i18n (the language), so
// that a dark window never flashes light and an Arabic one is laid out right to left from
// its first frame. The app applies main's settings again once it starts.
//
// Inline rather than a file of its own: a file was one more request that the first paint
// waited for, beside the CSS, on a cold start (bench B1, fresh profile, alternated: first
// paint at 0.96–1.15× the static page without that request, 1.08–1.16× with it).
//
// Plain ES5 in a string: it runs before anything else is there, and its text is hashed as it
// stands (the browser hashes the inline script's exact characters).

export const APPEARANCE_BOOT_SCRIPT = `(function (win) {
  var choice;
  try {
    choice = JSON.parse(win.localStorage.getItem('parley.appearance') || '{}') || {};
  } catch (e) {
    choice = {};
  }
  var root = win.document.documentElement;
  var systemDark = win.matchMedia && win.matchMedia('(prefers-color-scheme: dark)').matches;
  root.dataset.theme = choice.theme === 'dark' || choice.theme === 'light' ? choice.theme : systemDark ? 'dark' : 'light';
  var scale = { small: 0.9, large: 1.15, larger: 1.3 }[choice.textSize];
  if (scale) root.style.zoom = String(scale);
  var language;
  try {
    language = win.localStorage.getItem('parley.language') || 'system';
  } catch (e) {
    language = 'system';
  }
  if (language === 'system') language = String((win.navigator.languages && win.navigator.languages[0]) || win.navigator.language || 'en').toLowerCase().split('-')[0];
  if (language === 'ar') {
    root.dir = 'rtl';
    root.lang = 'ar';
  }
})(window);`;

/** Where index.html (renderer/index.html) wants the script; the build fails without it. */
export const APPEARANCE_BOOT_MARKER = '<!-- parley:appearance-boot -->';
