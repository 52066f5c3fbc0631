// Electron main: the app's lifecycle. The chat engine is the same ParleyCore the browser
// host runs; this file only wires it to Electron (one window, IPC, the app:// scheme,
// encrypted session storage) and keeps every security decision in hardening.ts.

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { app, clipboard, Menu, powerMonitor, safeStorage, screen, session, shell } from 'electron';
import { ParleyCore } from '../core/core';
import type { SupportHost } from '../core/debug-info';
import { setSystemLanguages } from '../core/i18n';
import { signInPrefillFromEnv } from '../core/sign-in-prefill';
import { createLogger, rationedLines, stderrWriter, teeWriters } from '../core/logger';
import { openLogFile, type LogFile } from '../core/log-file';
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
import { appMenuTemplate } from './app-menu';
import { installDeepLinks } from './deep-links';
import { applyDesktopSettings, HIDDEN_ARG } from './desktop-settings';
import { startUpdates } from './updates';

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

/** The rotating log file in the user data folder, opened once this is the one Parley running. */
let logFile: LogFile | null = null;
const log = createLogger(
  'electron',
  undefined,
  rationedLines(
    teeWriters(
      stderrWriter(),
      (line) => logFile?.write(line),
    ),
  ),
);

// Before anything else: a second Parley only brings the first one forward. Two processes
// would share one saved session and fight over it (the server signs one of them out).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  const userData = app.getPath('userData');
  try {
    logFile = openLogFile(join(userData, 'logs'));
  } catch (e) {
    log.warn('no log file: logging to stderr only', { error: e instanceof Error ? e.message : String(e) });
  }
  // Must happen before `ready`.
  app.enableSandbox();
  registerAppScheme();
  installHardening(log);

  const windows = new WindowRegistry(bundleDir, log, {
    statePath: join(userData, 'window-state.json'),
    workAreas: () => screen.getAllDisplays().map((d) => d.workArea),
  });
  let core: ParleyCore | null = null;
  let desktop: DesktopIntegration | null = null;
  /** Settles once the core and the desktop integration are up: a link or a menu waits for it. */
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const support: SupportHost = {
    kind: 'Electron',
    appVersion: app.getVersion(),
    versions: process.versions,
    ...(logFile ? { logsDir: logFile.dir } : {}),
    openLogsFolder: async () => {
      if (!logFile) throw new Error('there is no log file');
      const failure = await shell.openPath(logFile.dir);
      if (failure) throw new Error(failure);
    },
  };

  // parley://conversation/... links, through the single-instance lock (deep-links.ts).
  installDeepLinks({
    app,
    argv: process.argv,
    open: (link) => void started.then(() => desktop?.openConversation(link.accountId, link.conversationId)),
    log: log.child('links'),
    // `electron .` in development: the OS must start Electron with this app's folder.
    ...(process.defaultApp && process.argv[1] ? { defaultApp: { execPath: process.execPath, appPath: resolve(process.argv[1]) } } : {}),
  });
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
    // Notifications and the tray follow the OS's language list when settings say 'system'.
    setSystemLanguages(app.getPreferredSystemLanguages());
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
      support,
    });
    serveRenderer(rendererDir, core.attachments, log);
    // The tray, the dock/taskbar badge and close-to-tray follow main's state, with or without a window.
    const live = core;
    desktop = installDesktopIntegration({ core: live, windows, iconDir: trayIconDir, log: log.child('desktop') });
    // Reads the saved accounts and outboxes from disk; never waits for the network.
    await core.start();
    probeConnectionsOnWake(powerMonitor, live);
    registerIpc(core, windows, log);
    installAppMenu(live);
    // Start at login and the spell-checker follow the settings, now and whenever they change.
    const desktopSettings = {
      app,
      session: session.defaultSession,
      platform: process.platform,
      // An AppImage runs from a temporary mount: login must start the AppImage file itself.
      execPath: process.env.APPIMAGE || process.execPath,
      autostartDir: join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart'),
      log: log.child('desktop-settings'),
    };
    void applyDesktopSettings(live.settings(), desktopSettings);
    live.onEvent((events) => {
      for (const e of events) if (e.name === 'settings.changed') void applyDesktopSettings(e.payload.settings, desktopSettings);
    });
    // Started at login: stay in the tray (when there is one to come back from) until asked.
    const atLogin = process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
    if (!(atLogin && live.settings().closeToTray)) windows.showMain();
    markStarted();
    void startUpdates({ env: process.env, packaged: app.isPackaged, log: log.child('updates') });
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

/** The platform's menus plus Help (app-menu.ts): the logs folder and the debug info for a bug report. */
function installAppMenu(core: ParleyCore): void {
  const template = appMenuTemplate(
    {
      openLogsFolder: () => {
        void core.dispatch('support.openLogsFolder', {}).then((r) => {
          if (!r.ok) log.warn('could not open the logs folder', { code: r.error.code });
        });
      },
      copyDebugInfo: () => clipboard.writeText(core.debugInfo()),
    },
    process.platform,
    app.isPackaged,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
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
