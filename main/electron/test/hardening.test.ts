// Electron's security checklist, item by item, against a FAKE electron module (fake-electron.ts):
// every window's webPreferences, every webContents hardened (app 'web-contents-created'),
// navigation and window.open refused, permissions granted only to the app's origin, links
// opened outside only as http(s), the CSP forced on every response. Each test fails when the
// behaviour it names is removed from hardening.ts / windows.ts.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../core/logger';
import { MESSAGE_LINK_PROTOCOLS } from '../../core/external-links';
import { APP_ENTRY_URL } from '../app-origin';
import { RENDERER_CSP } from '../app-protocol';
import { createSecureWindow, installHardening, openExternalLink } from '../hardening';
import { WindowRegistry } from '../windows';
import { createLooseWebContents, fake, FakeEvent, resetFakeElectron, type FakeBrowserWindow, type FakeWebContents } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const APP_PAGE = 'app://parley/index.html';

/** Every option of the checklist, with the value it must have. */
const REQUIRED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  experimentalFeatures: false,
} as const;

let log: ReturnType<typeof createMemoryLogger>;

function setup(): { registry: WindowRegistry; window: FakeBrowserWindow; contents: FakeWebContents } {
  installHardening(log);
  const registry = new WindowRegistry('/app/dist/electron', log);
  registry.showMain();
  const window = fake.windows[0]!;
  return { registry, window, contents: window.webContents };
}

beforeEach(() => {
  resetFakeElectron();
  log = createMemoryLogger();
});

describe('webPreferences of every window', () => {
  it('the main window gets every checklist option, the preload, and loads app://parley', () => {
    const { window } = setup();
    expect(fake.windows).toHaveLength(1);
    const prefs = window.options.webPreferences ?? {};
    for (const [option, value] of Object.entries(REQUIRED_WEB_PREFERENCES)) {
      expect(prefs[option], option).toBe(value);
    }
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(window.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
  });

  it('a caller cannot weaken them: the secure options come last', () => {
    const weakened = { show: false, webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } };
    createSecureWindow(weakened as unknown as Parameters<typeof createSecureWindow>[0], '/p.cjs');
    const prefs = fake.windows[0]!.options.webPreferences ?? {};
    expect(prefs).toMatchObject(REQUIRED_WEB_PREFERENCES);
    expect(fake.windows[0]!.options.show).toBe(false);
  });
});

describe('every webContents is hardened', () => {
  it('installs on app web-contents-created, for windows and for contents made any other way', () => {
    installHardening(log);
    expect(fake.app.listenerCount('web-contents-created')).toBe(1);
    const loose = createLooseWebContents();
    expect(loose.navigate('will-navigate', 'https://evil.example/')).toBe(false);
    expect(loose.open('https://example.com/')).toBe('deny');
    const { contents } = setup();
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(false);
  });

  it('hardens each session once, whatever the number of webContents', () => {
    const { contents } = setup();
    const session = contents.session;
    const first = session.permissionRequestHandler;
    expect(first).toBeTypeOf('function');
    createLooseWebContents();
    expect(session.permissionRequestHandler).toBe(first);
  });
});

