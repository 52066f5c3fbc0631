// Which host is the renderer running in? Electron's preload puts a ready `window.parley`
// on the page; otherwise we are in a browser tab served by the browser host and build the
// same API over its WebSocket. Everything else in the renderer calls getParleyApi() and
// never needs to know which.

import type { ParleyApi } from '../../../contract/api';
import type { FirstPages } from '../contract';
import { firstScreenOverHttp } from './first-screen-over-http';
import { createWebParleyApi, peekAccessKey } from './web-bridge';

declare global {
  interface Window {
    parley?: ParleyApi;
  }
}

let webApi: ParleyApi | null = null;

export async function getParleyApi(): Promise<ParleyApi> {
  if (window.parley) return window.parley;
  webApi ??= createWebParleyApi(window);
  return webApi;
}

/**
 * A first start's list rows in one HTTP request to the browser host (host/first-screen-over-http.ts).
 * Not for Electron, whose preload API has no connection to wait for (main.tsx asks only in a tab).
 * Asked with the key in the page's fragment (`peekAccessKey`, no storage touched): main.tsx asks
 * before the shell's first frame.
 */
export function askFirstScreen(limit: number): Promise<FirstPages | null> {
  return firstScreenOverHttp(peekAccessKey(window), limit);
}

/** Electron (its preload put `window.parley` there), as opposed to a tab of the browser host. */
export function isElectronHost(): boolean {
  return window.parley !== undefined;
}

export type { ParleyApi } from '../../../contract/api';
