// Which host is the renderer running in? Electron's preload puts a ready `window.parley`
// on the page; otherwise we are in a browser tab served by the browser host and build the
// same API over its WebSocket. Everything else in the renderer calls getParleyApi() and
// never needs to know which.

import type { ParleyApi } from '../../../contract/api';
import { createWebParleyApi } from './web-bridge';

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

/** Electron (its preload put `window.parley` there), as opposed to a tab of the browser host. */
export function isElectronHost(): boolean {
  return window.parley !== undefined;
}

export type { ParleyApi } from '../../../contract/api';
