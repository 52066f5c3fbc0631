// All window hardening in one place, applied to every webContents the app ever creates
// (windows, and anything a bug might let a page open). Secure defaults first, exceptions
// named and explained. Install before the first window exists. Electron's security
// checklist (https://www.electronjs.org/docs/latest/tutorial/security), item by item, is
// asserted by main/electron/test/hardening.test.ts against a fake electron module, and
// scripts/electronegativity.mjs scans this code for what the checklist forbids.
//
// What is locked down, and why:
// - webPreferences: every window is made by createSecureWindow, whose options are written
//   out literally (so a reviewer and the scanner read them as they are): context isolation,
//   sandbox, no Node in the page, its workers or its subframes, web security on, no insecure
//   content, no <webview>, no experimental or extra Blink features, no auxclick.
// - navigation: a page may only move within app://parley; anything else would give a
//   remote page our preload (window.parley, i.e. the signed-in session).
// - window.open / target=_blank: never a new Electron window; http(s) links go to the
//   user's browser, everything else is dropped.
// - <webview>: refused (also disabled in webPreferences); it could load with other preferences.
// - permissions: denied unless listed in ALLOWED_PERMISSIONS, and then only for the app's own
//   origin. 'notifications' for new-message alerts; 'media' (camera, microphone) for calls,
//   which the renderer owns, and only to the main frame and only for audio / video capture
//   (mediaPermissionAllowed). Everything else (geolocation, USB, HID, serial, clipboard-read,
//   display capture, ...) is denied.
// - CSP: sent with every response the session receives (and with app:// responses directly).
// - devtools: closed in packaged builds.
// - shell.openExternal: only through openExternalLink, only for http(s) URLs.
// - IPC: every sender is checked in ipc.ts (top frame of a Parley window, on app://parley).

import { app, BrowserWindow, shell, type BrowserWindowConstructorOptions, type Session, type WebContents } from 'electron';
import type { Logger } from '../core/logger';
import { EXTERNAL_PROTOCOLS, parseExternalUrl } from '../core/external-links';
import { RENDERER_CSP } from './app-protocol';
import { isAppUrl } from './app-origin';

export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'media']);

/**
 * The only way Parley makes a window. The webPreferences are written here literally and come
 * after the caller's options, so no caller can weaken them; `preload` is the only per-window part.
 */
export function createSecureWindow(
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
  preload: string,
): BrowserWindow {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // Middle-click would open a new window; window.open is refused anyway, this stops the event.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  });
}

/**
 * Opens a link in the user's browser: http(s) only, never javascript:, file:, data: or a
 * custom scheme that launches a local program. Resolves whether it was opened.
 */
export async function openExternalLink(raw: string, log: Logger, allowed: ReadonlySet<string> = EXTERNAL_PROTOCOLS): Promise<boolean> {
  const external = parseExternalUrl(raw, allowed);
  if (!external) {
    log.warn('refused to open a non-web link', { scheme: schemeOf(raw) });
    return false;
  }
  try {
    await shell.openExternal(external.href);
    return true;
  } catch (e) {
    log.warn('could not open a link', { error: String(e) });
    return false;
  }
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
    // Never a new Electron window: a web link goes to the user's browser, anything else nowhere.
    if (parseExternalUrl(url)) void openExternalLink(url, log);
    else log.warn('blocked window.open', { scheme: schemeOf(url) });
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

/** The capture a 'media' permission may be for: the camera and the microphone, nothing else. */
const MEDIA_CAPTURE: ReadonlySet<string> = new Set(['audio', 'video']);

/**
 * 'media' is a call's camera and microphone: for the app's top frame only (a frame inside it,
 * were one ever to load, gets neither), and only for audio / video capture. A request names
 * what it captures (`mediaTypes`); a check names one type (`mediaType`, 'unknown' refused).
 */
function mediaPermissionAllowed(details: { isMainFrame?: boolean; mediaTypes?: readonly string[]; mediaType?: string }): boolean {
  if (details.isMainFrame !== true) return false;
  if (details.mediaType !== undefined && !MEDIA_CAPTURE.has(details.mediaType)) return false;
  return (details.mediaTypes ?? []).every((t) => MEDIA_CAPTURE.has(t));
}

function permissionAllowed(permission: string, url: string | undefined, details: Parameters<typeof mediaPermissionAllowed>[0]): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission) || !isAppUrl(url)) return false;
  return permission !== 'media' || mediaPermissionAllowed(details);
}

function hardenSession(session: Session, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = permissionAllowed(permission, details.requestingUrl, details);
    if (!allowed) log.info('denied a permission request', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    // requestingOrigin is an origin ('app://parley'), which isAppUrl parses as a URL.
    return permissionAllowed(permission, requestingOrigin, details ?? {});
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