describe('navigation', () => {
  const away = ['https://evil.example/', 'http://127.0.0.1:7450/', 'file:///etc/passwd', 'app://evil/index.html', 'app://parley.evil/', 'javascript:alert(1)', 'data:text/html,<p>x', 'not a url'];

  for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const) {
    it(`${event}: stays within app://parley, anything else is prevented`, () => {
      const { contents } = setup();
      expect(contents.navigate(event, APP_PAGE)).toBe(true);
      expect(contents.navigate(event, 'app://parley/index.html#/conversation/1')).toBe(true);
      for (const url of away) expect(contents.navigate(event, url), url).toBe(false);
    });
  }

  it('logs where a blocked navigation pointed (its scheme), never the URL', () => {
    const { contents } = setup();
    contents.navigate('will-navigate', 'https://evil.example/?token=secret');
    const line = log.lines.find((l) => l.includes('blocked navigation'));
    expect(line).toContain('https:');
    expect(log.lines.join('\n')).not.toContain('secret');
  });

  it('refuses <webview>', () => {
    const { contents } = setup();
    const event = new FakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('window.open', () => {
  it('never opens an Electron window; http(s) goes to the browser, anything else nowhere', async () => {
    const { contents } = setup();
    for (const url of ['https://example.com/a?b=c', 'http://example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'about:blank', 'app://parley/index.html', 'ms-settings:', 'smb://host/share']) {
      expect(contents.open(url), url).toBe('deny');
    }
    await vi.waitFor(() => expect(fake.shell.openExternal).toHaveBeenCalledTimes(2));
    expect(fake.shell.openExternal.mock.calls.map(([u]) => u)).toEqual(['https://example.com/a?b=c', 'http://example.com/']);
  });
});

describe('openExternalLink', () => {
  it('opens http and https, normalised', async () => {
    expect(await openExternalLink('https://example.com/path?q=1', log)).toBe(true);
    expect(await openExternalLink('HTTP://Example.COM', log)).toBe(true);
    expect(fake.shell.openExternal.mock.calls.map(([u]) => u)).toEqual(['https://example.com/path?q=1', 'http://example.com/']);
  });

  it('refuses javascript:, file:, data:, custom schemes and garbage without calling the shell', async () => {
    const refused = [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'file:///etc/passwd',
      'file://server/share/x.exe',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'ms-settings:',
      'smb://host/share',
      'app://parley/index.html',
      'mailto:someone@example.com',
      '//example.com/no-scheme',
      'not a url',
      '',
    ];
    for (const url of refused) expect(await openExternalLink(url, log), url).toBe(false);
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
  });

  it('opens mailto: only where a message link is asked for (links.openExternal), never by default (window.open)', async () => {
    expect(await openExternalLink('mailto:bob@example.com', log)).toBe(false);
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
    expect(await openExternalLink('mailto:bob@example.com', log, MESSAGE_LINK_PROTOCOLS)).toBe(true);
    expect(await openExternalLink('javascript:alert(1)', log, MESSAGE_LINK_PROTOCOLS)).toBe(false);
    expect(fake.shell.openExternal.mock.calls.map(([u]) => u)).toEqual(['mailto:bob@example.com']);
  });

  it('reports a failure of the shell as not opened', async () => {
    fake.shell.openExternal.mockRejectedValueOnce(new Error('no handler for https'));
    expect(await openExternalLink('https://example.com/', log)).toBe(false);
    expect(log.lines.some((l) => l.includes('could not open a link'))).toBe(true);
  });
});

describe('permissions', () => {
  it('grants media (camera, microphone) and notifications to the app origin', async () => {
    const { contents } = setup();
    expect(await contents.session.requestPermission('media', APP_PAGE, { mediaTypes: ['audio', 'video'] })).toBe(true);
    expect(await contents.session.requestPermission('media', APP_PAGE, { mediaTypes: ['audio'] })).toBe(true);
    expect(await contents.session.requestPermission('notifications', APP_PAGE)).toBe(true);
  });

  it('refuses media to a frame inside the app page, even on the app origin', async () => {
    const { contents } = setup();
    expect(await contents.session.requestPermission('media', APP_PAGE, { isMainFrame: false, mediaTypes: ['audio'] })).toBe(false);
    expect(await contents.session.requestPermission('media', APP_PAGE, { isMainFrame: false, mediaTypes: ['video'] })).toBe(false);
  });

  it('refuses any capture but audio and video under media (the screen goes through display-capture, refused)', async () => {
    const { contents } = setup();
    const asked = ['audio', 'screen'] as unknown as Array<'audio' | 'video'>;
    expect(await contents.session.requestPermission('media', APP_PAGE, { mediaTypes: asked })).toBe(false);
    expect(await contents.session.requestPermission('display-capture', APP_PAGE, { mediaTypes: ['video'] })).toBe(false);
  });

  it('refuses every other permission, even to the app origin', async () => {
    const { contents } = setup();
    for (const permission of ['geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'hid', 'serial', 'usb', 'midi', 'midiSysex', 'openExternal', 'pointerLock', 'keyboardLock', 'idle-detection', 'storage-access', 'unknown']) {
      expect(await contents.session.requestPermission(permission, APP_PAGE), permission).toBe(false);
    }
  });

  it('refuses media and notifications to any other origin', async () => {
    const { contents } = setup();
    for (const url of ['https://evil.example/', 'http://127.0.0.1:7451/', 'app://evil/', 'app://parley.evil/', 'app://user:pw@parley/', 'file:///index.html', 'about:blank', '']) {
      expect(await contents.session.requestPermission('media', url), url).toBe(false);
      expect(await contents.session.requestPermission('notifications', url), url).toBe(false);
    }
  });

  it('permission checks follow the same rule: media for audio / video, from the main frame, of the app origin', () => {
    const { contents } = setup();
    const check = contents.session.permissionCheckHandler;
    expect(check).toBeTypeOf('function');
    const main = (mediaType?: string) => ({ isMainFrame: true, ...(mediaType ? { mediaType } : {}) });
    expect(check!(null, 'media', 'app://parley', main('audio'))).toBe(true);
    expect(check!(null, 'media', 'app://parley', main('video'))).toBe(true);
    expect(check!(null, 'notifications', 'app://parley', main())).toBe(true);
    expect(check!(null, 'media', 'app://parley', main('unknown'))).toBe(false);
    expect(check!(null, 'media', 'app://parley', { isMainFrame: false, mediaType: 'audio' })).toBe(false);
    expect(check!(null, 'geolocation', 'app://parley', main())).toBe(false);
    expect(check!(null, 'media', 'https://evil.example', main('audio'))).toBe(false);
    expect(check!(null, 'notifications', 'app://evil', main())).toBe(false);
  });

  it('refuses device access (USB, HID, serial, Bluetooth)', () => {
    const { contents } = setup();
    expect(contents.session.devicePermissionHandler).toBeTypeOf('function');
    expect(contents.session.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://parley' })).toBe(false);
  });
});

describe('content security policy', () => {
  it("replaces any CSP a response carries with Parley's", () => {
    const { contents } = setup();
    const listener = contents.session.headersReceived;
    expect(listener).toBeTypeOf('function');
    let headers: Record<string, string[]> | undefined;
    listener!(
      { url: 'https://cdn.example/x.js', responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } },
      (r) => (headers = r.responseHeaders),
    );
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [RENDERER_CSP] });
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).toContain("object-src 'none'");
  });
});

describe('devtools', () => {
  it('are closed as soon as they open in a packaged build', () => {
    fake.app.isPackaged = true;
    const { contents } = setup();
    contents.emit('devtools-opened');
    expect(contents.closeDevTools).toHaveBeenCalled();
  });
});
