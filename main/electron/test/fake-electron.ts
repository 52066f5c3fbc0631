// A FAKE `electron` module for unit tests of main/electron (the real binary is not installed
// on every machine, and a real window cannot be driven from vitest anyway). It is not Electron:
// it records what the code under test registers (webPreferences, handlers, listeners) and lets
// a test play the part of Chromium (emit will-navigate, call the permission handler, invoke an
// IPC channel from a chosen frame). Use it with
//   vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());
// and call resetFakeElectron() in beforeEach.

import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** Chromium's cancellable events (will-navigate, will-attach-webview, ...). */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** What Chromium tells a permission request handler (MediaAccessPermissionRequest for 'media'). */
export interface FakePermissionDetails {
  requestingUrl: string;
  isMainFrame: boolean;
  mediaTypes?: Array<'audio' | 'video'>;
}
type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: FakePermissionDetails,
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, requestingOrigin: string, details?: unknown) => boolean;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  headersReceived: HeadersListener | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersReceived = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }

  /** Plays Chromium asking for a permission (from the main frame unless told); resolves with what the app answered. */
  requestPermission(permission: string, requestingUrl: string, details: Partial<FakePermissionDetails> = {}): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    // Without a handler Electron grants every permission: a test must see that as a failure.
    if (!handler) return Promise.reject(new Error('no permission request handler: Electron would grant everything'));
    return new Promise((resolve) => handler(null, permission, resolve, { requestingUrl, isMainFrame: true, ...details }));
  }
}

/** A frame as ipcMain sees it (event.senderFrame). */
export class FakeWebFrameMain {
  detached = false;
  destroyed = false;
  constructor(
    public url: string,
    readonly parent: FakeWebFrameMain | null = null,
  ) {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  destroyed = false;
  readonly mainFrame: FakeWebFrameMain;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly closeDevTools = vi.fn();

  constructor(
    readonly session: FakeSession,
    url = 'about:blank',
  ) {
    super();
    this.mainFrame = new FakeWebFrameMain(url);
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  /** Plays a page trying to go somewhere: true when the app let it. */
  navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    const e = new FakeEvent(url);
    this.emit(event, e);
    return !e.defaultPrevented;
  }

  /** Plays window.open / target=_blank: what the app's handler answered (Electron allows when none). */
  open(url: string): 'allow' | 'deny' | 'no handler' {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'no handler';
  }
}

export interface RecordedWindowOptions {
  webPreferences?: Record<string, unknown>;
  [key: string]: unknown;
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  readonly loadURL = vi.fn(async (url: string) => {
    this.webContents.mainFrame.url = url;
  });
  readonly show = vi.fn(() => {
    this.visible = true;
  });
  readonly focus = vi.fn();
  readonly restore = vi.fn(() => {
    this.minimized = false;
    this.visible = true;
  });
  readonly hide = vi.fn(() => {
    this.visible = false;
    this.emit('hide');
  });
  /** Shown without taking the focus (the user's typing elsewhere stays there). */
  readonly showInactive = vi.fn(() => {
    this.visible = true;
  });
  readonly setAlwaysOnTop = vi.fn((flag: boolean) => {
    this.alwaysOnTop = flag;
  });
  readonly flashFrame = vi.fn((flag: boolean) => {
    this.flashing = flag;
  });
  /** Where the window is on screen; every move is recorded (a nudge's shake). */
  position: [number, number] = [100, 100];
  readonly setPosition = vi.fn((x: number, y: number) => {
    this.position = [x, y];
  });
  getPosition(): [number, number] {
    return [...this.position];
  }
  alwaysOnTop = false;
  flashing = false;
  minimized = false;
  maximized = false;
  /** What getNormalBounds answers (the window's size and place when not maximised). */
  normalBounds = { x: 100, y: 100, width: 1100, height: 760 };
  readonly maximize = vi.fn(() => {
    this.maximized = true;
    this.emit('maximize');
  });
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.normalBounds };
  }
  /** Windows' taskbar overlay: the last call's image and description. */
  readonly setOverlayIcon = vi.fn((_image: FakeNativeImage | null, _description: string) => undefined);
  destroyed = false;
  visible = false;

  constructor(readonly options: RecordedWindowOptions = {}) {
    super();
    this.webContents = new FakeWebContents(state.defaultSession);
    FakeBrowserWindow.created.push(this);
    // As in Electron: every new webContents is announced before the constructor returns.
    state.app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isAlwaysOnTop(): boolean {
    return this.alwaysOnTop;
  }
  /** Plays the user minimising it. */
  minimize(): void {
    this.minimized = true;
    this.visible = false;
    this.emit('minimize');
  }
  isVisible(): boolean {
    return this.visible;
  }
  /** Plays the user closing the window: 'close' may be cancelled (preventDefault), as in Electron. */
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    this.webContents.emit('destroyed');
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Plays ipcRenderer.invoke from `frame` of `sender`. */
  async invoke(channel: string, sender: FakeWebContents, frame: FakeWebFrameMain | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame, frameId: 1, processId: 1 }, ...args);
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  /** Set once a quit went all the way through ('will-quit' not prevented). */
  exited = false;
  readonly setBadgeCount = vi.fn((_count: number) => true);
  /** As Electron: 'before-quit', then (windows closed) 'will-quit', which may cancel the exit. */
  readonly quit = vi.fn(() => {
    this.emit('before-quit', new FakeEvent());
    const willQuit = new FakeEvent();
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) this.exited = true;
  });
}

