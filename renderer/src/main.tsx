// Entry point, kept tiny so it runs as soon as the page is parsed. The window has already
// painted the app shell from index.html; from here, three things start at once instead of one
// after the other: the host connection (the browser host's WebSocket; Electron's preload API
// is already there) with the start's first questions on it (host/early-answers.ts: the
// session, then each online account's first page of conversations), the chunk of the screen
// the last start showed (chat or sign-in, app/first-screen.ts), and the client (start.tsx:
// React, the cache, the store; its chunks are fetched together, see vite.config.ts), which
// then renders. Meanwhile the conversation list's first rows are painted without React, from
// the cache or the host's first answers (app/sidebar/early-rows.ts). Call UI, dialogs and the
// other screen load when they are needed.
// A first start (nothing remembered) begins after the shell's first frame (first-start.ts: the
// rows' answer and code are asked for before it) and paints its rows first: in the browser
// host from one HTTP request (host/first-screen-over-http.ts), and the host connection, the
// cache and the client's code follow once they are painted (see `begin`).

import { afterShellPaint } from './after-shell-paint';
import { firstStart } from './first-start';
import { lastFirstScreen, lastList, type FirstScreen } from './app/first-screen';
import { chatScreen, signInScreen } from './app/screens';
import { lastRows } from './app/sidebar/remembered-rows';
import type * as EarlyRows from './app/sidebar/early-rows';
import { rowsForWindow } from './app/sidebar/rows-for-window';
import { askFirstScreen, getParleyApi, isElectronHost } from './host';
import type { Conversation, FirstPages } from './contract';
import { FIRST_CONVERSATIONS_PAGE, askEarly } from './host/early-answers';
import { openCacheEarly, readCachedConversations } from './open-cache-early';
import { afterNextPaint } from './lib/after-next-paint';
import { firstContentfulPaint } from './lib/first-contentful-paint';
import { firstNonNull } from './lib/first-non-null';
import { settledOrAfter } from './lib/settled-or-after';
import { warmIntl } from './warm-intl';
import './styles/base.css';
import './app/app-shell.css';

/** The first screen was not asked for over HTTP (a remembered screen, or Electron). */
const NOT_ASKED: Promise<FirstPages | null> = Promise.resolve(null);

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A first start asks for the client's code once its early rows are painted, or after this long. */
const FIRST_START_CODE_WAIT_MS = 1_000;

/**
 * `firstScreenOverHttp`: on a first start in the browser host, the session and first pages of
 * conversations asked for over HTTP (null when not asked, or not answered).
 */
