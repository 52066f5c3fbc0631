// The two screens, each its own chunk (a signed-in start never loads the sign-in form, and
// the sign-in form does not wait for the chat screen's code), and the cache's module.
// main.tsx starts loading them before React and the client are there; App.tsx shows them.
import { loadable } from './common/loadable';

export const chatScreen = loadable(() => import('./ChatScreen').then((m) => m.ChatScreen));
export const signInScreen = loadable(() => import('./signin/SignInScreen').then((m) => m.SignInScreen));