/** powerSaveBlocker: which blockers run, by id. */
class FakePowerSaveBlocker {
  readonly running = new Map<number, string>();
  private next = 1;
  readonly start = vi.fn((type: string) => {
    const id = this.next++;
    this.running.set(id, type);
    return id;
  });
  readonly stop = vi.fn((id: number) => this.running.delete(id));
  isStarted(id: number): boolean {
    return this.running.has(id);
  }
  /** The module hands out this one object, so a reset clears it rather than replacing it. */
  reset(): void {
    this.running.clear();
    this.start.mockClear();
    this.stop.mockClear();
  }
}

/** nativeImage: remembers where it was loaded from. */
export class FakeNativeImage {
  constructor(readonly path: string) {}
  isEmpty(): boolean {
    return false;
  }
}

interface FakeMenuItem {
  id?: string;
  label?: string;
  type?: string;
  checked?: boolean;
  click?: (item: { checked: boolean }) => void;
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  item(id: string): FakeMenuItem {
    const found = this.items.find((i) => i.id === id);
    if (!found) throw new Error(`no menu item ${id}`);
    return found;
  }
  /** Plays the user choosing an item; a checkbox flips first, as Electron does. */
  choose(id: string): void {
    const item = this.item(id);
    const checked = item.type === 'checkbox' ? !item.checked : Boolean(item.checked);
    item.click?.({ checked });
  }
}

export class FakeTray extends EventEmitter {
  static readonly created: FakeTray[] = [];
  image: FakeNativeImage;
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(image: FakeNativeImage) {
    super();
    this.image = image;
    FakeTray.created.push(this);
  }
  setImage(image: FakeNativeImage): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export interface FakeNotificationOptions {
  title: string;
  body: string;
  actions?: Array<{ type: string; text?: string }>;
  urgency?: string;
  timeoutType?: string;
  [option: string]: unknown;
}

export class FakeNotification extends EventEmitter {
  static readonly created: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  shown = false;
  closed = false;
  constructor(readonly options: FakeNotificationOptions) {
    super();
    FakeNotification.created.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', new FakeEvent());
  }
  /** Plays the user clicking it. */
  click(): void {
    this.emit('click', new FakeEvent());
  }
  /** Plays the user choosing one of its buttons (Electron 45: the index on the event, and still as an argument). */
  act(actionIndex: number): void {
    this.emit('action', Object.assign(new FakeEvent(), { actionIndex, selectionIndex: -1 }), actionIndex, -1);
  }
}

/** A webContents made some other way than a BrowserWindow (devtools, a bug): still announced. */
export function createLooseWebContents(url = 'about:blank'): FakeWebContents {
  const contents = new FakeWebContents(state.defaultSession, url);
  state.app.emit('web-contents-created', new FakeEvent(), contents);
  return contents;
}

const state = {
  app: new FakeApp(),
  defaultSession: new FakeSession(),
  ipcMain: new FakeIpcMain(),
  shell: { openExternal: vi.fn(async (_url: string) => undefined) },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  powerSaveBlocker: new FakePowerSaveBlocker(),
};

export const fake = {
  get app() {
    return state.app;
  },
  get session() {
    return state.defaultSession;
  },
  get ipcMain() {
    return state.ipcMain;
  },
  get shell() {
    return state.shell;
  },
  get windows() {
    return FakeBrowserWindow.created;
  },
  get trays() {
    return FakeTray.created;
  },
  get notifications() {
    return FakeNotification.created;
  },
  get powerSaveBlocker() {
    return state.powerSaveBlocker;
  },
};

/** Back to a fresh fake: no listeners, no handlers, no windows, no calls recorded. */
export function resetFakeElectron(): void {
  state.app.removeAllListeners();
  state.app.isPackaged = false;
  state.app.exited = false;
  state.powerSaveBlocker.reset();
  state.defaultSession = new FakeSession();
  state.ipcMain.handlers.clear();
  state.shell.openExternal.mockReset();
  state.shell.openExternal.mockImplementation(async () => undefined);
  state.protocol.registerSchemesAsPrivileged.mockReset();
  state.protocol.handle.mockReset();
  FakeBrowserWindow.created.length = 0;
  FakeTray.created.length = 0;
  FakeNotification.created.length = 0;
  FakeNotification.supported = true;
  state.app.setBadgeCount.mockClear();
  state.app.quit.mockClear();
}

/** The module vi.mock('electron') returns: the same live objects the tests inspect. */
export function fakeElectronModule(): Record<string, unknown> {
  const module = {
    app: state.app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: state.ipcMain,
    shell: state.shell,
    protocol: state.protocol,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (template: FakeMenuItem[]) => new FakeMenu(template.map((i) => ({ ...i }))) },
    nativeImage: { createFromPath: (path: string) => new FakeNativeImage(path) },
    powerSaveBlocker: state.powerSaveBlocker,
  };
  return { ...module, default: module };
}
