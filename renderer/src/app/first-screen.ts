// Which screen the last start showed (chat or sign-in), remembered on this device so that
// the next start fetches that screen's chunk at once, while the host connection and the
// session are still on their way, instead of after `session.get` answers.
const KEY = 'parley.firstScreen';

export type FirstScreen = 'chat' | 'signin';

export function rememberFirstScreen(screen: FirstScreen): void {
  try {
    if (localStorage.getItem(KEY) !== screen) localStorage.setItem(KEY, screen);
  } catch {
    // Storage off (a locked-down profile): every start just fetches it a little later.
  }
}

export function lastFirstScreen(): FirstScreen | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'chat' || value === 'signin' ? value : null;
  } catch {
    return null;
  }
}
