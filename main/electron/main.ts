// Electron main: the app's lifecycle. The chat engine is the same ParleyCore the browser
// host runs; this file only wires it to Electron (one window, IPC, the app:// scheme,
// encrypted session storage) and keeps every security decision in hardening.ts.

import { join } from 'node:path';
import { app, powerMonitor, safeStorage } from 'electron';
import { ParleyCore } from '../core/core';
import { signInPrefillFromEnv } from '../core/sign-in-prefill';
import { createLogger } from '../core/logger';
import { FileSessionStore, type SessionCipher } from '../core/session-store';
import { protocolFactories } from '../protocols/registry';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { installDesktopIntegration, type DesktopIntegration } from './desktop-integration';
import { MESSAGE_LINK_PROTOCOLS } from '../core/external-links';
import { installHardening, openExternalLink } from './hardening';
import { registerIpc } from './ipc';
import { saveFileWithDialog } from './save-file';
import { createOsNotifications } from './os-notifications';
import { probeConnectionsOnWake } from './power-events';
import { stopBeforeQuit } from './quit';
import { WindowRegistry } from './windows';

const DEFAULT_SERVER_URL = 'http://127.0.0.1:7450';
const DEFAULT_TALKER_URL = 'http://127.0.0.1:7455';
/** Where `npm start` runs the bundled reference server's Haraj, Mingdao and AZStack fronts. */
const DEFAULT_HARAJ_URL = 'http://127.0.0.1:7456';
const DEFAULT_MINGDAO_URL = 'http://127.0.0.1:7457';
const DEFAULT_AZSTACK_URL = 'http://127.0.0.1:7458';
/** main.cjs and preload.cjs are in dist/electron/; the renderer is built into dist/renderer/. */
const bundleDir = __dirname;
const rendererDir = join(bundleDir, '..', 'renderer');
/** The tray and overlay images, drawn into dist/electron/tray/ by scripts/build.mjs. */
const trayIconDir = join(bundleDir, 'tray');

const log = createLogger('electron');

// Before anything else: a second Parley only brings the first one forward. Two processes
// would share one saved session and fight over it (the server signs one of them out).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  // Must happen before `ready`.
  app.enableSandbox();
  registerAppScheme();
  installHardening(log);

  const windows = new WindowRegistry(bundleDir, log);
  let core: ParleyCore | null = null;
  let desktop: DesktopIntegration | null = null;
  // Notifications are shown from main, so they work with the window hidden in the tray.
  const notifications = createOsNotifications({
    onClick: (accountId, conversationId) => desktop?.openConversation(accountId, conversationId),
    calls: {
      answer: (accountId, callId, media) => desktop?.calls.answer(accountId, callId, media),
      decline: (accountId, callId) => desktop?.calls.decline(accountId, callId),
      show: (accountId, callId) => desktop?.calls.show(accountId, callId),
    },
    log: log.child('notifications'),
  });

  app.on('second-instance', () => {
    if (app.isReady()) windows.showMain();
  });

  app.whenReady().then(async () => {
    const cipher = await sessionCipher();
    core = new ParleyCore({
      factories: protocolFactories,
      sessionStore: new FileSessionStore({
        path: join(app.getPath('userData'), 'session.json'),
        log: log.child('session'),
        ...(cipher ? { cipher } : {}),
      }),
      dataDir: app.getPath('userData'),
      // files.save: where the user chooses, with progress (save-file.ts).
      saveFile: saveFileWithDialog,
      defaultServerUrls: {
        netalo: process.env.PARLEY_SERVER_URL || DEFAULT_SERVER_URL,
        talker: process.env.PARLEY_TALKER_URL || DEFAULT_TALKER_URL,
        haraj: process.env.PARLEY_HARAJ_URL || DEFAULT_HARAJ_URL,
        mingdao: process.env.PARLEY_MINGDAO_URL || DEFAULT_MINGDAO_URL,
        azstack: process.env.PARLEY_AZSTACK_URL || DEFAULT_AZSTACK_URL,
      },
      signInPrefill: signInPrefillFromEnv(process.env, log),
      log,
      // The core lets only a message's links through (http, https, mailto); openExternalLink checks again before the OS sees it.
      openExternal: async (url) => {
        if (!(await openExternalLink(url, log, MESSAGE_LINK_PROTOCOLS))) throw new Error('the link could not be opened');
      },
      notify: (request) => notifications.notify(request),
      closeNotification: (tag) => notifications.close(tag),
    });
    serveRenderer(rendererDir, core.attachments, log);
    // The tray, the dock/taskbar badge and close-to-tray follow main's state, with or without a window.
    const live = core;
    desktop = installDesktopIntegration({ core: live, windows, iconDir: trayIconDir, log: log.child('desktop') });
    // Reads the saved accounts and outboxes from disk; never waits for the network.
    await core.start();
    probeConnectionsOnWake(powerMonitor, live);
    registerIpc(core, windows, log);
    windows.showMain();
  }).catch((e: unknown) => {
    log.error('Parley could not start', { error: e instanceof Error ? e.stack : String(e) });
    app.exit(1);
  });

  // macOS keeps the app alive in the dock; clicking it brings a window back.
  app.on('activate', () => {
    if (app.isReady() && core) windows.showMain();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // The core's stop hangs up every call: the app exits only once it is done (quit.ts).
  stopBeforeQuit(
    app,
    async () => {
      desktop?.dispose();
      desktop = null;
      await core?.stop();
    },
    log,
  );
}

/**
 * safeStorage encrypts with the OS keychain (Keychain, DPAPI, libsecret/kwallet). Where it is
 * unavailable (a Linux session without a keyring) the session is stored unencrypted but still
 * private to the user (0600), and the log says so. The async calls (Electron 45 deprecates the
 * synchronous ones) read what the synchronous encryptString wrote.
 */
async function sessionCipher(): Promise<SessionCipher | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    log.warn('OS encryption unavailable: the saved session is protected by file permissions only');
    return null;
  }
  // On Linux without a keyring, Chromium falls back to a fixed, well-known key: still better
  // than plain text against a casual look, but worth knowing when reading a bug report.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    log.warn('no OS keyring: the saved session is encrypted with a fixed key (basic_text)');
  }
  return {
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    // shouldReEncrypt (a rotated key) needs nothing here: every save encrypts afresh.
    decrypt: async (cipher) => (await safeStorage.decryptStringAsync(cipher)).result,
  };
}