function begin(screen: FirstScreen | null, firstScreenOverHttp: Promise<FirstPages | null>, rowsCode: Promise<typeof EarlyRows> | null = null): void {
  // The screen's chunk and the client's. A first start fetches the chat screen too: a
  // signed-in host (a new browser profile) shows it next, and a first sign-in right after.
  const fetchCode = () => {
    void (screen === 'signin' ? signInScreen : chatScreen).load();
    return import('./start');
  };
  // The list's first rows, painted before React from the cache or the host's first answers
  // (app/sidebar/early-rows.ts; none on the way to the sign-in screen). Their code is asked
  // for first: it is small, and the client's dozen chunks would queue it behind them.
  const rows = screen !== 'signin' ? (rowsCode ?? import('./app/sidebar/early-rows')) : null;
  const list = rows ? lastList() : null;
  // The first screen's rows as the last start kept them in localStorage (no IndexedDB open,
  // 100–160 ms on a cold browser); the cache's read when none are kept, or not for these accounts.
  const accountIds = list?.accounts.map((a) => a.id) ?? [];
  const kept = list ? lastRows(accountIds, rowsForWindow()) : null;
  const cachedRows = kept ? Promise.resolve(kept) : list ? readCachedConversations<Conversation>(new Set(accountIds)) : Promise.resolve([]);
  // With a remembered screen, the code is the start's longest wait (the list comes from the
  // cache, and the host answers long before the code is there): its fetches go out first.
  // On a first start the list comes from the chat server: the host's answer goes first.
  const remembered = screen ? fetchCode() : null;
  // When a first start's rows come over HTTP, the host connection (its handshake, the socket's
  // own early answers) and the cache's open (a new database on a new profile) are main-thread
  // work the rows do not need: they start once the rows are painted (bench B1, fresh profile,
  // eight probes each: the rows' frame a median 88 ms after the shell's first paint, against
  // 117 ms with them beside). Without that answer (Electron, or a host that did not give it)
  // they start at once.
  // A host that never answers that request holds nothing back for more than FIRST_START_CODE_WAIT_MS.
  const rowsPainted = deferred();
  const connectNow = screen !== null || firstScreenOverHttp === NOT_ASKED;
  const hostMayConnect = connectNow
    ? Promise.resolve()
    : settledOrAfter(firstScreenOverHttp.then((pages) => (pages ? rowsPainted.promise : undefined)), FIRST_START_CODE_WAIT_MS);
  const early = hostMayConnect.then(() => getParleyApi()).then((api) => askEarly(api));
  const api = early.then((e) => e.api);
  if (connectNow) openCacheEarly();
  else void hostMayConnect.then(() => openCacheEarly());
  const rowsShown = rows
    ? rows
        .then(({ showEarlyRows }) => showEarlyRows(list, cachedRows, firstNonNull([firstScreenOverHttp, early.then((e) => e.firstPages)])))
        .catch((error: unknown) => console.warn('[parley] early rows', error))
    : Promise.resolve();
  void rowsShown.then(() => afterNextPaint(rowsPainted.resolve));
  // On a first start the client's dozen chunks, fetched and compiled beside the host
  // connection, slowed exactly what the list waits for: the connection's handshake, the
  // host's first answers and the rows' frame (bench B1, fresh profile, alternated runs: the
  // list painted at 1.9–2.2× the static page with them, 1.5–1.7× without). The rows are
  // painted without them (early-rows.ts), so they are asked for once the rows have been
  // painted (or there are none to paint) and the page has had its first contentful paint (on
  // the way to the sign-in screen that is the shell's, which can come late on a cold browser),
  // or after FIRST_START_CODE_WAIT_MS. A start that remembers its screen fetched them first
  // thing (above).
  const codeMayLoad = screen ? Promise.resolve() : settledOrAfter(Promise.all([rowsPainted.promise, firstContentfulPaint()]), FIRST_START_CODE_WAIT_MS);
  const client = remembered ?? codeMayLoad.then(fetchCode);

  // The remembered screen may be out of date, and a first start remembers none: the early
  // session answer, there long before React, says which one.
  void codeMayLoad
    .then(() => early)
    .then((e) => e.session)
    .then((session) => {
      if (session.ok) void (session.value.accounts.length > 0 ? chatScreen : signInScreen).load();
    });

  client
    .then(({ start }) => start(api))
    .catch((error: unknown) => {
      // The client's own chunk did not load (a build replaced under a running page): nothing
      // of the app can run, say so in the shell.
      console.error('[parley] start failed', error);
      const root = document.getElementById('root');
      if (root) root.textContent = `Parley could not start: ${error instanceof Error ? error.message : String(error)}. Reload the page.`;
    });
}

// A start that remembers its screen begins at once: its list comes from the cache, and every
// millisecond before it counts. A first start (nothing remembered) begins after the shell's
// first frame, with what its rows wait for on the network asked for before it (first-start.ts).
const screen = lastFirstScreen();
if (screen) begin(screen, NOT_ASKED);
else {
  firstStart(
    {
      pages: () => (isElectronHost() ? NOT_ASKED : askFirstScreen(FIRST_CONVERSATIONS_PAGE)),
      rowsCode: () => import('./app/sidebar/early-rows'),
    },
    (pages, rowsCode) => begin(null, pages, rowsCode),
  );
}
// After the shell's frame (never before it: it is main-thread work), while the start waits.
afterShellPaint(() => warmIntl());
