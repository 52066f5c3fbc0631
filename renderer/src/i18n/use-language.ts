// React's side of the language: components re-render when it changes, and the app follows
// the user's choice as main stores it (Settings.language), whether this window, another one
// or an earlier run made it. The switch happens in place: no reload, no remount, so an open
// dialog, a draft or a scroll position survive it.

import { useEffect, useSyncExternalStore } from 'react';
import { useClient } from '../client/ClientProvider';
import type { LanguageChoice, Settings } from '../contract';
import { chooseLanguage, currentLanguage, formatLocale, rememberChoice, subscribeLanguage } from './index';

const snapshot = () => `${currentLanguage()}|${formatLocale()}`;

/**
 * Re-renders the caller when the language (or its format locale) changes. App calls it, so
 * everything below re-renders; a component wrapped in `memo` that shows text calls it too,
 * since an unchanged parent's re-render does not reach it.
 */
export function useLanguage(): string {
  return useSyncExternalStore(subscribeLanguage, snapshot, snapshot);
}

/** Follows Settings.language (and, while it is 'system', the system's own language changes). Call once, in App. */
export function useLanguageSetting(): void {
  const client = useClient();
  useEffect(() => {
    let live = true;
    let choice: LanguageChoice | null = null;
    const follow = (settings: Settings) => {
      if (!live || settings.language === choice) return;
      choice = settings.language;
      rememberChoice(choice);
      void chooseLanguage(choice);
    };
    const stop = client.onSettingsChanged(follow);
    void client.getSettings().then((r) => r.ok && follow(r.value));
    const onSystemChange = () => choice === 'system' && void chooseLanguage('system');
    window.addEventListener('languagechange', onSystemChange);
    return () => {
      live = false;
      stop();
      window.removeEventListener('languagechange', onSystemChange);
    };
  }, [client]);
}
