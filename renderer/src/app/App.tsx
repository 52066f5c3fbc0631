import { useEffect } from 'react';
import { useClient, useParley } from '../client/ClientProvider';
import { useLanguage, useLanguageSetting } from '../i18n/use-language';
import { AppShell } from './AppShell';
import { closeEarlyList } from './early-list';
import { useAppliedSettings } from './settings/use-applied-settings';
import { useLoadable } from './common/use-loadable';
import { forgetList, rememberFirstScreen } from './first-screen';
import { chatScreen, signInScreen } from './screens';
import { showUnreadInTitle } from './unread-in-title';

export function App() {
  const phase = useParley((s) => s.phase);
  const adding = useParley((s) => s.addingAccount !== null);
  // The chosen language: a change re-renders everything below in it, in place.
  useLanguageSetting();
  useLanguage();
  // The theme, text size and call devices from the settings (app/settings), live.
  useAppliedSettings();

  // The window title and the tab's icon carry the unread total (muted conversations left
  // out, as main counts): a store subscription, so a count change does not re-render the app.
  const { store } = useClient();
  useEffect(() => showUnreadInTitle(store, document), [store]);

  const screen = phase === 'starting' ? null : phase === 'signed-out' ? 'signin' : 'chat';
  useEffect(() => {
    if (!screen) return;
    rememberFirstScreen(screen);
    // Signed out everywhere: the next start paints no cached rows before React (sidebar/early-rows.ts).
    if (screen === 'signin') forgetList();
    // The other screen, once this one is up and the page is idle: signing in (or adding an
    // account, or signing out) then swaps screens without showing the empty shell between.
    const other = screen === 'chat' ? signInScreen : chatScreen;
    const idle = window.requestIdleCallback?.(() => void other.load(), { timeout: 5_000 });
    return () => {
      if (idle !== undefined) window.cancelIdleCallback(idle);
    };
  }, [screen]);

  const wantsSignIn = phase === 'signed-out' || adding;
  const SignInScreen = useLoadable(phase === 'starting' ? null : wantsSignIn ? signInScreen : null);
  const ChatScreen = useLoadable(phase === 'starting' || wantsSignIn ? null : chatScreen);

  // Once a screen is up, the rows painted before React are gone for good: a shell shown
  // later (between screens) must not bring back their old content.
  const screenShown = SignInScreen !== null || ChatScreen !== null;
  useEffect(() => {
    if (screenShown) closeEarlyList();
  }, [screenShown]);

  // Until `session.get` answers (a local call, no network), and while the screen's chunk
  // loads: the same empty shell index.html painted, so nothing moves.
  if (SignInScreen) return <SignInScreen adding={phase !== 'signed-out'} />;
  if (ChatScreen) return <ChatScreen />;
  return <AppShell />;
}
