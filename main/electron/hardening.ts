// All window hardening in one place, applied to every webContents the app ever creates
// (windows, and anything a bug might let a page open). Secure defaults first, exceptions
// named and explained. Install before the first window exists.
//
// What is locked down, and why:
// - navigation: a page may only move within app://parley; anything else would give a
//   remote page our preload (window.parley, i.e. the signed-in session).
// - window.open / target=_blank: never a new Electron window; http(s) links go to the
//   user's browser, everything else is dropped.
// - <webview>: refused (also disabled in webPreferences); it could load with other preferences.
// - permissions: denied unless listed in ALLOWED_PERMISSIONS, and then only for the app's own
//   origin. 'notifications' for new-message alerts; 'media' (camera, microphone) for calls,
//   which the renderer owns. Everything else (geolocation, USB, HID, serial, clipboard-read,
//   display capture, ...) is denied.
// - CSP: sent with every response the session receives (and with app:// responses directly).
// - devtools: closed in packaged builds.

import { app, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import type { Logger } from '../core/logger';
import { parseExternalUrl } from '../core/external-links';
import { RENDERER_CSP } from './app-protocol';
import { isAppUrl } from './app-origin';

const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'media']);

/** The webPreferences every Parley window gets. `preload` is the only per-window part. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

export function installHardening(log: Logger): void {
  const hardenedSessions = new WeakSet<Session>();
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents, log);
    if (!hardenedSessions.has(contents.session)) {
      hardenedSessions.add(contents.session);
      hardenSession(contents.session, log);
    }
  });
}

function hardenContents(contents: WebContents, log: Logger): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) {
      event.preventDefault();
      log.warn('blocked navigation away from the app', { scheme: schemeOf(event.url) });
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) {
      event.preventDefault();
      log.warn('blocked frame navigation away from the app', { scheme: schemeOf(event.url) });
    }
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) {
      event.preventDefault();
      log.warn('blocked redirect away from the app', { scheme: schemeOf(event.url) });
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    const external = parseExternalUrl(url);
    if (external) {
      shell.openExternal(external.href).catch((e: unknown) => log.warn('could not open a link', { error: String(e) }));
    } else {
      log.warn('blocked window.open', { scheme: schemeOf(url) });
    }
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });
  if (app.isPackaged) {
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

function hardenSession(session: Session, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = ALLOWED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl);
    if (!allowed) log.info('denied a permission request', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    // requestingOrigin is an origin ('app://parley'), which isAppUrl parses as a URL.
    return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin);
  });
  // USB, HID, serial, Bluetooth device access: never.
  session.setDevicePermissionHandler(() => false);
  // Screen sharing: no setDisplayMediaRequestHandler, so getDisplayMedia is refused.

  // The CSP on every response this session receives. Responses from app:// carry it already
  // (app-protocol.ts); this covers anything else a window might load.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [RENDERER_CSP];
    callback({ responseHeaders: headers });
  });
}

/** For logs: where a blocked URL pointed, without the URL itself (it may carry private data). */
function schemeOf(raw: string): string {
  try {
    return new URL(raw).protocol;
  } catch {
    return 'unparseable';
  }
}
