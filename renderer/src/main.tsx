// Entry point, kept tiny so it runs as soon as the page is parsed. The window has already
// painted the app shell from index.html; from here, three things start at once instead of one
// after the other: the host connection (the browser host's WebSocket; Electron's preload API
// is already there) with the start's first questions on it (host/early-answers.ts: the
// session, then each online account's first page of conversations), the chunk of the screen
// the last start showed (chat or sign-in, app/first-screen.ts), and the client (start.tsx:
// React, the cache, the store; its chunks are fetched together, see vite.config.ts), which
// then renders. Call UI, dialogs and the other screen load when they are needed.

import { lastFirstScreen } from './app/first-screen';
import { chatScreen, signInScreen } from './app/screens';
import { getParleyApi } from './host';
import { askEarly } from './host/early-answers';
import { openCacheEarly } from './open-cache-early';
import './styles/base.css';
import './app/app-shell.css';

const early = getParleyApi().then((api) => askEarly(api));
const api = early.then((e) => e.api);

openCacheEarly();

const screen = lastFirstScreen();
if (screen === 'chat') void chatScreen.load();
else if (screen === 'signin') void signInScreen.load();
// The first start on this device remembers no screen (and the last one may be out of date):
// the early session answer, there long before React, says which one.
void early
  .then((e) => e.session)
  .then((session) => {
    if (session.ok) void (session.value.accounts.length > 0 ? chatScreen : signInScreen).load();
  });

import('./start')
  .then(({ start }) => start(api))
  .catch((error: unknown) => {
    // The client's own chunk did not load (a build replaced under a running page): nothing
    // of the app can run, say so in the shell.
    console.error('[parley] start failed', error);
    const root = document.getElementById('root');
    if (root) root.textContent = `Parley could not start: ${error instanceof Error ? error.message : String(error)}. Reload the page.`;
  });
