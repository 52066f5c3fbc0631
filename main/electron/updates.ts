// Updates through electron-updater, from a feed the builder of a release names:
// PARLEY_UPDATE_URL (a "generic" provider: a folder on a web server with latest.yml and the
// installers that `electron-builder --publish` writes). Off unless it is set, and off in
// development: the reference build never asks any server anything. electron-updater is
// loaded only when a feed is set, so with none it is not even evaluated.
//
// The URL must be https (an update is code that runs with the user's rights); http is only
// accepted for a loopback address, to test a feed on this machine.

import type { Logger } from '../core/logger';

export const UPDATE_URL_ENV = 'PARLEY_UPDATE_URL';
const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

/** The feed's URL when updates are on, null when they are off (and why, for the log). */
export function updateFeed(env: NodeJS.ProcessEnv, packaged: boolean): { url: string } | { off: string } {
  const raw = env[UPDATE_URL_ENV]?.trim();
  if (!raw) return { off: `${UPDATE_URL_ENV} is not set` };
  if (!packaged) return { off: 'not a packaged build' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { off: `${UPDATE_URL_ENV} is not a URL` };
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return { off: `${UPDATE_URL_ENV} must be https` };
  if (url.username || url.password) return { off: `${UPDATE_URL_ENV} must not carry credentials` };
  return { url: url.href };
}

/** The part of electron-updater's autoUpdater used here (a fake in tests). */
export interface Updater {
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  autoDownload: boolean;
  logger: unknown;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

/** Starts checking when a feed is set: at start, then every six hours. Returns a stop function. */
export async function startUpdates(opts: {
  env: NodeJS.ProcessEnv;
  packaged: boolean;
  log: Logger;
  loadUpdater?: () => Promise<Updater>;
}): Promise<() => void> {
  const feed = updateFeed(opts.env, opts.packaged);
  if ('off' in feed) {
    opts.log.info('updates off', { reason: feed.off });
    return () => undefined;
  }
  const updater = await (opts.loadUpdater ?? loadElectronUpdater)();
  updater.setFeedURL({ provider: 'generic', url: feed.url });
  updater.autoDownload = true;
  updater.logger = null; // its own logging writes the feed's answers; ours says what matters
  const check = () =>
    updater.checkForUpdatesAndNotify().catch((e: unknown) => opts.log.warn('update check failed', { error: e instanceof Error ? e.message : String(e) }));
  opts.log.info('updates on', { feed: new URL(feed.url).origin });
  void check();
  const timer = setInterval(() => void check(), CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

async function loadElectronUpdater(): Promise<Updater> {
  const { autoUpdater } = await import('electron-updater');
  return autoUpdater as unknown as Updater;
}
